/** Runs once when the Next server starts: settings are checked before the first request. */
export async function register(): Promise<void> {
  const { serverConfig } = await import('./config/server-config');
  serverConfig();
}

export interface WaitOptions {
  /** What is awaited, for the timeout message, e.g. "kafka broker on 127.0.0.1:19092". */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Called between attempts; throwing stops the wait early (e.g. the process died). */
  abortIf?: () => Promise<string | undefined> | string | undefined;
}

/** Polls `check` until it returns true; a check that throws counts as "not yet". */
export async function waitUntil(check: () => Promise<boolean>, options: WaitOptions): Promise<number> {
  const started = Date.now();
  const interval = options.intervalMs ?? 250;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return Date.now() - started;
    } catch (error) {
      lastError = error;
    }
    const abortReason = await options.abortIf?.();
    if (abortReason) throw new Error(`${options.what}: ${abortReason}`, { cause: lastError });
    if (Date.now() - started > options.timeoutMs) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${options.what}${detail}`, {
        cause: lastError,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

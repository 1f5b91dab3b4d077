export interface ConfigIssue {
  /** The environment variable at fault. */
  variable: string;
  /** What was received, already redacted when the variable holds a secret. */
  received: string;
  message: string;
}

export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(scope: string, issues: readonly ConfigIssue[]) {
    const lines = issues.map((i) => `  ${i.variable}=${i.received}: ${i.message}`);
    super(`Invalid configuration for ${scope}:\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

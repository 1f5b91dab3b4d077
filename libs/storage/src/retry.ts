import type { Logger } from '@music/logger';

export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retry). */
  maxAttempts: number;
  /** Backoff cap of the first retry; it doubles with every further retry. */
  baseDelayMs: number;
  /** Upper bound of any single backoff. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 2_000 };

export interface RetryContext {
  policy: RetryPolicy;
  /** Whether an error is worth another attempt (connection reset, 5xx, throttling). */
  isTransient: (error: unknown) => boolean;
  /** Injected in tests so that backoff takes no wall-clock time. */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); injected in tests to pin the jitter. */
  random?: () => number;
  logger?: Logger;
  /** What is being attempted, for the retry log lines, e.g. `put s3://lake/x`. */
  description: string;
}

/** Thrown when every attempt failed transiently; `cause` is the last error, `attempts` how many were made. */
export class RetriesExhaustedError extends Error {
  constructor(
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(`gave up after ${attempts} attempts`, options);
    this.name = 'RetriesExhaustedError';
  }
}

/**
 * "Full jitter" exponential backoff: the n-th retry waits a uniformly random time in
 * [0, min(maxDelayMs, baseDelayMs * 2^(n-1))), which spreads out writers that failed together.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * cap);
}

/**
 * Runs `attempt` until it succeeds, fails with a non-transient error (rethrown as is), or
 * `maxAttempts` transient failures happened (RetriesExhaustedError). `attempt` receives the
 * attempt number, from 1.
 */
export async function withRetry<T>(attempt: (attemptNumber: number) => Promise<T>, context: RetryContext): Promise<T> {
  const sleep = context.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = context.random ?? Math.random;
  const maxAttempts = Math.max(1, context.policy.maxAttempts);
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!context.isTransient(error)) throw error;
      if (attemptNumber >= maxAttempts) throw new RetriesExhaustedError(attemptNumber, { cause: error });
      const delayMs = backoffDelayMs(attemptNumber, context.policy, random);
      context.logger?.warn({ err: error, attempt: attemptNumber, delayMs }, `${context.description}: transient failure, retrying`);
      await sleep(delayMs);
    }
  }
}

import { backoffDelayMs, RetriesExhaustedError, withRetry, type RetryContext } from './retry';

const transient = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const semantic = new Error('no such key');

function context(overrides: Partial<RetryContext> = {}): RetryContext & { delays: number[] } {
  const delays: number[] = [];
  return {
    policy: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250 },
    isTransient: (error) => error === transient,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    description: 'get test://x',
    delays,
    ...overrides,
  };
}

describe('withRetry', () => {
  it('retries transient failures until an attempt succeeds', async () => {
    const ctx = context();
    const seen: number[] = [];
    const result = await withRetry(async (attempt) => {
      seen.push(attempt);
      if (attempt < 3) throw transient;
      return 'ok';
    }, ctx);
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
    expect(ctx.delays).toEqual([50, 100]);
  });

  it('rethrows a non-transient error at once, untouched', async () => {
    const ctx = context();
    let calls = 0;
    const outcome = withRetry(async () => {
      calls++;
      throw semantic;
    }, ctx);
    await expect(outcome).rejects.toBe(semantic);
    expect(calls).toBe(1);
    expect(ctx.delays).toEqual([]);
  });

  it('gives up after maxAttempts with the last error as cause', async () => {
    const ctx = context();
    let calls = 0;
    const error = await withRetry(async () => {
      calls++;
      throw transient;
    }, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error).toMatchObject({ attempts: 4, message: 'gave up after 4 attempts' });
    expect((error as Error).cause).toBe(transient);
    expect(calls).toBe(4);
    expect(ctx.delays).toEqual([50, 100, 125]);
  });

  it('logs each retry as a warning naming what is retried', async () => {
    const warnings: unknown[][] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) } as unknown as RetryContext['logger'];
    await withRetry(async (attempt) => {
      if (attempt === 1) throw transient;
    }, context({ logger }));
    expect(warnings).toEqual([[{ err: transient, attempt: 1, delayMs: 50 }, 'get test://x: transient failure, retrying']]);
  });

  it('makes a single attempt when maxAttempts is 1', async () => {
    let calls = 0;
    const outcome = withRetry(async () => {
      calls++;
      throw transient;
    }, context({ policy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }));
    await expect(outcome).rejects.toBeInstanceOf(RetriesExhaustedError);
    expect(calls).toBe(1);
  });
});

describe('backoffDelayMs (full jitter)', () => {
  const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles the cap with every retry up to maxDelayMs', () => {
    const almostOne = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, policy, almostOne))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('draws uniformly below the cap', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.25)).toBe(100);
  });
});

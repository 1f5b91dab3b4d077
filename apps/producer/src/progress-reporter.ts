import type { Logger } from '@music/logger';

export interface ProgressSnapshot {
  records: number;
  bytes: number;
  malformed: number;
  failed: number;
  /** Simulated time of the latest delivered event. */
  simulatedAt: string | undefined;
}

export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

const number = new Intl.NumberFormat('en-US');

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/**
 * A live status line on a terminal (rewritten every second), plain log lines every 10 s
 * otherwise (CI, files, pipes), and a final summary either way.
 */
export class ProgressReporter {
  private timer: NodeJS.Timeout | undefined;
  private lastRecords = 0;
  private lastAt = 0;
  private startedAt = 0;
  private lineShown = false;

  constructor(
    private readonly output: ProgressOutput,
    private readonly logger: Logger,
    private readonly snapshot: () => ProgressSnapshot,
    private readonly now: () => number = () => Date.now(),
  ) {}

  start(): void {
    this.startedAt = this.now();
    this.lastAt = this.startedAt;
    const interval = this.output.isTTY ? 1_000 : 10_000;
    this.timer = setInterval(() => this.tick(), interval);
    this.timer.unref();
  }

  /** One progress report now (what the timer calls). */
  tick(): void {
    const now = this.now();
    const state = this.snapshot();
    const elapsed = Math.max(1, now - this.lastAt);
    const current = Math.round(((state.records - this.lastRecords) / elapsed) * 1000);
    const average = Math.round((state.records / Math.max(1, now - this.startedAt)) * 1000);
    this.lastRecords = state.records;
    this.lastAt = now;
    if (this.output.isTTY) {
      const line =
        `${number.format(state.records)} records · ${number.format(current)}/s now · ${number.format(average)}/s avg · ${megabytes(state.bytes)}` +
        ` · ${number.format(state.malformed)} malformed · ${number.format(state.failed)} failed` +
        (state.simulatedAt ? ` · simulated ${state.simulatedAt.slice(0, 19).replace('T', ' ')}` : '');
      this.output.write(`\r\x1b[2K${line}`);
      this.lineShown = true;
    } else {
      this.logger.info({ records: state.records, perSecond: current, averagePerSecond: average, bytes: state.bytes, malformed: state.malformed, failed: state.failed, simulatedAt: state.simulatedAt }, 'progress');
    }
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.lineShown) this.output.write('\r\x1b[2K');
    this.lineShown = false;
  }
}

import type { Logger } from '@music/logger';
import type { Comparison } from './bench-report';

export interface BenchContext {
  root: string;
  /** Repetitions of each measurement; the report keeps every run and the median. */
  runs: number;
  /** Scale factor for data sizes (1 = the documented size); `--quick` lowers it for smoke runs. */
  scale: number;
  log: Logger;
  env: Readonly<Record<string, string | undefined>>;
}

export interface BenchOutcome {
  dataSize: string;
  comparisons: Comparison[];
  notes?: string[];
}

export interface Benchmark {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchOutcome>;
}

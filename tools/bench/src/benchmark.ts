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
  /** Values of the benchmark's own options (see Benchmark.options), defaults applied. */
  options: Readonly<Record<string, string | boolean | undefined>>;
}

/** A command-line option of one benchmark, as node:util parseArgs declares it, with its help line. */
export interface BenchOption {
  type: 'string' | 'boolean';
  default?: string | boolean;
  description: string;
}

export interface BenchOutcome {
  dataSize: string;
  comparisons: Comparison[];
  notes?: string[];
}

export interface Benchmark {
  name: string;
  description: string;
  /** Options besides --runs and --quick, e.g. `{ events: { type: 'string', default: '1000', … } }`. */
  options?: Readonly<Record<string, BenchOption>>;
  /** --runs when it is not given (5 otherwise). */
  defaultRuns?: number;
  run(ctx: BenchContext): Promise<BenchOutcome>;
}

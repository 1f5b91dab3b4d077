import type { Benchmark } from '../benchmark';

/** Every benchmark, by the name given to `npm run bench -- NAME`. */
export const BENCHMARKS: readonly Benchmark[] = [];

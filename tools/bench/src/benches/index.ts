import type { Benchmark } from '../benchmark';
import { eventsBenchmark } from './events.bench';

/** Every benchmark, by the name given to `npm run bench -- NAME`. */
export const BENCHMARKS: readonly Benchmark[] = [eventsBenchmark];

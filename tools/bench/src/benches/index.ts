import type { Benchmark } from '../benchmark';
import { apiBenchmark } from './api.bench';
import { batchBenchmark } from './batch.bench';
import { deltaBenchmark } from './delta.bench';
import { eventsBenchmark } from './events.bench';
import { ingestBenchmark } from './ingest.bench';
import { producerBenchmark } from './producer.bench';

/** Every benchmark, by the name given to `npm run bench -- NAME`. */
export const BENCHMARKS: readonly Benchmark[] = [eventsBenchmark, producerBenchmark, ingestBenchmark, deltaBenchmark, batchBenchmark, apiBenchmark];

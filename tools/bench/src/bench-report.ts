import { cpus, totalmem } from 'node:os';

/** One measured figure of ours against the reference measured in the same run. */
export interface Comparison {
  metric: string;
  unit: string;
  higherIsBetter: boolean;
  /** Median of `runs.ours`. */
  ours: number;
  /** Median of `runs.reference`, or null when the metric has an absolute target only. */
  reference: number | null;
  referenceName: string | null;
  /** ours ÷ reference when higher is better, reference ÷ ours otherwise: above 1 means we win. */
  ratio: number | null;
  /** Human-readable target, e.g. ">= 300000 events/s" or "ratio >= 0.5". */
  target: string;
  met: boolean;
  runs: { ours: number[]; reference: number[] };
}

export interface BenchReport {
  name: string;
  command: string;
  startedAt: string;
  durationSeconds: number;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  /** What was measured on, e.g. "1,000,000 generated events (412 MB NDJSON)". */
  dataSize: string;
  comparisons: Comparison[];
  notes: string[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface CompareInput {
  metric: string;
  unit: string;
  higherIsBetter: boolean;
  ours: readonly number[];
  reference?: { name: string; runs: readonly number[] };
  /** Absolute bound on our median (`min` when higher is better, `max` otherwise). */
  absoluteTarget?: number;
  /** Bound on the ratio (ours vs reference, above 1 = we win). */
  ratioTarget?: number;
}

export function compare(input: CompareInput): Comparison {
  const ours = median(input.ours);
  const reference = input.reference ? median(input.reference.runs) : null;
  const ratio = reference === null || reference === 0 || ours === 0 ? null : input.higherIsBetter ? ours / reference : reference / ours;
  const targets: string[] = [];
  let met = true;
  if (input.absoluteTarget !== undefined) {
    targets.push(`${input.higherIsBetter ? '>=' : '<='} ${input.absoluteTarget} ${input.unit}`);
    met &&= input.higherIsBetter ? ours >= input.absoluteTarget : ours <= input.absoluteTarget;
  }
  if (input.ratioTarget !== undefined) {
    targets.push(`ratio >= ${input.ratioTarget}`);
    met &&= ratio !== null && ratio >= input.ratioTarget;
  }
  return {
    metric: input.metric,
    unit: input.unit,
    higherIsBetter: input.higherIsBetter,
    ours,
    reference,
    referenceName: input.reference?.name ?? null,
    ratio,
    target: targets.join(' and ') || 'none (reported only)',
    met,
    runs: { ours: [...input.ours], reference: [...(input.reference?.runs ?? [])] },
  };
}

export function machineFacts(): BenchReport['machine'] {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

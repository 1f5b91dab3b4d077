import { formatSignedPercent, formatSignedPoints } from './number-format';

/** One KPI against the previous period, as the API answers it. */
export interface Comparison {
  value: number | null;
  previous: number | null;
  delta: number | null;
  change_ratio: number | null;
}

export type DeltaDirection = 'up' | 'down' | 'flat';

export interface DeltaView {
  /** +12.3 %, −1.2 pts, or the "new" label when there was nothing before. */
  text: string;
  direction: DeltaDirection;
  /** Whether the change is good news (skip rate going up is not); null when flat. */
  favourable: boolean | null;
}

export interface DeltaOptions {
  locale: string;
  /** 'count': relative change; 'rate': difference in percentage points. */
  kind: 'count' | 'rate';
  higherIsBetter: boolean;
  pointsUnit: string;
  newLabel: string;
}

/** How a KPI tile shows its change; null when there is nothing to compare. */
export function describeDelta(comparison: Comparison, options: DeltaOptions): DeltaView | null {
  const { value, previous, delta } = comparison;
  if (value === null || previous === null || delta === null) return null;
  // The direction follows what is shown (one decimal of a percent or of a point): -0.04 pt is flat.
  const shown = options.kind === 'rate' ? delta * 100 : (comparison.change_ratio ?? delta) * 100;
  const direction: DeltaDirection = Math.round(shown * 10) === 0 ? 'flat' : shown > 0 ? 'up' : 'down';
  const favourable = direction === 'flat' ? null : (direction === 'up') === options.higherIsBetter;
  if (options.kind === 'rate') return { text: formatSignedPoints(direction === 'flat' ? 0 : delta, options.locale, options.pointsUnit), direction, favourable };
  if (comparison.change_ratio === null) return previous === 0 && value > 0 ? { text: options.newLabel, direction, favourable } : null;
  return { text: formatSignedPercent(direction === 'flat' ? 0 : comparison.change_ratio, options.locale), direction, favourable };
}

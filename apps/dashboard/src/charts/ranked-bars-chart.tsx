'use client';

import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompact, formatInteger } from '../format/number-format';
import { AXIS_COLOUR, BAR_COLOUR, BAR_HIGHLIGHT_COLOUR, GRID_COLOUR } from './chart-palette';

export interface RankedBarsChartProps {
  items: readonly { label: string; value: number; highlighted: boolean }[];
  valueLabel: string;
  intl: string;
}

/** Horizontal bars, largest first; the value the filter selects stands out. */
export function RankedBarsChart({ items, valueLabel, intl }: RankedBarsChartProps) {
  const height = Math.max(120, items.length * 30 + 40);
  // Room for the longest label at 12 px (about 7 px a character, plus the tick), within bounds; longer ones wrap.
  const labelWidth = Math.min(140, Math.max(60, Math.max(...items.map((item) => item.label.length)) * 7 + 16));
  return (
    <BarChart responsive layout="vertical" data={[...items]} style={{ width: '100%', height }} margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
      <CartesianGrid stroke={GRID_COLOUR} horizontal={false} />
      <XAxis type="number" tickFormatter={(value: number) => formatCompact(value, intl)} stroke={AXIS_COLOUR} tick={{ fontSize: 12 }} />
      <YAxis type="category" dataKey="label" stroke={AXIS_COLOUR} tick={{ fontSize: 12, width: labelWidth - 8 }} width={labelWidth} interval={0} />
      <Tooltip formatter={(value) => [formatInteger(Number(value), intl), valueLabel]} />
      <Bar dataKey="value" name={valueLabel} isAnimationActive={false}>
        {items.map((item) => (
          <Cell key={item.label} fill={item.highlighted ? BAR_HIGHLIGHT_COLOUR : BAR_COLOUR} />
        ))}
      </Bar>
    </BarChart>
  );
}

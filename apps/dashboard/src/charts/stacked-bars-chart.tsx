'use client';

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompact, formatInteger } from '../format/number-format';
import { AXIS_COLOUR, GRID_COLOUR, seriesColour } from './chart-palette';

export interface StackedBarsChartProps {
  /** One bar per category (e.g. a part of the day), its label already translated. */
  categories: readonly { label: string; values: Readonly<Record<string, number>> }[];
  /** The stacked series, bottom first. */
  series: readonly string[];
  intl: string;
}

/** Bars stacked by series, one per category. */
export function StackedBarsChart({ categories, series, intl }: StackedBarsChartProps) {
  const data = categories.map((c) => ({ label: c.label, ...c.values }));
  return (
    <BarChart responsive data={data} style={{ width: '100%', height: 300 }} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
      <CartesianGrid stroke={GRID_COLOUR} vertical={false} />
      <XAxis dataKey="label" stroke={AXIS_COLOUR} tick={{ fontSize: 12 }} interval={0} />
      <YAxis tickFormatter={(value: number) => formatCompact(value, intl)} stroke={AXIS_COLOUR} tick={{ fontSize: 12 }} width={48} />
      <Tooltip formatter={(value) => formatInteger(Number(value), intl)} />
      <Legend />
      {series.map((name, i) => (
        <Bar key={name} dataKey={name} name={name} stackId="stack" fill={seriesColour(i)} isAnimationActive={false} />
      ))}
    </BarChart>
  );
}

'use client';

import { Bar, CartesianGrid, Cell, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDayShort } from '../format/date-format';
import { formatCompact, formatInteger } from '../format/number-format';
import { AXIS_COLOUR, GRID_COLOUR, seriesColour } from './chart-palette';

export interface DailySeriesChartProps {
  points: readonly { day: string; streams: number; listeners: number }[];
  labels: { streams: string; listeners: string };
  intl: string;
  /** The day not over yet (today), drawn lighter: its bar is the day so far. */
  inProgressDay?: string | null;
}

/** The opacity of a bar that is not final yet. */
const IN_PROGRESS_OPACITY = 0.4;

/** Streams per UTC day as bars (left axis) and distinct listeners as a line (right axis): two scales, two axes. */
export function DailySeriesChart({ points, labels, intl, inProgressDay = null }: DailySeriesChartProps) {
  return (
    <ComposedChart responsive data={[...points]} style={{ width: '100%', height: 280 }} margin={{ top: 8, right: 4, bottom: 4, left: 4 }}>
      <CartesianGrid stroke={GRID_COLOUR} vertical={false} />
      <XAxis dataKey="day" tickFormatter={(day: string) => formatDayShort(day, intl)} stroke={AXIS_COLOUR} tick={{ fontSize: 12 }} minTickGap={16} />
      <YAxis yAxisId="streams" tickFormatter={(value: number) => formatCompact(value, intl)} stroke={seriesColour(0)} tick={{ fontSize: 12 }} width={44} />
      <YAxis yAxisId="listeners" orientation="right" tickFormatter={(value: number) => formatCompact(value, intl)} stroke={seriesColour(1)} tick={{ fontSize: 12 }} width={40} />
      <Tooltip labelFormatter={(day) => formatDayShort(String(day), intl)} formatter={(value) => formatInteger(Number(value), intl)} />
      <Legend />
      <Bar yAxisId="streams" dataKey="streams" name={labels.streams} fill={seriesColour(0)} isAnimationActive={false}>
        {points.map((point) => (
          <Cell key={point.day} fill={seriesColour(0)} fillOpacity={point.day === inProgressDay ? IN_PROGRESS_OPACITY : 1} />
        ))}
      </Bar>
      <Line yAxisId="listeners" type="monotone" dataKey="listeners" name={labels.listeners} stroke={seriesColour(1)} strokeWidth={2} dot={false} isAnimationActive={false} />
    </ComposedChart>
  );
}

'use client';

import { Bar, BarChart, Tooltip, XAxis } from 'recharts';
import { formatMinute } from '../format/date-format';
import { formatInteger } from '../format/number-format';
import { BAR_COLOUR } from './chart-palette';

/** Plays per minute of the live window: a small bar per minute. */
export function LiveSparkline({ perMinute, intl, valueLabel }: { perMinute: readonly { minute: string; plays: number }[]; intl: string; valueLabel: string }) {
  return (
    <BarChart responsive data={[...perMinute]} style={{ width: '100%', height: 64 }} margin={{ top: 4, right: 0, bottom: 0, left: 0 }} accessibilityLayer={false}>
      <XAxis dataKey="minute" hide />
      <Tooltip labelFormatter={(minute) => `${formatMinute(String(minute), intl)} UTC`} formatter={(value) => [formatInteger(Number(value), intl), valueLabel]} />
      <Bar dataKey="plays" fill={BAR_COLOUR} isAnimationActive={false} />
    </BarChart>
  );
}

import { formatInstant } from '../format/date-format';
import { interpolate } from '../i18n/interpolate';

/** Which gold table and version a widget's numbers come from. */
export function SourceNote({ template, table, version, lastUpdated, intlLocale }: { template: string; table: string; version: number; lastUpdated: string; intlLocale: string }) {
  return <p className="source-note">{interpolate(template, { table, version, date: formatInstant(lastUpdated, intlLocale) })}</p>;
}

import type { OverviewFilters } from '../filters/overview-filters';
import { filtersNotApplied, type OverviewWidget } from '../filters/widget-filters';
import type { Dictionary } from '../i18n/dictionaries';
import { interpolate } from '../i18n/interpolate';
import type { Locale } from '../i18n/locales';

/** What every overview widget needs: language, texts and the filters in force. */
export interface OverviewContext {
  locale: Locale;
  /** Intl tag for numbers and dates. */
  intl: string;
  t: Dictionary;
  filters: OverviewFilters;
}

/** "No effect here: country, genre." for the active filters the widget cannot apply; undefined when there are none. */
export function notAppliedNote(widget: OverviewWidget, context: OverviewContext): string | undefined {
  const names = filtersNotApplied(widget, context.filters);
  if (names.length === 0) return undefined;
  const labels = names.map((name) => context.t.filters[name].toLocaleLowerCase(context.intl));
  return interpolate(context.t.filters.notApplied, { filters: labels.join(', ') });
}

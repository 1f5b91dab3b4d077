import Link from 'next/link';
import { getDictionary } from '../i18n/dictionaries';
import { otherLocale, type Locale } from '../i18n/locales';

export type DashboardPage = 'overview' | 'pipeline';

const PATHS: Record<DashboardPage, string> = { overview: '', pipeline: '/pipeline' };

/** Brand, the two pages, and the same page in the other language (filters kept). */
export function SiteHeader({ locale, page, search }: { locale: Locale; page: DashboardPage; search: string }) {
  const t = getDictionary(locale);
  const other = otherLocale(locale);
  return (
    <header className="site-header">
      <p className="brand">{t.nav.brand}</p>
      <nav aria-label={t.nav.label} className="site-nav">
        <ul>
          {(['overview', 'pipeline'] as const).map((target) => (
            <li key={target}>
              <Link href={`/${locale}${PATHS[target]}`} aria-current={target === page ? 'page' : undefined}>
                {t.nav[target]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <a className="locale-switch" href={`/${other}${PATHS[page]}${search}`} hrefLang={other} lang={other} title={t.nav.switchLocaleLabel} data-testid="locale-switch">
        {t.nav.switchLocale}
      </a>
    </header>
  );
}

import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getDictionary } from '../../i18n/dictionaries';
import { pageLocale } from '../../i18n/page-locale';
import '../globals.css';

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const t = getDictionary(await pageLocale(params));
  return { title: t.meta.title, description: t.meta.description };
}

/** The root layout, one per language: <html lang> follows the first path segment. */
export default async function LocaleLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const t = getDictionary(locale);
  return (
    <html lang={locale}>
      <body>
        <a className="skip-link" href="#main">
          {t.nav.skipToContent}
        </a>
        {children}
      </body>
    </html>
  );
}

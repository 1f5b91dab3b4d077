'use client';

import { useParams } from 'next/navigation';
import { getDictionary } from '../../i18n/dictionaries';
import { DEFAULT_LOCALE, isLocale } from '../../i18n/locales';

/** A page that failed outside its widgets (each widget shows its own errors): say so and offer a retry. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const params = useParams<{ locale: string }>();
  const t = getDictionary(isLocale(params.locale) ? params.locale : DEFAULT_LOCALE);
  return (
    <main id="main" className="page-error">
      <h1>{t.states.error}</h1>
      <p>{error.digest ? `${error.message} (${error.digest})` : error.message}</p>
      <button type="button" onClick={reset}>
        {t.states.retry}
      </button>
    </main>
  );
}

import { notFound } from 'next/navigation';
import { isLocale, type Locale } from './locales';

/** The locale of the route's first segment; any other value is a 404. */
export async function pageLocale(params: Promise<{ locale: string }>): Promise<Locale> {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  return locale;
}

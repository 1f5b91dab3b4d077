/** The dashboard's languages: the first path segment, /fr or /en. */
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';

export const isLocale = (value: string): value is Locale => (LOCALES as readonly string[]).includes(value);

/** The BCP 47 tag each language formats numbers and dates with. */
export const INTL_LOCALE: Readonly<Record<Locale, string>> = { fr: 'fr-FR', en: 'en-GB' };

/** The other language, for the switch link. */
export const otherLocale = (locale: Locale): Locale => (locale === 'fr' ? 'en' : 'fr');

import { en } from './dictionary-en';
import { fr, type Dictionary } from './dictionary-fr';
import type { Locale } from './locales';

export type { Dictionary } from './dictionary-fr';

const DICTIONARIES: Readonly<Record<Locale, Dictionary>> = { fr, en };

export const getDictionary = (locale: Locale): Dictionary => DICTIONARIES[locale];

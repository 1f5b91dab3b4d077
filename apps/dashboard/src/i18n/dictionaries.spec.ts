import { en } from './dictionary-en';
import { fr } from './dictionary-fr';
import { interpolate, placeholdersOf } from './interpolate';

/** Every text of a dictionary by its dotted key. */
function texts(tree: object, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') found.set(path, value);
    else if (value && typeof value === 'object') for (const [p, v] of texts(value, path)) found.set(p, v);
    else throw new Error(`${path} is neither a text nor a group`);
  }
  return found;
}

describe('dictionaries', () => {
  const french = texts(fr);
  const english = texts(en);

  it('have the same keys in French and English', () => {
    expect([...english.keys()].sort()).toEqual([...french.keys()].sort());
    expect(french.size).toBeGreaterThan(100);
  });

  it('have no empty text', () => {
    for (const [key, text] of [...french, ...english]) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of french) expect({ key, placeholders: placeholdersOf(english.get(key) ?? '') }).toEqual({ key, placeholders: placeholdersOf(text) });
  });

  it('translate every text but words spelled alike in both languages', () => {
    const spelledAlike = [
      'nav.brand',
      'filters.genre',
      'genres.genre',
      'topArtists.minutes',
      'pipeline.partition',
      'pipeline.table',
      'pipeline.version',
      'pipeline.layers.bronze',
      'pipeline.layers.silver',
      'pipeline.layers.gold',
      'platforms.names.web',
      'platforms.names.ios',
      'platforms.names.android',
      'units.seconds',
      'units.minutes',
      'units.hours',
    ];
    expect(
      [...french]
        .filter(([key, text]) => english.get(key) === text)
        .map(([key]) => key)
        .sort(),
    ).toEqual(spelledAlike.sort());
  });
});

describe('interpolate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('Du {from} au {to}', { from: '1 déc.', to: '7 déc.' })).toBe('Du 1 déc. au 7 déc.');
    expect(interpolate('{n} s, {missing}', { n: 3 })).toBe('3 s, {missing}');
  });
});

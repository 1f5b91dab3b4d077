import type { SeededRandom } from './seeded-random';

const FIRST_NAMES = [
  'Camille', 'Léa', 'Inès', 'Manon', 'Chloé', 'Jade', 'Louise', 'Zoé', 'Hugo', 'Lucas', 'Nathan', 'Théo', 'Yanis', 'Karim',
  'Aya', 'Moussa', 'Awa', 'Sofia', 'Maya', 'Noah', 'Liam', 'Emma', 'Olivia', 'Mateo', 'Lina', 'Amir', 'Jules', 'Sacha',
];
const LAST_NAMES = [
  'Martin', 'Bernard', 'Dubois', 'Durand', 'Lefèvre', 'Moreau', 'Laurent', 'Garnier', 'Faure', 'Rousseau', 'Diallo', 'Traoré',
  'Benali', 'Nguyen', 'Silva', 'Costa', 'Müller', 'Smith', 'García', 'Rossi', 'Kowalski', 'Tanaka', 'Okafor', 'Mensah',
];
const SYLLABLES = ['ka', 'lo', 'mi', 'zu', 'ra', 'né', 'so', 'vi', 'ta', 'yo', 'lu', 'ma', 'ri', 'no', 'é', 'xa', 'dja', 'ko', 'sha', 'pi'];
const NOUNS = [
  'Nuit', 'Lune', 'Soleil', 'Mer', 'Ciel', 'Cœur', 'Rêve', 'Ville', 'Étoile', 'Orage', 'Été', 'Hiver', 'Fleur', 'Feu', 'Rivière',
  'Night', 'Moon', 'Heart', 'Dream', 'City', 'Fire', 'River', 'Summer', 'Echo', 'Shadow', 'Gold', 'Ocean', 'Signal', 'Horizon',
];
const ADJECTIVES = [
  'Bleu', 'Électrique', 'Sauvage', 'Doux', 'Perdu', 'Infini', 'Nocturne', 'Lointain', 'Brûlant', 'Fragile', 'Libre', 'Secret',
  'Blue', 'Electric', 'Wild', 'Golden', 'Lost', 'Endless', 'Midnight', 'Broken', 'Neon', 'Silent', 'Velvet', 'Hidden',
];
const BANDS = ['Les', 'The', 'Los', 'Die'];
const ELIDED_NOUNS = ['été', 'hiver', 'amour', 'orage', 'aube', 'océan', 'envol'];

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function coinedWord(random: SeededRandom): string {
  const syllables = 2 + random.int(2);
  let word = '';
  for (let i = 0; i < syllables; i++) word += random.pick(SYLLABLES);
  return capitalised(word);
}

/** A plausible artist name: a person, a band, or a coined stage name. */
export function artistName(random: SeededRandom): string {
  const style = random.next();
  if (style < 0.4) return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
  if (style < 0.65) return `${random.pick(BANDS)} ${random.pick(ADJECTIVES)} ${random.pick(NOUNS)}s`;
  if (style < 0.9) return coinedWord(random);
  return `${coinedWord(random)} & ${random.pick(FIRST_NAMES)}`;
}

/** A plausible track title; a few carry quotes, apostrophes or parentheses, as real ones do. */
export function trackTitle(random: SeededRandom): string {
  const style = random.next();
  if (style < 0.45) return `${random.pick(NOUNS)} ${random.pick(ADJECTIVES).toLowerCase()}`;
  if (style < 0.7) return random.pick(NOUNS);
  if (style < 0.85) return `${random.pick(ADJECTIVES)} ${random.pick(NOUNS)}`;
  if (style < 0.9) return `${random.pick(NOUNS)} (${random.pick(['Remix', 'Live', 'Acoustique', 'Radio Edit'])})`;
  if (style < 0.93) return `L'${random.pick(ELIDED_NOUNS)} ${random.pick(ADJECTIVES).toLowerCase()}`;
  if (style < 0.98) return `${random.pick(NOUNS)} feat. ${random.pick(FIRST_NAMES)}`;
  return `"${random.pick(NOUNS)}" ${random.pick(ADJECTIVES).toLowerCase()}`;
}

import type { Track } from '@music/events';
import { AliasTable } from './alias-table';
import { artistName, trackTitle } from './name-generator';
import type { SeededRandom } from './seeded-random';
import type { SimulationConfig } from './simulation-config';
import { zipfWeights } from './zipf';

export interface CatalogArtist {
  index: number;
  /** 1 = most popular. */
  rank: number;
  id: string;
  name: string;
  /** Main genre first. */
  genres: readonly string[];
  /** Relative popularity (Zipf in rank); tracks of an artist share its popularity. */
  popularity: number;
  trackIndexes: number[];
}

export interface CatalogTrack {
  index: number;
  artistIndex: number;
  genreIndex: number;
  /** Share of the artist's popularity (the artist's first tracks are its hits). */
  popularity: number;
  /** The track exactly as it appears in events. */
  wire: Track;
  /** `"track":{…}` as JSON.stringify writes it inside an event, serialised once, and its UTF-8. */
  json: string;
  jsonBytes: Buffer;
}

/** Genre popularity: the configured order, with a gentle Zipf so the first genres dominate. */
const GENRE_ZIPF_EXPONENT = 0.8;
/** Share of an artist's tracks in its main genre; the rest spread over its other genres. */
const MAIN_GENRE_SHARE = 0.75;

/**
 * The music catalogue: artists with Zipf popularity and 1–N genres, tracks with log-normal
 * durations. Choosing a track is O(1) overall, within a genre, or within an artist.
 */
export class Catalog {
  readonly genres: readonly string[];
  readonly artists: readonly CatalogArtist[];
  readonly tracks: readonly CatalogTrack[];
  /** Share of all track choices (by popularity) whose track is of each genre; sums to 1. */
  readonly genreShare: Float64Array;
  /** Mean track duration weighted by popularity, what listeners actually hear. */
  readonly meanPlayedDurationMs: number;
  private readonly anyTrack: AliasTable;
  private readonly genreTracks: ReadonlyArray<{ indexes: Int32Array; table: AliasTable } | undefined>;
  private readonly artistTables = new Map<number, AliasTable>();

  constructor(config: SimulationConfig, random: SeededRandom, idTag: string) {
    this.genres = config.genres;
    const genreTable = new AliasTable(zipfWeights(config.genres.length, GENRE_ZIPF_EXPONENT));
    const popularity = zipfWeights(config.artists, config.zipfExponent);

    const artists: CatalogArtist[] = [];
    for (let i = 0; i < config.artists; i++) {
      const main = genreTable.sample(random);
      const genres = [main];
      const extra = Math.min(random.int(config.maxGenresPerArtist), config.genres.length - 1);
      while (genres.length < 1 + extra) {
        const g = genreTable.sample(random);
        if (!genres.includes(g)) genres.push(g);
      }
      artists.push({
        index: i,
        rank: i + 1,
        id: `a-${idTag}-${i + 1}`,
        name: artistName(random),
        genres: genres.map((g) => config.genres[g] as string),
        popularity: popularity[i] as number,
        trackIndexes: [],
      });
    }

    // Every artist gets a track; bigger artists tend to have bigger catalogues.
    const owner = new Int32Array(config.tracks);
    const catalogueSize = new AliasTable(Array.from(popularity, (p) => Math.sqrt(p)));
    for (let t = 0; t < config.tracks; t++) {
      const artist = (t < config.artists ? artists[t] : artists[catalogueSize.sample(random)]) as CatalogArtist;
      owner[t] = artist.index;
      artist.trackIndexes.push(t);
    }

    const genreIndex = new Map(config.genres.map((g, i) => [g, i]));
    const tracks: CatalogTrack[] = new Array(config.tracks);
    const { medianMs, sigma, minMs, maxMs } = config.trackDuration;
    for (const artist of artists) {
      // Within an artist, hits follow Zipf(1) too: track k gets 1/k of the artist's weight.
      const within = zipfWeights(artist.trackIndexes.length, 1);
      const withinTotal = within.reduce((a, b) => a + b, 0);
      artist.trackIndexes.forEach((t, k) => {
        const genre = k === 0 || artist.genres.length === 1 || random.chance(MAIN_GENRE_SHARE) ? (artist.genres[0] as string) : random.pick(artist.genres.slice(1));
        const duration = Math.round(Math.min(maxMs, Math.max(minMs, random.logNormal(medianMs, sigma))));
        const wire: Track = { track_id: `t-${idTag}-${t + 1}`, title: trackTitle(random), artist_id: artist.id, artist_name: artist.name, genre, duration_ms: duration };
        const json = `"track":${JSON.stringify(wire)}`;
        tracks[t] = {
          index: t,
          artistIndex: artist.index,
          genreIndex: genreIndex.get(genre) as number,
          popularity: (artist.popularity * (within[k] as number)) / withinTotal,
          wire,
          json,
          jsonBytes: Buffer.from(json, 'utf8'),
        };
      });
    }
    this.artists = artists;
    this.tracks = tracks;
    this.anyTrack = new AliasTable(tracks.map((t) => t.popularity));

    const genreShare = new Float64Array(config.genres.length);
    let total = 0;
    let weightedDuration = 0;
    const byGenre: number[][] = config.genres.map(() => []);
    for (const track of tracks) {
      genreShare[track.genreIndex] = (genreShare[track.genreIndex] as number) + track.popularity;
      total += track.popularity;
      weightedDuration += track.popularity * track.wire.duration_ms;
      (byGenre[track.genreIndex] as number[]).push(track.index);
    }
    for (let g = 0; g < genreShare.length; g++) genreShare[g] = (genreShare[g] as number) / total;
    this.genreShare = genreShare;
    this.meanPlayedDurationMs = weightedDuration / total;
    this.genreTracks = byGenre.map((indexes) =>
      indexes.length === 0 ? undefined : { indexes: Int32Array.from(indexes), table: new AliasTable(indexes.map((t) => (tracks[t] as CatalogTrack).popularity)) },
    );
  }

  /** A track by popularity over the whole catalogue. */
  pickTrack(random: SeededRandom): CatalogTrack {
    return this.tracks[this.anyTrack.sample(random)] as CatalogTrack;
  }

  /** A track by popularity among tracks of one genre (which must have some: see genreShare). */
  pickTrackInGenre(genreIndex: number, random: SeededRandom): CatalogTrack {
    const genre = this.genreTracks[genreIndex];
    if (genre === undefined) return this.pickTrack(random);
    return this.tracks[genre.indexes[genre.table.sample(random)] as number] as CatalogTrack;
  }

  /** A track of one artist, its hits first. */
  pickTrackOfArtist(artistIndex: number, random: SeededRandom): CatalogTrack {
    const artist = this.artists[artistIndex] as CatalogArtist;
    let table = this.artistTables.get(artistIndex);
    if (table === undefined) {
      table = new AliasTable(artist.trackIndexes.map((t) => (this.tracks[t] as CatalogTrack).popularity));
      this.artistTables.set(artistIndex, table);
    }
    return this.tracks[artist.trackIndexes[table.sample(random)] as number] as CatalogTrack;
  }
}

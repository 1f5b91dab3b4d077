import { CURRENT_SCHEMA_VERSION, EVENT_TYPES, SHARE_CHANNELS, type LikeEvent, type ListeningEvent, type PlayEvent, type ShareChannel, type ShareEvent, type SkipEvent } from '@music/events';
import { ActivityCycle } from './activity-cycle';
import { AliasTable } from './alias-table';
import { Catalog, type CatalogTrack } from './catalog';
import { contextJsonBytes, ListeningSession, userJsonBytes } from './listening-session';
import { LocalClock } from './local-clock';
import { buildPopulation, type SimulatedUser, type UserDevice } from './population';
import { hashString, SeededRandom } from './seeded-random';
import { resolveSimulationConfig, type SimulationConfig, type SimulationConfigInput } from './simulation-config';
import { TimeOrderedQueue } from './time-ordered-queue';
import { TrendingBursts } from './trending-bursts';
import { UtcTimestampFormatter } from './utc-timestamp';
import { checkUuidV7Time, formatUuidV7, writeUuidV7 } from './uuid-v7';

// Module-local copies: transpiled imports are property reads on the exporting module at every use.
const SCHEMA_VERSION = CURRENT_SCHEMA_VERSION;
const writeEventId = writeUuidV7;

const DAY_MS = 86_400_000;
const MIN_SKIP_MS = 500;
const MAX_GAP_MS = 15 * 60_000;
const COMMA = 0x2c;
const QUOTE = 0x22;
const CLOSE_BRACE = 0x7d;
const ZERO = 0x30;
/** Upper bound of an event's ASCII parts: keys, event_id, timestamp, numbers, channel (175 at most). */
const MAX_ASCII_BYTES = 200;

// The kind of the event a step produced, a small integer in the hot loop: its index in EVENT_TYPES.
const PLAY = EVENT_TYPES.indexOf('play');
const SKIP = EVENT_TYPES.indexOf('skip');
const LIKE = EVENT_TYPES.indexOf('like');
const SHARE = EVENT_TYPES.indexOf('share');

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

const EVENT_ID_KEY = ascii('{"event_id":"');
/** What follows event_id's value up to occurred_at's value, by kind. */
const JSON_MIDDLES: readonly Buffer[] = EVENT_TYPES.map((type) => ascii(`","schema_version":${CURRENT_SCHEMA_VERSION},"event_type":"${type}","occurred_at":"`));
const MS_PLAYED_KEY = ascii(',"ms_played":');
const COMPLETED_TRUE = ascii(',"completed":true}');
const COMPLETED_FALSE = ascii(',"completed":false}');
const CHANNEL_TAILS: ReadonlyMap<ShareChannel, Buffer> = new Map(SHARE_CHANNELS.map((channel) => [channel, ascii(`,"channel":${JSON.stringify(channel)}}`)]));

/** Stores a whole number >= 0 in decimal; returns the offset after it. */
function writeWholeNumber(target: Buffer, at: number, value: number): number {
  if (!(value >= 0 && value <= 0x7fffffff)) return writeLargeNumber(target, at, value);
  // Integer division only: floating-point division and remainder cost far more.
  let digits = 1;
  for (let rest = value; rest >= 10; rest = (rest / 10) | 0) digits++;
  for (let i = digits - 1, rest = value; i >= 0; i--) {
    const next = (rest / 10) | 0;
    target[at + i] = ZERO + rest - next * 10;
    rest = next;
  }
  return at + digits;
}

function writeLargeNumber(target: Buffer, at: number, value: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  for (let i = digits - 1, rest = value; i >= 0; i--, rest = Math.floor(rest / 10)) target[at + i] = ZERO + (rest % 10);
  return at + digits;
}

const SHARE_CHANNEL_WEIGHTS: ReadonlyArray<readonly [ShareChannel, number]> = [
  ['whatsapp', 30],
  ['instagram', 18],
  ['link', 15],
  ['messages', 10],
  ['tiktok', 7],
  ['facebook', 6],
  ['x', 5],
  ['snapchat', 5],
  ['email', 2],
  ['other', 2],
];

/** Where a user's next session starts: mostly the main device. */
const MAIN_DEVICE_PROBABILITY = 0.7;

/**
 * The listening simulation. Users start sessions as a Poisson process whose intensity follows the
 * daily and weekly cycle in each user's local time (thinning: candidates arrive at the peak rate
 * and are kept with probability factor/peak). A session plays a geometric number of tracks with
 * log-normal gaps; each track is chosen by popularity (Zipf), by taste, or from a trending artist,
 * and is skipped more often when it is outside the user's favourite genres.
 *
 * `next()` returns events in non-decreasing `occurred_at` order, and nothing else: no clock, no
 * Math.random. The same settings give the same events, to the byte.
 *
 * `advance()` moves to the next event without building it: the producer writes its JSON straight
 * from the simulation's state (writeLastEventJson), and builds strings only for what it reports.
 */
export class ListeningSimulator {
  readonly config: SimulationConfig;
  readonly catalog: Catalog;
  readonly users: readonly SimulatedUser[];
  readonly trending: TrendingBursts;
  /** 6 hex characters naming this simulated world in user, artist and track ids. */
  readonly worldTag: string;
  private readonly random: SeededRandom;
  private readonly idRandom: SeededRandom;
  private readonly cycle: ActivityCycle;
  private readonly userTable: AliasTable;
  private readonly channelTable = new AliasTable(SHARE_CHANNEL_WEIGHTS.map(([, w]) => w));
  private readonly sessions = new TimeOrderedQueue<ListeningSession>();
  private readonly timestamps = new UtcTimestampFormatter();
  /** Event JSON of (user, device) pairs and of users that have had a session: built once, not once per session. */
  private readonly contexts = new WeakMap<UserDevice, Buffer>();
  private readonly userBytes: (Buffer | undefined)[] = [];
  private readonly endMs: number;
  /** Session starts per ms for a user of activity 1 at cycle factor 1. */
  private readonly sessionRatePerMs: number;
  /** Candidate session starts per ms, all users at the cycle's peak. */
  private readonly candidateRatePerMs: number;
  private nextCandidateAt: number;
  private sessionCount = 0;
  private eventCount = 0;
  // The event the last step produced, as numbers and references; see lastEvent().
  private lastKind = PLAY;
  private lastMs = 0;
  private lastSession: ListeningSession | undefined;
  private lastTrack: CatalogTrack | undefined;
  private lastMsPlayed = 0;
  private lastCompleted = false;
  private lastChannel: ShareChannel = 'link';
  /** The event id's three random words, drawn when the event happens (the draw order is the id). */
  private idA = 0;
  private idB = 0;
  private idC = 0;
  /** lastEvent() once built, until the next step. */
  private lastBuilt: ListeningEvent | undefined;

  static create(input: SimulationConfigInput): ListeningSimulator {
    return new ListeningSimulator(resolveSimulationConfig(input));
  }

  constructor(config: SimulationConfig) {
    this.config = config;
    const root = new SeededRandom(config.seed);
    this.worldTag = hashString(
      JSON.stringify([config.seed, config.users, config.artists, config.tracks, config.genres, config.maxGenresPerArtist, config.zipfExponent, config.countryWeights]),
    )
      .toString(16)
      .padStart(8, '0')
      .slice(0, 6);
    this.catalog = new Catalog(config, root.fork('catalog'), this.worldTag);
    this.users = buildPopulation(config, this.catalog, root.fork('users'), this.worldTag);
    this.random = root.fork('behaviour');
    this.idRandom = root.fork('event-ids');
    this.cycle = new ActivityCycle(new LocalClock(), config.hourlyProfile, config.weekdayProfile);
    this.trending = new TrendingBursts(config.trending, this.catalog, root.fork('trending'), config.startMs);
    this.userTable = new AliasTable(this.users.map((u) => u.activity));
    this.endMs = config.endMs ?? Infinity;

    const baseRate = config.sessionsPerUserPerDay / DAY_MS;
    const scale = config.targetEventsPerSecond === undefined ? 1 : config.targetEventsPerSecond / this.expectedEventsPerSecondAt(config.startMs, baseRate);
    this.sessionRatePerMs = baseRate * scale;
    const totalActivity = this.users.reduce((sum, u) => sum + u.activity, 0);
    this.candidateRatePerMs = this.sessionRatePerMs * totalActivity * this.cycle.max;
    this.nextCandidateAt = config.startMs + this.random.exponential(this.candidateRatePerMs);
    this.seedSessionsInProgress(config.startMs);
  }

  /**
   * Mean number of sessions a user has in progress at the start. Well above 0.5 means the rate
   * asked of too few users makes them listen on several devices at once: add users.
   */
  concurrentSessionsPerUser = 0;

  /** Events emitted so far. */
  get emitted(): number {
    return this.eventCount;
  }

  /** Sessions started so far (including those already in progress at the start). */
  get sessionsStarted(): number {
    return this.sessionCount;
  }

  /** Expected events per second at an instant, given the cycle there and the configured behaviour. */
  expectedEventsPerSecond(atMs: number): number {
    return this.expectedEventsPerSecondAt(atMs, this.sessionRatePerMs);
  }

  /** The next event in time order, or undefined once the simulated end is reached. */
  next(): ListeningEvent | undefined {
    return this.advance() ? this.lastEvent() : undefined;
  }

  /**
   * Moves to the next event in time order without building it (see lastEvent()); false once the
   * simulated end is reached. The same steps as next(), so the two can be mixed.
   */
  advance(): boolean {
    const sessions = this.sessions;
    for (;;) {
      const session = sessions.peek();
      const dueAt = session === undefined ? Infinity : session.nextAt;
      if (this.nextCandidateAt <= dueAt) {
        if (this.nextCandidateAt >= this.endMs) return false;
        this.considerSessionStart(this.nextCandidateAt);
        this.nextCandidateAt += this.random.exponential(this.candidateRatePerMs);
        continue;
      }
      if (dueAt >= this.endMs || session === undefined) return false;
      this.emit(session);
      if (session.nextAt === Infinity) sessions.pop();
      else sessions.topChanged();
      this.eventCount++;
      return true;
    }
  }

  /** The event of the last step, built on first use (the same object until the next step). */
  lastEvent(): ListeningEvent {
    this.requireEvent();
    this.lastBuilt ??= this.buildLastEvent();
    return this.lastBuilt;
  }

  /** Index in EVENT_TYPES of the last step's event type (cheaper than its name in a hot loop). */
  get lastEventTypeIndex(): number {
    this.requireEvent();
    return this.lastKind;
  }

  /** `occurred_at` of the last step's event, as epoch milliseconds. */
  get lastOccurredMs(): number {
    this.requireEvent();
    return this.lastMs;
  }

  /** `user_id` of the last step's event (the Kafka key). */
  get lastUserId(): string {
    return this.requireEvent().user.id;
  }

  /** `event_id` of the last step's event. */
  lastEventId(): string {
    this.requireEvent();
    return formatUuidV7(this.lastMs, this.idA, this.idB, this.idC);
  }

  /**
   * The compact JSON of the last step's event, byte for byte what `JSON.stringify` writes for it,
   * built from fragments serialised once per track and per session (JSON.stringify of a whole
   * event costs more than simulating it).
   */
  lastEventJson(): string {
    const event = this.lastEvent();
    const session = this.requireEvent();
    return `${this.jsonHead(event)}${session.json},${(this.lastTrack as CatalogTrack).json}${this.jsonTail(event)}`;
  }

  /**
   * Writes the UTF-8 of `lastEventJson()` into `target` at `offset` without building any string,
   * and returns the number of bytes written, or -1 (writing nothing) when it might not fit (the
   * check reserves 200 bytes for the ASCII parts).
   */
  writeLastEventJson(target: Buffer, offset: number): number {
    const session = this.requireEvent();
    const sessionBytes = session.bytes;
    const trackBytes = (this.lastTrack as CatalogTrack).jsonBytes;
    if (offset < 0 || offset + MAX_ASCII_BYTES + sessionBytes.length + trackBytes.length > target.length) return -1;
    const kind = this.lastKind;
    target.set(EVENT_ID_KEY, offset);
    let at = writeEventId(target, offset + EVENT_ID_KEY.length, this.lastMs, this.idA, this.idB, this.idC);
    const middle = JSON_MIDDLES[kind] as Buffer;
    target.set(middle, at);
    at = this.timestamps.write(target, at + middle.length, this.lastMs);
    target[at++] = QUOTE;
    target[at++] = COMMA;
    target.set(sessionBytes, at);
    at += sessionBytes.length;
    target[at++] = COMMA;
    target.set(trackBytes, at);
    at += trackBytes.length;
    if (kind === PLAY || kind === SKIP) {
      target.set(MS_PLAYED_KEY, at);
      at = writeWholeNumber(target, at + MS_PLAYED_KEY.length, this.lastMsPlayed);
      if (kind === PLAY) {
        const tail = this.lastCompleted ? COMPLETED_TRUE : COMPLETED_FALSE;
        target.set(tail, at);
        at += tail.length;
      } else {
        target[at++] = CLOSE_BRACE;
      }
    } else if (kind === LIKE) {
      target[at++] = CLOSE_BRACE;
    } else {
      const tail = CHANNEL_TAILS.get(this.lastChannel) as Buffer;
      target.set(tail, at);
      at += tail.length;
    }
    return at - offset;
  }

  private requireEvent(): ListeningSession {
    const session = this.lastSession;
    if (session === undefined) throw new Error('no event yet: call next() or advance() first');
    return session;
  }

  private jsonHead(event: ListeningEvent): string {
    return `{"event_id":"${event.event_id}","schema_version":${event.schema_version},"event_type":"${event.event_type}","occurred_at":"${event.occurred_at}",`;
  }

  private jsonTail(event: ListeningEvent): string {
    switch (event.event_type) {
      case 'play':
        return `,"ms_played":${event.ms_played},"completed":${event.completed}}`;
      case 'skip':
        return `,"ms_played":${event.ms_played}}`;
      case 'like':
        return '}';
      case 'share':
        return `,"channel":"${event.channel}"}`;
    }
  }

  private considerSessionStart(atMs: number): void {
    const user = this.users[this.userTable.sample(this.random)] as SimulatedUser;
    if (this.random.next() * this.cycle.max >= this.cycle.factor(user.timezone, atMs)) return;
    const session = this.openSession(user, atMs, this.random.geometric(this.config.tracksPerSession));
    this.startTrack(session, atMs);
    this.sessions.push(session);
  }

  /**
   * Starts the simulation in a steady state rather than with nobody listening: each user has a
   * Poisson number of sessions in progress, of mean arrival rate × mean session length.
   */
  private seedSessionsInProgress(atMs: number): void {
    const meanGapMs = this.config.gapBetweenTracks.medianMs * Math.exp(this.config.gapBetweenTracks.sigma ** 2 / 2);
    const meanSkipMs = this.config.skipAfter.medianMs * Math.exp(this.config.skipAfter.sigma ** 2 / 2);
    let expected = 0;
    for (const user of this.users) {
      const skip = this.skipProbability(user);
      const meanTrackMs = (1 - skip) * this.catalog.meanPlayedDurationMs + skip * meanSkipMs + meanGapMs;
      const inProgress = this.sessionRatePerMs * user.activity * this.cycle.factor(user.timezone, atMs) * this.config.tracksPerSession * meanTrackMs;
      expected += inProgress;
      for (let n = this.random.poisson(inProgress); n > 0; n--) this.seedSession(user, atMs);
    }
    this.concurrentSessionsPerUser = expected / this.users.length;
  }

  private seedSession(user: SimulatedUser, atMs: number): void {
    const session = this.openSession(user, atMs, this.random.geometric(this.config.tracksPerSession));
    // A session is caught in a track with a chance proportional to how long that track plays
    // (long plays more often than quick skips): rejection sampling against the longest track.
    const longest = this.config.trackDuration.maxMs;
    do this.startTrack(session, atMs);
    while (this.random.next() * longest > session.msPlayed);
    // The current track began some time ago: shift it back by a random part of what it plays.
    const shift = this.random.next() * session.msPlayed;
    session.trackStartAt -= shift;
    session.endAt -= shift;
    session.likeAt = session.likeAt - shift < atMs ? Infinity : session.likeAt - shift;
    session.shareAt = session.shareAt - shift < atMs ? Infinity : session.shareAt - shift;
    session.schedule();
    this.sessions.push(session);
  }

  private openSession(user: SimulatedUser, atMs: number, tracks: number): ListeningSession {
    const devices = user.devices;
    const device = devices.length === 1 || this.random.chance(MAIN_DEVICE_PROBABILITY) ? devices[0] : devices[1 + this.random.int(devices.length - 1)];
    const chosen = device as UserDevice;
    let context = this.contexts.get(chosen);
    if (context === undefined) {
      context = contextJsonBytes(user, chosen);
      this.contexts.set(chosen, context);
    }
    let userBytes = this.userBytes[user.index];
    if (userBytes === undefined) {
      userBytes = userJsonBytes(user);
      this.userBytes[user.index] = userBytes;
    }
    const order = this.sessionCount++;
    const ms = Math.floor(atMs);
    checkUuidV7Time(ms);
    const ids = this.idRandom;
    const id = { ms, a: ids.nextUint32(), b: ids.nextUint32(), c: ids.nextUint32() };
    return new ListeningSession(order, id, user, chosen, userBytes, context, tracks);
  }

  private skipProbability(user: SimulatedUser): number {
    const { tasteMatch, tasteMismatch } = this.config.skipProbability;
    return user.tasteMatchProbability * tasteMatch + (1 - user.tasteMatchProbability) * tasteMismatch;
  }

  private chooseTrack(user: SimulatedUser, atMs: number): CatalogTrack {
    const trending = this.trending.pick(atMs, this.random);
    if (trending !== undefined) return trending;
    const favourites = user.favouriteGenres;
    if (favourites.length > 0 && this.random.chance(this.config.tasteAffinity)) {
      const genre = favourites.length === 1 ? (favourites[0] as number) : (favourites[this.random.int(favourites.length)] as number);
      return this.catalog.pickTrackInGenre(genre, this.random);
    }
    return this.catalog.pickTrack(this.random);
  }

  private startTrack(session: ListeningSession, atMs: number): void {
    const config = this.config;
    const random = this.random;
    const track = this.chooseTrack(session.user, atMs);
    const duration = track.wire.duration_ms;
    const match = session.user.favouriteGenres.includes(track.genreIndex);
    session.track = track;
    session.trackStartAt = atMs;
    session.likeAt = Infinity;
    session.shareAt = Infinity;
    session.skipped = random.chance(match ? config.skipProbability.tasteMatch : config.skipProbability.tasteMismatch);
    if (session.skipped) {
      session.completed = false;
      session.msPlayed = Math.round(Math.min(duration - 1, Math.max(MIN_SKIP_MS, random.logNormal(config.skipAfter.medianMs, config.skipAfter.sigma))));
    } else {
      session.completed = !(session.remainingTracks === 0 && random.chance(config.abandonProbability));
      session.msPlayed = session.completed ? duration : Math.round(duration * random.between(0.05, 0.95));
      // Likes and shares happen while the track plays, so they precede its play event.
      if (random.chance(config.likeRate)) session.likeAt = atMs + session.msPlayed * random.between(0.2, 1);
      if (random.chance(config.shareRate)) {
        session.shareAt = atMs + session.msPlayed * random.between(0.2, 1);
        session.channel = (SHARE_CHANNEL_WEIGHTS[this.channelTable.sample(random)] as readonly [ShareChannel, number])[0];
      }
    }
    session.endAt = atMs + session.msPlayed;
    session.schedule();
  }

  /** Takes the session's next event as the last step's, then schedules what follows it. */
  private emit(session: ListeningSession): void {
    const at = session.nextAt;
    const ms = Math.floor(at);
    checkUuidV7Time(ms);
    const ids = this.idRandom;
    this.idA = ids.nextUint32();
    this.idB = ids.nextUint32();
    this.idC = ids.nextUint32();
    this.lastMs = ms;
    this.lastSession = session;
    this.lastTrack = session.track;
    this.lastBuilt = undefined;
    if (at === session.likeAt) {
      session.likeAt = Infinity;
      session.schedule();
      this.lastKind = LIKE;
      return;
    }
    if (at === session.shareAt) {
      session.shareAt = Infinity;
      session.schedule();
      this.lastKind = SHARE;
      this.lastChannel = session.channel;
      return;
    }
    this.lastKind = session.skipped ? SKIP : PLAY;
    this.lastMsPlayed = session.msPlayed;
    this.lastCompleted = session.completed;
    if (session.remainingTracks > 0) {
      session.remainingTracks--;
      const gap = Math.min(MAX_GAP_MS, this.random.logNormal(this.config.gapBetweenTracks.medianMs, this.config.gapBetweenTracks.sigma));
      this.startTrack(session, session.endAt + gap);
    } else {
      session.endAt = Infinity;
      session.schedule();
    }
  }

  // One literal per event type, fields in the same order: V8 keeps one hidden class per type.
  private buildLastEvent(): ListeningEvent {
    const session = this.requireEvent();
    const user = session.user;
    const device = session.device;
    const track = (this.lastTrack as CatalogTrack).wire;
    const eventId = formatUuidV7(this.lastMs, this.idA, this.idB, this.idC);
    const occurredAt = this.timestamps.format(this.lastMs);
    switch (this.lastKind) {
      case PLAY:
        return {
          event_id: eventId,
          schema_version: SCHEMA_VERSION,
          event_type: 'play',
          occurred_at: occurredAt,
          user_id: user.id,
          session_id: session.id,
          platform: device.platform,
          device: device.device,
          country: user.country,
          timezone: user.timezone,
          app_version: device.appVersion,
          track,
          ms_played: this.lastMsPlayed,
          completed: this.lastCompleted,
        } satisfies PlayEvent;
      case SKIP:
        return {
          event_id: eventId,
          schema_version: SCHEMA_VERSION,
          event_type: 'skip',
          occurred_at: occurredAt,
          user_id: user.id,
          session_id: session.id,
          platform: device.platform,
          device: device.device,
          country: user.country,
          timezone: user.timezone,
          app_version: device.appVersion,
          track,
          ms_played: this.lastMsPlayed,
        } satisfies SkipEvent;
      case LIKE:
        return {
          event_id: eventId,
          schema_version: SCHEMA_VERSION,
          event_type: 'like',
          occurred_at: occurredAt,
          user_id: user.id,
          session_id: session.id,
          platform: device.platform,
          device: device.device,
          country: user.country,
          timezone: user.timezone,
          app_version: device.appVersion,
          track,
        } satisfies LikeEvent;
      default:
        return {
          event_id: eventId,
          schema_version: SCHEMA_VERSION,
          event_type: 'share',
          occurred_at: occurredAt,
          user_id: user.id,
          session_id: session.id,
          platform: device.platform,
          device: device.device,
          country: user.country,
          timezone: user.timezone,
          app_version: device.appVersion,
          track,
          channel: this.lastChannel,
        } satisfies ShareEvent;
    }
  }

  private expectedEventsPerSecondAt(atMs: number, sessionRatePerMs: number): number {
    const { tracksPerSession, likeRate, shareRate } = this.config;
    let perMs = 0;
    for (const user of this.users) {
      const eventsPerSession = tracksPerSession * (1 + (1 - this.skipProbability(user)) * (likeRate + shareRate));
      perMs += sessionRatePerMs * user.activity * this.cycle.factor(user.timezone, atMs) * eventsPerSession;
    }
    return perMs * 1000;
  }
}

import type { ShareChannel } from '@music/events';
import type { CatalogTrack } from './catalog';
import type { UserDevice, SimulatedUser } from './population';
import type { Scheduled } from './time-ordered-queue';
import { formatUuidV7, writeUuidV7 } from './uuid-v7';

const QUOTE = 0x22;
const COMMA = 0x2c;
const UUID_CHARS = 36;

/** `"user_id":…,"session_id":"`: what precedes the session id in every event of this user, in UTF-8. */
export function userJsonBytes(user: SimulatedUser): Buffer {
  return Buffer.from(`"user_id":${JSON.stringify(user.id)},"session_id":"`, 'utf8');
}

/** The fields of an event that depend only on the user and the device, in the events' key order, in UTF-8. */
export function contextJsonBytes(user: SimulatedUser, device: UserDevice): Buffer {
  return Buffer.from(
    `"platform":${JSON.stringify(device.platform)},"device":${JSON.stringify(device.device)},` +
      `"country":${JSON.stringify(user.country)},"timezone":${JSON.stringify(user.timezone)},"app_version":${JSON.stringify(device.appVersion)}`,
    'utf8',
  );
}

/** A session's UUIDv7: the instant and the three random words drawn for it, in draw order. */
export interface SessionId {
  ms: number;
  a: number;
  b: number;
  c: number;
}

/**
 * One listening session in progress: the user, the device, and the track being heard with the
 * instants of its pending events (a like or share while it plays, then the play or skip at its
 * end). Times are fractional ms of simulated time; Infinity means "no such event".
 */
export class ListeningSession implements Scheduled {
  nextAt = Infinity;
  /** Tracks still to start after the current one. */
  remainingTracks: number;
  track!: CatalogTrack;
  trackStartAt = 0;
  msPlayed = 0;
  skipped = false;
  completed = false;
  likeAt = Infinity;
  shareAt = Infinity;
  endAt = Infinity;
  channel: ShareChannel = 'link';
  /**
   * `"user_id":…,"session_id":…,"platform":…,…,"app_version":…` in UTF-8, assembled once per
   * session from bytes kept per user and per device (no string is built for it).
   */
  readonly bytes: Buffer;
  private readonly sessionId: SessionId;
  private idText: string | undefined;

  constructor(
    readonly order: number,
    sessionId: SessionId,
    readonly user: SimulatedUser,
    readonly device: UserDevice,
    /** userJsonBytes(user). */
    userBytes: Buffer,
    /** contextJsonBytes(user, device). */
    contextBytes: Buffer,
    tracks: number,
  ) {
    this.remainingTracks = tracks - 1;
    this.sessionId = sessionId;
    const bytes = Buffer.allocUnsafe(userBytes.length + UUID_CHARS + 2 + contextBytes.length);
    bytes.set(userBytes, 0);
    let at = writeUuidV7(bytes, userBytes.length, sessionId.ms, sessionId.a, sessionId.b, sessionId.c);
    bytes[at++] = QUOTE;
    bytes[at++] = COMMA;
    bytes.set(contextBytes, at);
    this.bytes = bytes;
  }

  /** The session's UUIDv7, formatted on first use. */
  get id(): string {
    this.idText ??= formatUuidV7(this.sessionId.ms, this.sessionId.a, this.sessionId.b, this.sessionId.c);
    return this.idText;
  }

  /** The text of `bytes`. */
  get json(): string {
    return this.bytes.toString('utf8');
  }

  /** Recomputes when the next pending event of the current track is due. */
  schedule(): void {
    this.nextAt = Math.min(this.likeAt, this.shareAt, this.endAt);
  }
}

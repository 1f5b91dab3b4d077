import type { ShareChannel } from '@music/events';
import type { CatalogTrack } from './catalog';
import type { UserDevice, SimulatedUser } from './population';
import type { Scheduled } from './time-ordered-queue';

/** The fields of an event that depend only on the user and the device, in the events' key order. */
export function contextJson(user: SimulatedUser, device: UserDevice): string {
  return (
    `"platform":${JSON.stringify(device.platform)},"device":${JSON.stringify(device.device)},` +
    `"country":${JSON.stringify(user.country)},"timezone":${JSON.stringify(user.timezone)},"app_version":${JSON.stringify(device.appVersion)}`
  );
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
  /** `"user_id":…,"session_id":…,"platform":…,…,"app_version":…`, serialised once per session, and its UTF-8. */
  readonly json: string;
  readonly bytes: Buffer;

  constructor(
    readonly order: number,
    readonly id: string,
    readonly user: SimulatedUser,
    readonly device: UserDevice,
    /** `"platform":…,…,"app_version":…` of this user on this device (see contextJson). */
    context: string,
    tracks: number,
  ) {
    this.remainingTracks = tracks - 1;
    this.json = `"user_id":${JSON.stringify(user.id)},"session_id":${JSON.stringify(id)},${context}`;
    this.bytes = Buffer.from(this.json, 'utf8');
  }

  /** Recomputes when the next pending event of the current track is due. */
  schedule(): void {
    this.nextAt = Math.min(this.likeAt, this.shareAt, this.endAt);
  }
}

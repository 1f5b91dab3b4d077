import { createHash } from 'node:crypto';

/**
 * One erased listener (GDPR): never their user_id in clear, only its SHA-256, and when the
 * erasure was made, so that their late events (sent before it, delivered after) are kept out.
 */
export interface ErasedListenerRow {
  user_id_sha256: string;
  erased_at: string;
}

export const ERASED_LISTENER_COLUMNS = [
  { name: 'user_id_sha256', type: 'string', nullable: false },
  { name: 'erased_at', type: 'timestamp', nullable: false },
] as const satisfies readonly { name: keyof ErasedListenerRow; type: string; nullable: boolean }[];

/** Lower-case hex SHA-256 of the UTF-8 user_id: what DuckDB's sha256(user_id) gives too. */
export function userIdDigest(userId: string): string {
  return createHash('sha256').update(userId, 'utf8').digest('hex');
}

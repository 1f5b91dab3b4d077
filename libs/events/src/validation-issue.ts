import type { ListeningEvent } from './event-schema';

/** One reason why a payload is not a valid listening event. */
export interface ValidationIssue {
  /** Where, in dotted form: `track.duration_ms`, `headers.schema-version`, or `` for the whole payload. */
  path: string;
  /** What a valid event has there, e.g. `a number > 0`. */
  expected: string;
  /** What the payload had: JSON-like text truncated to ~80 characters, `(missing)` for an absent field. */
  received: string;
  /** The whole story in one line: `track.duration_ms: expected a number > 0, received -5`. */
  message: string;
}

export type ValidationResult<Event = ListeningEvent> = { ok: true; event: Event } | { ok: false; issues: ValidationIssue[] };

/** `received` of a field that is not there at all. */
export const MISSING = '(missing)';

export function validationIssue(path: string, expected: string, received: string, detail?: string): ValidationIssue {
  const where = path === '' ? 'event' : path;
  const message = `${where}: expected ${expected}, received ${received}${detail === undefined ? '' : ` (${detail})`}`;
  return { path, expected, received, message };
}

/** One line for logs and dead-letter headers: the issues' messages joined with `; `. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => issue.message).join('; ');
}

/** `track.duration_ms`, `tags[0]`, `["odd key"]`: the display form of a path. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment)).slice(0, 60)}]`;
  }
  return out;
}

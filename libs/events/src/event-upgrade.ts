import type { z } from 'zod';
import { issuesFromZod } from './zod-issues';
import { previewValue } from './value-preview';
import { MISSING, validationIssue, type ValidationIssue, type ValidationResult } from './validation-issue';

/** An older version of the contract: its strict schema and the step to the next version. */
export interface OlderEventVersion {
  version: number;
  schema: z.ZodType;
  /** Turns a valid event of `version` into an event of `version + 1`; pure, adds fields only (typed `never` so each upgrader can name its own version's type). */
  upgrade: (event: never) => unknown;
}

export interface EventVersionsDefinition<Event> {
  current: { version: number; schema: z.ZodType<Event> };
  /** Every version from 1 to current - 1, in any order. */
  older: readonly OlderEventVersion[];
}

/**
 * The versions a reader knows and how to bring each one to the current version. Reading a
 * payload validates it against the schema of the version it declares (so issues name fields as
 * that version knows them), then applies `upgrade(vN) → vN+1` step by step, then checks the
 * result against the current schema (an upgrader bug is reported, never passed on).
 */
export class EventVersionChain<Event> {
  readonly current: number;
  private readonly currentSchema: z.ZodType<Event>;
  private readonly older: ReadonlyMap<number, OlderEventVersion>;

  constructor(definition: EventVersionsDefinition<Event>) {
    const { current, older } = definition;
    if (!Number.isInteger(current.version) || current.version < 1) {
      throw new Error(`Event versions: current version must be a whole number >= 1, got ${current.version}`);
    }
    const byVersion = new Map<number, OlderEventVersion>();
    for (const step of older) {
      if (byVersion.has(step.version)) throw new Error(`Event versions: version ${step.version} is defined twice`);
      byVersion.set(step.version, step);
    }
    for (let v = 1; v < current.version; v++) {
      if (!byVersion.has(v)) throw new Error(`Event versions: version ${v} has no schema and upgrader, so version ${v} events could not be read`);
    }
    if (byVersion.size !== current.version - 1) {
      const stray = [...byVersion.keys()].filter((v) => v < 1 || v >= current.version);
      throw new Error(`Event versions: older versions must be 1 to ${current.version - 1}, got ${stray.join(', ')}`);
    }
    this.current = current.version;
    this.currentSchema = current.schema;
    this.older = byVersion;
  }

  /**
   * The version a parsed payload declares in `schema_version`, or the issue that prevents
   * reading it (missing, not a whole number, older than 1, newer than this reader).
   */
  versionOf(payload: Readonly<Record<string, unknown>>): number | ValidationIssue {
    if (!Object.prototype.hasOwnProperty.call(payload, 'schema_version')) return validationIssue('schema_version', this.expectedVersion(), MISSING);
    return this.checkVersion(payload['schema_version']);
  }

  /** `version` when this reader can read it, otherwise the issue (at `path`) that says why not. */
  checkVersion(version: unknown, path = 'schema_version'): number | ValidationIssue {
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return validationIssue(path, this.expectedVersion(), previewValue(version));
    if (version <= this.current) return version;
    return validationIssue(
      path,
      this.expectedVersion(),
      previewValue(version),
      `written by a newer producer; this reader knows versions up to ${this.current}, upgrade it before reading version ${version}`,
    );
  }

  private expectedVersion(): string {
    return this.current === 1 ? 'schema version 1' : `a schema version from 1 to ${this.current}`;
  }

  /** Validates a parsed payload written at any known version and returns it as the current version. */
  read(payload: Readonly<Record<string, unknown>>): ValidationResult<Event> {
    const version = this.versionOf(payload);
    if (typeof version !== 'number') return { ok: false, issues: [version] };
    if (version === this.current) return this.checkCurrent(payload, payload);
    const step = this.older.get(version) as OlderEventVersion;
    const parsed = step.schema.safeParse(payload);
    if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error.issues, payload) };
    let event: unknown = parsed.data;
    for (let v = version; v < this.current; v++) {
      event = (this.older.get(v) as OlderEventVersion).upgrade(event as never);
    }
    const upgraded = this.checkCurrent(event, event);
    if (upgraded.ok) return upgraded;
    const detail = `after upgrading from version ${version}: the upgrader produced an invalid event`;
    return { ok: false, issues: upgraded.issues.map((i) => validationIssue(i.path, i.expected, i.received, detail)) };
  }

  private checkCurrent(value: unknown, input: unknown): ValidationResult<Event> {
    const parsed = this.currentSchema.safeParse(value);
    return parsed.success ? { ok: true, event: parsed.data } : { ok: false, issues: issuesFromZod(parsed.error.issues, input) };
  }
}

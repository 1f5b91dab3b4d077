import { z } from 'zod';

/**
 * The actions of the Delta transaction log (PROTOCOL.md "Actions"). Parsing is lenient where the
 * protocol says so (unknown fields and unknown actions are ignored, optional fields may be JSON
 * null) and strict on what replay depends on (paths, sizes, versions, flags).
 */

/** An optional field that may also be JSON null; null becomes absent. */
function optional<T extends z.ZodType>(schema: T) {
  return schema
    .nullish()
    .transform((value): z.output<T> | undefined => value ?? undefined)
    .optional();
}

const long = z.number().int();
const stringMap = z.record(z.string(), z.string());
/** partitionValues: a null value is a null partition. */
const nullableStringMap = z.record(z.string(), z.string().nullable());

export const protocolActionSchema = z.object({
  minReaderVersion: long,
  minWriterVersion: long,
  readerFeatures: optional(z.array(z.string())),
  writerFeatures: optional(z.array(z.string())),
});

export const metadataActionSchema = z.object({
  id: z.string(),
  name: optional(z.string()),
  description: optional(z.string()),
  format: z.object({ provider: z.string(), options: optional(stringMap) }),
  /** Required by the protocol, but some writers leave it out of a metaData that a later one replaces. */
  schemaString: optional(z.string()),
  partitionColumns: z.array(z.string()),
  createdTime: optional(long),
  configuration: optional(stringMap),
});

export const deletionVectorSchema = z.object({
  storageType: z.string(),
  pathOrInlineDv: z.string(),
  offset: optional(long),
  sizeInBytes: long,
  cardinality: long,
});

export const addActionSchema = z.object({
  path: z.string().min(1),
  partitionValues: nullableStringMap,
  size: long.nonnegative(),
  modificationTime: long,
  dataChange: z.boolean(),
  stats: optional(z.string()),
  tags: optional(nullableStringMap),
  deletionVector: optional(deletionVectorSchema),
  baseRowId: optional(long),
  defaultRowCommitVersion: optional(long),
  clusteringProvider: optional(z.string()),
});

export const removeActionSchema = z.object({
  path: z.string().min(1),
  deletionTimestamp: optional(long),
  dataChange: z.boolean(),
  extendedFileMetadata: optional(z.boolean()),
  partitionValues: optional(nullableStringMap),
  size: optional(long.nonnegative()),
  stats: optional(z.string()),
  tags: optional(nullableStringMap),
  deletionVector: optional(deletionVectorSchema),
  baseRowId: optional(long),
  defaultRowCommitVersion: optional(long),
});

export const txnActionSchema = z.object({
  appId: z.string().min(1),
  version: long,
  lastUpdated: optional(long),
});

/** Free-form provenance; the fields below are the ones this library reads or writes. */
export const commitInfoActionSchema = z.looseObject({
  timestamp: optional(long),
  inCommitTimestamp: optional(long),
  operation: optional(z.string()),
  txnId: optional(z.string()),
  readVersion: optional(long),
  isBlindAppend: optional(z.boolean()),
});

export const cdcActionSchema = z.object({
  path: z.string().min(1),
  partitionValues: nullableStringMap,
  size: long.nonnegative(),
  dataChange: z.boolean(),
  tags: optional(nullableStringMap),
});

export const domainMetadataActionSchema = z.object({
  domain: z.string(),
  configuration: z.string(),
  removed: z.boolean(),
});

export const checkpointMetadataActionSchema = z.object({
  version: long,
  tags: optional(nullableStringMap),
});

export const sidecarActionSchema = z.object({
  path: z.string().min(1),
  sizeInBytes: long,
  modificationTime: long,
  tags: optional(nullableStringMap),
});

export type ProtocolAction = z.output<typeof protocolActionSchema>;
export type MetadataAction = z.output<typeof metadataActionSchema>;
export type DeletionVectorDescriptor = z.output<typeof deletionVectorSchema>;
export type AddAction = z.output<typeof addActionSchema>;
export type RemoveAction = z.output<typeof removeActionSchema>;
export type TxnAction = z.output<typeof txnActionSchema>;
export type CommitInfoAction = z.output<typeof commitInfoActionSchema>;
export type CdcAction = z.output<typeof cdcActionSchema>;
export type DomainMetadataAction = z.output<typeof domainMetadataActionSchema>;
export type CheckpointMetadataAction = z.output<typeof checkpointMetadataActionSchema>;
export type SidecarAction = z.output<typeof sidecarActionSchema>;

const ACTION_SCHEMAS = {
  protocol: protocolActionSchema,
  metaData: metadataActionSchema,
  add: addActionSchema,
  remove: removeActionSchema,
  txn: txnActionSchema,
  commitInfo: commitInfoActionSchema,
  cdc: cdcActionSchema,
  domainMetadata: domainMetadataActionSchema,
  checkpointMetadata: checkpointMetadataActionSchema,
  sidecar: sidecarActionSchema,
} as const;

export type ActionKind = keyof typeof ACTION_SCHEMAS;

/** One parsed action: `kind` is the JSON key of the action (`add`, `metaData`, …). */
export type DeltaAction = {
  [K in ActionKind]: { kind: K; value: z.output<(typeof ACTION_SCHEMAS)[K]> };
}[ActionKind];

export type ActionParseResult =
  | { ok: true; action: DeltaAction | undefined }
  | { ok: false; error: string };

function isActionKind(key: string): key is ActionKind {
  return Object.hasOwn(ACTION_SCHEMAS, key);
}

function describeIssues(kind: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => `${[kind, ...issue.path.map(String)].join('.')}: ${issue.message}`)
    .join('; ');
}

/**
 * Parses one action object (one line of a commit file, one row of a checkpoint). Keys whose value
 * is null are absent (checkpoint rows carry one non-null action column). Unknown actions give
 * `action: undefined`: the protocol requires readers to ignore them.
 */
export function parseActionObject(input: unknown): ActionParseResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, error: 'an action must be a JSON object' };
  }
  const present = Object.entries(input).filter(([, value]) => value !== null && value !== undefined);
  if (present.length === 0) return { ok: true, action: undefined };
  if (present.length > 1) {
    return { ok: false, error: `one action per line expected, found ${present.map(([key]) => key).join(', ')}` };
  }
  const [kind, value] = present[0] as [string, unknown];
  if (!isActionKind(kind)) return { ok: true, action: undefined };
  const parsed = ACTION_SCHEMAS[kind].safeParse(value);
  if (!parsed.success) return { ok: false, error: describeIssues(kind, parsed.error) };
  return { ok: true, action: { kind, value: parsed.data } as DeltaAction };
}

export interface CommitParseFailure {
  /** 1-based line number in the commit file. */
  line: number;
  error: string;
}

/** Parses newline-delimited JSON actions; stops at the first bad line. */
export function parseActionLines(
  text: string,
): { ok: true; actions: DeltaAction[] } | ({ ok: false } & CommitParseFailure) {
  const actions: DeltaAction[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim();
    if (line === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      return { ok: false, line: index + 1, error: `not valid JSON (${(error as Error).message})` };
    }
    const result = parseActionObject(json);
    if (!result.ok) return { ok: false, line: index + 1, error: result.error };
    if (result.action) actions.push(result.action);
  }
  return { ok: true, actions };
}

/** One line of a commit file; `undefined` fields are left out. */
export function serializeAction(action: DeltaAction): string {
  return JSON.stringify({ [action.kind]: action.value });
}

/** A commit file: one action per line, each line terminated by `\n`. */
export function serializeCommit(actions: readonly DeltaAction[]): string {
  return actions.map((action) => `${serializeAction(action)}\n`).join('');
}

/** Unique id of a deletion vector (PROTOCOL.md "Derived Fields"). */
export function deletionVectorUniqueId(dv: DeletionVectorDescriptor): string {
  const base = `${dv.storageType}${dv.pathOrInlineDv}`;
  return dv.offset === undefined ? base : `${base}@${dv.offset}`;
}

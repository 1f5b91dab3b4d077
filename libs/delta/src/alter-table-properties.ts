import { commitOptimistically } from './commit';
import type { LoadedSnapshot } from './snapshot';
import type { TableContext } from './table-context';
import { statsColumnsIssue, TablePropertyError, validateCreateProperties } from './table-properties';
import { assertTableWritable } from './transaction';

/**
 * ALTER TABLE SET / UNSET TBLPROPERTIES: one commit whose only action is the table's metaData with
 * the new configuration; schema, partitioning and table id are unchanged. Concurrent appends do
 * not conflict with it; a concurrent metadata or protocol change does (MetadataChangedError).
 * Writers that built a commit on the old metadata get a MetadataChangedError in turn and may
 * retry from the new snapshot.
 */

export type PropertiesChange = { kind: 'set'; properties: Readonly<Record<string, string>> } | { kind: 'unset'; keys: readonly string[] };

export type PropertiesResult =
  | { status: 'committed'; version: number; properties: Record<string, string> }
  /** Every property already had the requested value (or was already absent): nothing was committed. */
  | { status: 'unchanged'; version: number; properties: Record<string, string> };

export interface PropertiesOptions {
  maxCommitAttempts?: number;
}

export async function alterTableProperties(
  context: TableContext,
  loaded: LoadedSnapshot,
  change: PropertiesChange,
  options: PropertiesOptions = {},
): Promise<{ result: PropertiesResult; loaded: LoadedSnapshot }> {
  const { snapshot } = loaded;
  assertTableWritable(context, snapshot);
  const current = { ...snapshot.configuration };
  const next = { ...current };
  if (change.kind === 'set') {
    // Only what is being set is checked key by key: a table written by another engine may carry
    // delta.* keys this library would not create, and they stay as they are.
    validateCreateProperties(change.properties);
    Object.assign(next, change.properties);
    const statsIssue = statsColumnsIssue(next, snapshot.schema.fields, snapshot.partitionColumns);
    if (statsIssue !== undefined) throw new TablePropertyError('delta.dataSkippingStatsColumns', next['delta.dataSkippingStatsColumns'] ?? '', statsIssue);
  } else {
    for (const key of change.keys) delete next[key];
  }
  if (sameProperties(current, next)) return { result: { status: 'unchanged', version: snapshot.version, properties: current }, loaded };

  const operationParameters: Record<string, string> =
    change.kind === 'set'
      ? { properties: JSON.stringify(change.properties) }
      : { propKeys: JSON.stringify(change.keys), ifExists: 'true' };
  const outcome = await commitOptimistically(
    context,
    loaded,
    {
      operation: change.kind === 'set' ? 'SET TBLPROPERTIES' : 'UNSET TBLPROPERTIES',
      operationParameters,
      actions: [{ kind: 'metaData', value: { ...snapshot.metadata, configuration: next } }],
      isBlindAppend: false,
      txnClaims: [],
    },
    options.maxCommitAttempts === undefined ? {} : { maxAttempts: options.maxCommitAttempts },
  );
  if (outcome.status !== 'committed') throw new Error(`unreachable: a properties commit claims no transaction, got ${outcome.status}`);
  return { result: { status: 'committed', version: outcome.version, properties: next }, loaded: outcome.loaded };
}

function sameProperties(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && a[key] === b[key]);
}

import { parseActionLines, type DeltaAction } from './actions';
import { InvalidDeltaLogError } from './delta-errors';
import type { TableContext } from './table-context';

/** Actions of one commit file; a bad line fails with the file and line number. */
export async function readCommitActions(context: Pick<TableContext, 'uri' | 'store'>, key: string): Promise<DeltaAction[]> {
  const bytes = await context.store.get(key);
  const parsed = parseActionLines(Buffer.from(bytes).toString('utf8'));
  if (!parsed.ok) throw new InvalidDeltaLogError(context.uri, key, `line ${parsed.line}: ${parsed.error}`);
  return parsed.actions;
}

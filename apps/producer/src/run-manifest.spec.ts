import { createHash } from 'node:crypto';
import { RecordBatch } from './record-batch';
import { describeError, RunManifest } from './run-manifest';

function batch(ids: string[], malformed: string[] = []): RecordBatch {
  const result = new RecordBatch();
  for (const key of [...ids, ...malformed]) result.add(key, {}, Buffer.from(key));
  result.eventIds.push(...ids);
  result.eventsByType.play = ids.length;
  result.malformedKinds.push(...malformed);
  result.firstOccurredAt = ids.length ? '2025-01-06T00:00:00.000Z' : undefined;
  result.lastOccurredAt = ids.length ? `2025-01-06T0${ids.length}:00:00.000Z` : undefined;
  return result;
}

const run = { destination: 'test', seed: 's', mode: 'backfill' as const, complete: true, error: undefined, elapsedMs: 2_000, cpuMs: 1_000 };

describe('RunManifest', () => {
  it('counts delivered batches only, and digests the sorted ids', () => {
    const manifest = new RunManifest();
    manifest.delivered(batch(['c', 'a'], ['empty payload']));
    manifest.failed(batch(['x', 'y', 'z']));
    manifest.delivered(batch(['b'], ['empty payload', 'JSON null']));
    const document = manifest.document(run);
    expect(document).toMatchObject({
      records: 6,
      undelivered: 3,
      events: { total: 3, play: 3, skip: 0, like: 0, share: 0 },
      malformed: { total: 3, byKind: { 'JSON null': 1, 'empty payload': 2 } },
      occurredAt: { first: '2025-01-06T00:00:00.000Z', last: '2025-01-06T02:00:00.000Z' },
      recordsPerSecond: 3,
    });
    expect(document.eventIds.sorted).toEqual(['a', 'b', 'c']);
    expect(document.eventIds.sha256).toBe(createHash('sha256').update('a\nb\nc\n').digest('hex'));
  });

  it('states the error with its causes', () => {
    const error = new Error('Could not deliver', { cause: new Error('connection refused', { cause: 'ECONNREFUSED' }) });
    expect(describeError(error)).toBe('Could not deliver: connection refused: ECONNREFUSED');
    expect(describeError(new Error('Could not deliver', { cause: new AggregateError([new Error('OUT_OF_ORDER_SEQUENCE_NUMBER')], 'Producing messages failed.') }))).toBe(
      'Could not deliver: Producing messages failed.: OUT_OF_ORDER_SEQUENCE_NUMBER',
    );
    expect(new RunManifest().document({ ...run, complete: false, error }).error).toBe('Could not deliver: connection refused: ECONNREFUSED');
  });
});

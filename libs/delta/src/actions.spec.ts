import { deletionVectorUniqueId, parseActionLines, parseActionObject, serializeCommit, type DeltaAction } from './actions';

describe('parseActionLines', () => {
  it('parses every action kind, with JSON null as absent and unknown fields ignored', () => {
    const text = [
      '{"commitInfo":{"timestamp":1,"operation":"WRITE","engineInfo":"x","nested":{"a":1}}}',
      '{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}',
      '{"metaData":{"id":"m","format":{"provider":"parquet","options":{}},"schemaString":"{}","partitionColumns":["p"],"configuration":{},"createdTime":null}}',
      '{"add":{"path":"p=1/f","partitionValues":{"p":"1"},"size":10,"modificationTime":2,"dataChange":true,"stats":null,"tags":null,"somethingNew":42}}',
      '{"remove":{"path":"g","deletionTimestamp":3,"dataChange":true}}',
      '{"txn":{"appId":"app","version":7}}',
      '{"cdc":{"path":"_change_data/c","partitionValues":{},"size":1,"dataChange":false}}',
      '{"domainMetadata":{"domain":"d","configuration":"{}","removed":false}}',
      '',
    ].join('\n');
    const parsed = parseActionLines(text);
    expect(parsed.ok).toBe(true);
    const actions = parsed.ok ? parsed.actions : [];
    expect(actions.map((action) => action.kind)).toEqual(['commitInfo', 'protocol', 'metaData', 'add', 'remove', 'txn', 'cdc', 'domainMetadata']);
    const addAction = actions[3] as Extract<DeltaAction, { kind: 'add' }>;
    expect(addAction.value).toEqual({ path: 'p=1/f', partitionValues: { p: '1' }, size: 10, modificationTime: 2, dataChange: true });
    expect(actions[0]?.value).toMatchObject({ timestamp: 1, operation: 'WRITE', engineInfo: 'x' });
  });

  it('skips actions it does not know', () => {
    expect(parseActionLines('{"somethingFromTheFuture":{"a":1}}\n{"txn":{"appId":"a","version":1}}')).toEqual({
      ok: true,
      actions: [{ kind: 'txn', value: { appId: 'a', version: 1 } }],
    });
  });

  it.each([
    ['{"add":{"path":"a"}}', 1, /add\.partitionValues: .*expected record/],
    ['{"txn":{"appId":"a","version":"1"}}', 1, /txn\.version: .*expected number/],
    ['\n{"remove":{"path":"a","dataChange":true}}\n[1]', 3, /an action must be a JSON object/],
    ['{"add":', 1, /not valid JSON/],
    ['{"txn":{"appId":"a","version":1},"remove":{"path":"b","dataChange":true}}', 1, /one action per line expected, found txn, remove/],
  ])('reports the line and field of a bad action: %s', (text, line, error) => {
    const parsed = parseActionLines(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.line).toBe(line);
      expect(parsed.error).toMatch(error);
    }
  });
});

describe('serializeCommit', () => {
  it('writes one line per action that parses back to the same actions', () => {
    const actions: DeltaAction[] = [
      { kind: 'protocol', value: { minReaderVersion: 1, minWriterVersion: 2 } },
      { kind: 'add', value: { path: 'a%20b', partitionValues: { p: null }, size: 1, modificationTime: 2, dataChange: true, stats: '{"numRecords":1}' } },
    ];
    const text = serializeCommit(actions);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(3);
    expect(parseActionLines(text)).toEqual({ ok: true, actions });
  });
});

describe('deletionVectorUniqueId', () => {
  it('is storage type + path, with @offset when there is one', () => {
    expect(deletionVectorUniqueId({ storageType: 'u', pathOrInlineDv: 'ab^-aqEH.-t@S}K{vb[*k^', offset: 4, sizeInBytes: 40, cardinality: 6 })).toBe('uab^-aqEH.-t@S}K{vb[*k^@4');
    expect(deletionVectorUniqueId({ storageType: 'i', pathOrInlineDv: 'wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L', sizeInBytes: 40, cardinality: 6 })).toBe(
      'iwi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L',
    );
  });

  it('parseActionObject treats a row of nulls as no action', () => {
    expect(parseActionObject({ add: null, remove: null })).toEqual({ ok: true, action: undefined });
  });
});

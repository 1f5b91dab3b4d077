import { UnsupportedTableFeatureError } from './delta-errors';
import { parseSchemaString } from './delta-schema';
import { assertReadable, assertWritable, unmetReaderRequirements, unmetWriterRequirements } from './protocol-support';

const PLAIN = parseSchemaString('{"type":"struct","fields":[{"name":"x","type":"long","nullable":true,"metadata":{}}]}');
const WITH_INVARIANT = parseSchemaString(
  '{"type":"struct","fields":[{"name":"x","type":"long","nullable":true,"metadata":{"delta.invariants":"{\\"expression\\":{\\"expression\\":\\"x > 3\\"}}"}}]}',
);

describe('reader gate', () => {
  it.each([
    [{ minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['inCommitTimestamp'] }, {}, []],
    [{ minReaderVersion: 2, minWriterVersion: 5 }, {}, []],
    [{ minReaderVersion: 2, minWriterVersion: 5 }, { 'delta.columnMapping.mode': 'name' }, ['columnMapping (mode name)']],
    [{ minReaderVersion: 3, minWriterVersion: 7, readerFeatures: [], writerFeatures: ['appendOnly'] }, {}, []],
    [{ minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['vacuumProtocolCheck'], writerFeatures: [] }, {}, []],
    [{ minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['deletionVectors', 'timestampNtz'], writerFeatures: [] }, {}, ['deletionVectors', 'timestampNtz']],
    [{ minReaderVersion: 3, minWriterVersion: 7 }, {}, ['readerFeatures (missing at reader version 3)']],
    [{ minReaderVersion: 99, minWriterVersion: 7, readerFeatures: [], writerFeatures: [] }, {}, ['minReaderVersion 99']],
  ])('%j with %j needs %j', (protocol, configuration, unmet) => {
    expect(unmetReaderRequirements(protocol, configuration)).toEqual(unmet);
  });

  it('throws UnsupportedTableFeatureError naming table, versions and features', () => {
    const protocol = { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['deletionVectors'], writerFeatures: ['deletionVectors'] };
    expect(() => assertReadable('s3://lake/t', protocol, {})).toThrow(UnsupportedTableFeatureError);
    expect(() => assertReadable('s3://lake/t', protocol, {})).toThrow(
      's3://lake/t: cannot read this table: protocol (minReaderVersion 3, minWriterVersion 7) needs deletionVectors',
    );
  });
});

describe('writer gate', () => {
  it('accepts writer versions 1 and 2 on reader version 1 only', () => {
    expect(unmetWriterRequirements({ minReaderVersion: 1, minWriterVersion: 2 }, {}, PLAIN)).toEqual([]);
    expect(unmetWriterRequirements({ minReaderVersion: 1, minWriterVersion: 1 }, {}, PLAIN)).toEqual([]);
    expect(unmetWriterRequirements({ minReaderVersion: 1, minWriterVersion: 4 }, {}, PLAIN)).toEqual(['minWriterVersion 4']);
    expect(unmetWriterRequirements({ minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['appendOnly'] }, {}, PLAIN)).toEqual([
      'minWriterVersion 7 (writer features appendOnly)',
    ]);
    expect(unmetWriterRequirements({ minReaderVersion: 2, minWriterVersion: 5 }, {}, PLAIN)).toEqual(['minReaderVersion 2 for writes', 'minWriterVersion 5']);
  });

  it('refuses to write tables with column invariants (not evaluated)', () => {
    expect(() => assertWritable('file:///t', { minReaderVersion: 1, minWriterVersion: 2 }, {}, WITH_INVARIANT)).toThrow(/invariants \(columns x\)/);
  });
});

import type { ProtocolAction } from './actions';
import { UnsupportedTableFeatureError, type TableOperation } from './delta-errors';
import { fieldsWithMetadata, type StructType } from './delta-schema';

/**
 * What this library implements of the Delta protocol. Anything else is refused with an
 * UnsupportedTableFeatureError instead of being misread or corrupted.
 */
export const SUPPORTED_FEATURES = {
  reader: {
    /** Reader version 1; 2 and 3 only when what they add needs nothing from a reader (below). */
    protocolVersions: [1, 2, 3],
    /** Reader table features (reader version 3) that are accepted. */
    tableFeatures: ['columnMapping', 'vacuumProtocolCheck'],
    conditions: [
      'reader version 2, and the columnMapping feature, only while delta.columnMapping.mode is absent or "none" (display names = physical names)',
      'vacuumProtocolCheck asks nothing of readers',
    ],
  },
  writer: {
    protocolVersions: [1, 2],
    tableFeatures: [] as string[],
    conditions: [
      'the table must also be readable (above) with reader version 1',
      'no column may carry delta.invariants (invariant expressions are not evaluated): such tables are refused',
      'delta.appendOnly tables: appends and OPTIMIZE only (overwrite and DELETE are refused with AppendOnlyTableError)',
    ],
  },
  /** Tables created by this library. */
  createdProtocol: { minReaderVersion: 1, minWriterVersion: 2 },
} as const;

const ACCEPTED_READER_FEATURES = new Set<string>(SUPPORTED_FEATURES.reader.tableFeatures);
const ACCEPTED_READER_VERSIONS = new Set<number>(SUPPORTED_FEATURES.reader.protocolVersions);
const ACCEPTED_WRITER_VERSIONS = new Set<number>(SUPPORTED_FEATURES.writer.protocolVersions);

export type TableConfiguration = Readonly<Record<string, string>>;

function columnMappingMode(configuration: TableConfiguration): string {
  return configuration['delta.columnMapping.mode'] ?? 'none';
}

/** Reader requirements of the table that this library does not meet; empty when readable. */
export function unmetReaderRequirements(protocol: ProtocolAction, configuration: TableConfiguration): string[] {
  const unmet: string[] = [];
  const version = protocol.minReaderVersion;
  const mode = columnMappingMode(configuration);
  if (!ACCEPTED_READER_VERSIONS.has(version)) unmet.push(`minReaderVersion ${version}`);
  if (version === 2 && mode !== 'none') unmet.push(`columnMapping (mode ${mode})`);
  if (version === 3 && protocol.readerFeatures === undefined) unmet.push('readerFeatures (missing at reader version 3)');
  if (version >= 3) {
    for (const feature of protocol.readerFeatures ?? []) {
      if (!ACCEPTED_READER_FEATURES.has(feature)) unmet.push(feature);
      else if (feature === 'columnMapping' && mode !== 'none') unmet.push(`columnMapping (mode ${mode})`);
    }
  }
  return unmet;
}

/** Writer requirements of the table that this library does not meet; empty when writable. */
export function unmetWriterRequirements(
  protocol: ProtocolAction,
  configuration: TableConfiguration,
  schema: StructType,
): string[] {
  const unmet = unmetReaderRequirements(protocol, configuration);
  if (protocol.minReaderVersion !== 1 && unmet.length === 0) unmet.push(`minReaderVersion ${protocol.minReaderVersion} for writes`);
  const version = protocol.minWriterVersion;
  if (!ACCEPTED_WRITER_VERSIONS.has(version)) {
    const features = protocol.writerFeatures ?? [];
    unmet.push(features.length > 0 ? `minWriterVersion ${version} (writer features ${features.join(', ')})` : `minWriterVersion ${version}`);
  }
  if (version >= 2) {
    const columns = fieldsWithMetadata(schema, 'delta.invariants');
    if (columns.length > 0) unmet.push(`invariants (columns ${columns.join(', ')})`);
  }
  return unmet;
}

export function assertReadable(table: string, protocol: ProtocolAction, configuration: TableConfiguration): void {
  const unmet = unmetReaderRequirements(protocol, configuration);
  if (unmet.length > 0) throw unsupported(table, 'read', protocol, unmet);
}

export function assertWritable(
  table: string,
  protocol: ProtocolAction,
  configuration: TableConfiguration,
  schema: StructType,
): void {
  const unmet = unmetWriterRequirements(protocol, configuration, schema);
  if (unmet.length > 0) throw unsupported(table, 'write', protocol, unmet);
}

function unsupported(table: string, operation: TableOperation, protocol: ProtocolAction, unmet: string[]) {
  return new UnsupportedTableFeatureError(table, operation, protocol.minReaderVersion, protocol.minWriterVersion, unmet);
}

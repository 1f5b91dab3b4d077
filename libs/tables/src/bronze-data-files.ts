import { EVENT_TYPES, LIMITS, PLATFORMS, SCANNED_MEMBERS, SHARE_CHANNELS, ScannedEventStore, scanCompactEventChunks, type ListeningEvent } from '@music/events';
import { encodedDataFiles, formatDate, ParquetColumnEncoder, type EncodedCodec, type EncodedColumn, type EncodedColumnKind, type EncodedPartition, type PreparedDataFile } from '@music/delta';
import { BRONZE_COLUMNS, toBronzeRow, type BronzeRow } from './bronze-row';
import type { KafkaSource } from './bronze-row';

/**
 * Bronze data files straight from what the compact event scanner (libs/events) read of the Kafka
 * values when the validator decoded them (decodeEvents' `retain`), or reads of them here: the
 * WebAssembly Parquet encoder (libs/delta) takes the scanner's output as it lies, the values it
 * copied, the enum indexes and numbers it read, so no string is made in JS for such an event. An
 * event the scanner did not accept (an older schema version the validator upgraded, JSON written
 * another way), or whose strings hold an escape (the scanner copies values as written), is
 * encoded from toBronzeRow of its decoded event. One file per event_date.
 */

/**
 * A valid record: where it came from and its value, the event the validator made of it, and,
 * when decodeEvents kept what the scanner read of it, the store and its row there (the ingest's
 * ValidRecord has this shape).
 */
export interface BronzeRecord {
  record: KafkaSource & { value: Uint8Array | null };
  event: ListeningEvent;
  scanned?: ScannedEventStore | undefined;
  scannedRow?: number | undefined;
}

type DataColumn = Exclude<keyof BronzeRow, 'event_date'>;

/** How each data column is fed to the encoder. */
const KINDS: Record<DataColumn, EncodedColumnKind> = {
  event_id: 'string',
  schema_version: 'int32',
  event_type: 'enum',
  occurred_at: 'int64',
  user_id: 'string',
  session_id: 'string',
  track_id: 'string',
  track_title: 'string',
  artist_id: 'string',
  artist_name: 'string',
  genre: 'string',
  duration_ms: 'int64',
  ms_played: 'int64',
  completed: 'boolean',
  share_channel: 'enum',
  platform: 'enum',
  device: 'string',
  country: 'string',
  timezone: 'string',
  app_version: 'string',
  source_topic: 'enum',
  source_partition: 'int32',
  source_offset: 'int64',
  ingested_at: 'int64',
};

/** The scanner's member of each column read from the event's text. */
const MEMBERS: Partial<Record<DataColumn, (typeof SCANNED_MEMBERS)[number]>> = {
  event_id: 'event_id',
  occurred_at: 'occurred_at',
  user_id: 'user_id',
  session_id: 'session_id',
  track_id: 'track_id',
  track_title: 'title',
  artist_id: 'artist_id',
  artist_name: 'artist_name',
  genre: 'genre',
  device: 'device',
  country: 'country',
  timezone: 'timezone',
  app_version: 'app_version',
};

const DATA_COLUMNS = BRONZE_COLUMNS.filter((column) => column.name !== 'event_date') as readonly {
  name: DataColumn;
  type: EncodedColumn['type'];
  nullable: boolean;
}[];

const PLAY = EVENT_TYPES.indexOf('play');
const SKIP = EVENT_TYPES.indexOf('skip');
const SHARE = EVENT_TYPES.indexOf('share');
const NULL_INT = -0x80000000;
/** The staging area, for the rows encoded from JS: a pair, a number, and the text of one value. */
const STAGING_BYTES = 16 + 4 * LIMITS.MAX_EVENT_BYTES;

let encoder: ParquetColumnEncoder | undefined;

/** The Parquet files (one per event_date) of valid records ingested at `ingestedAt`. */
export function encodeBronzeDataFiles(records: readonly BronzeRecord[], ingestedAt: Date, codec: EncodedCodec): PreparedDataFile[] {
  if (records.length === 0) return [];
  encoder ??= new ParquetColumnEncoder();
  const batch = new BronzeBatch(encoder, records, ingestedAt, STAGING_BYTES);
  batch.appendScanned();
  batch.appendUnscanned();
  return encodedDataFiles(encoder, batch.columns, batch.partitions(), codec);
}

class BronzeBatch {
  readonly columns: EncodedColumn[];
  private readonly ids: Record<DataColumn, number>;
  /** The topics met so far: source_topic's names, added as they come. */
  private readonly topics: string[] = [];
  private readonly topicIndex = new Map<string, number>();
  /** 1 for each record appended from the scanner's output. */
  private readonly encoded: Uint8Array;
  private readonly staging: number;

  constructor(
    private readonly encoder: ParquetColumnEncoder,
    private readonly records: readonly BronzeRecord[],
    private readonly ingestedAt: Date,
    stagingBytes: number,
  ) {
    this.staging = encoder.beginBatch(stagingBytes);
    this.columns = DATA_COLUMNS.map((column) => ({ ...column, id: encoder.defineColumn(KINDS[column.name], column.nullable) }));
    this.ids = Object.fromEntries(this.columns.map((column) => [column.name, column.id])) as Record<DataColumn, number>;
    encoder.setEnumNames(this.ids.event_type, EVENT_TYPES);
    encoder.setEnumNames(this.ids.platform, PLATFORMS);
    encoder.setEnumNames(this.ids.share_channel, SHARE_CHANNELS);
    this.encoded = new Uint8Array(records.length);
  }

  /**
   * Every record the scanner kept, at once: its store's values and slots are copied to the
   * encoder, then each column takes its slot of every row. Records scanned by nobody yet are
   * scanned here; those it does not keep are left to appendUnscanned.
   */
  appendScanned(): void {
    const { records, encoder, ids } = this;
    const { store, own } = this.storeOf();
    if (store.rows === 0) return;
    const { layout, slotsPerRecord: stride } = store;
    const n = records.length;
    const storeValues = store.values;
    const storeSlots = store.slots;
    const valuesAt = encoder.allocate(storeValues.length);
    const storeSlotsAt = encoder.allocate(storeSlots.byteLength);
    const listAt = encoder.allocate(n * 4);
    const slotsAt = encoder.allocate(n * stride * 4);
    const topicsAt = encoder.allocate(n * 4);
    const partitionsAt = encoder.allocate(n * 4);
    const offsetsAt = encoder.allocate(n * 8);
    const constantsAt = encoder.allocate(16);
    // Views once every block is allocated: an allocation may grow the memory (a new topic's name, too).
    const memory = encoder.memory();
    memory.set(storeValues, valuesAt);
    memory.set(new Uint8Array(storeSlots.buffer, storeSlots.byteOffset, storeSlots.byteLength), storeSlotsAt);
    let list = new Int32Array(memory.buffer, listAt, n);
    let topics = new Int32Array(memory.buffer, topicsAt, n);
    let partitions = new Int32Array(memory.buffer, partitionsAt, n);
    let offsets = new Float64Array(memory.buffer, offsetsAt, n);
    // One pass over the records: the store row of each one kept, and its Kafka coordinates.
    let count = 0;
    let topic = '';
    let topicIndex = 0;
    for (let index = 0; index < n; index++) {
      const { scanned, scannedRow, record: source } = records[index] as BronzeRecord;
      const row = scanned === undefined ? (own ? store.rowOf(index) : -1) : scanned === store ? (scannedRow ?? -1) : -1;
      if (row < 0) continue;
      this.encoded[index] = 1;
      list[count] = row;
      if (source.topic !== topic) {
        topic = source.topic;
        topicIndex = this.topicOf(topic);
        const { buffer } = encoder.memory();
        if (buffer !== list.buffer) {
          list = new Int32Array(buffer, listAt, n);
          topics = new Int32Array(buffer, topicsAt, n);
          partitions = new Int32Array(buffer, partitionsAt, n);
          offsets = new Float64Array(buffer, offsetsAt, n);
        }
      }
      topics[count] = topicIndex;
      partitions[count] = source.partition;
      offsets[count] = kafkaOffset(source);
      count++;
    }
    if (count === 0) return;
    encoder.gatherBlocks(slotsAt, storeSlotsAt, stride * 4, listAt, count);
    const staged = new Int32Array(encoder.memory().buffer, slotsAt, count * stride);
    for (let to = 0; to < count * stride; to += stride) {
      // The members an event type does not have are nulls in bronze.
      const type = staged[to + layout.eventType] as number;
      if (type !== PLAY && type !== SKIP) staged[to + layout.msPlayed] = NULL_INT;
      if (type !== PLAY) staged[to + layout.completed] = -1;
      if (type !== SHARE) staged[to + layout.channel] = -1;
    }
    const constants = encoder.memory();
    constants.writeInt32LE(1, constantsAt);
    constants.writeDoubleLE(this.ingestedAt.getTime(), constantsAt + 8);
    const bytes = stride * 4;
    const slotAt = (slot: number) => slotsAt + slot * 4;
    const pairAt = (member: (typeof SCANNED_MEMBERS)[number]) => slotAt(layout.strings + 2 * SCANNED_MEMBERS.indexOf(member));
    for (const column of DATA_COLUMNS) {
      const id = ids[column.name];
      const member = MEMBERS[column.name];
      if (column.name === 'occurred_at') encoder.appendTimestampTexts(id, valuesAt, pairAt('occurred_at'), bytes, count);
      else if (member !== undefined) encoder.appendStrings(id, valuesAt, pairAt(member), bytes, count);
    }
    encoder.appendInts(ids.schema_version, constantsAt, 0, count);
    encoder.appendEnums(ids.event_type, slotAt(layout.eventType), bytes, count);
    encoder.appendInts(ids.duration_ms, slotAt(layout.durationMs), bytes, count);
    encoder.appendInts(ids.ms_played, slotAt(layout.msPlayed), bytes, count);
    encoder.appendInts(ids.completed, slotAt(layout.completed), bytes, count);
    encoder.appendEnums(ids.share_channel, slotAt(layout.channel), bytes, count);
    encoder.appendEnums(ids.platform, slotAt(layout.platform), bytes, count);
    encoder.appendEnums(ids.source_topic, topicsAt, 4, count);
    encoder.appendInts(ids.source_partition, partitionsAt, 4, count);
    encoder.appendScaledDoubles(ids.source_offset, offsetsAt, 8, count, 1);
    encoder.appendScaledDoubles(ids.ingested_at, constantsAt + 8, 0, count, 1000);
  }

  /** The store the records were scanned into, or (`own`) a store of this batch's own when none was. */
  private storeOf(): { store: ScannedEventStore; own: boolean } {
    const given = this.records.find((record) => record.scanned !== undefined)?.scanned;
    if (given !== undefined) return { store: given, own: false };
    const { records } = this;
    const store = new ScannedEventStore(records.length, records.length * 320);
    const window = { earliestMs: LIMITS.MIN_OCCURRED_AT_MS, latestMs: Number.MAX_VALUE };
    scanCompactEventChunks(records.length, (index) => records[index]?.record.value, window, ({ scanner, indexes, count }) => {
      store.nextScan();
      for (let i = 0; i < count; i++) if (scanner.out[i * scanner.slots.record + scanner.slots.status] === 0) store.keep(i, indexes[i] as number);
    });
    return { store, own: true };
  }

  /** The index of a topic in source_topic's names, which gain it when it is new. */
  private topicOf(topic: string): number {
    let index = this.topicIndex.get(topic);
    if (index === undefined) {
      index = this.topics.length;
      this.topicIndex.set(topic, index);
      this.topics.push(topic);
      this.encoder.setEnumNames(this.ids.source_topic, [topic]);
    }
    return index;
  }

  /** The records the scanner did not accept, one row at a time from their decoded events. */
  appendUnscanned(): void {
    for (let index = 0; index < this.records.length; index++) {
      if (this.encoded[index] === 0) this.appendRow(this.records[index] as BronzeRecord);
    }
  }

  private appendRow({ record: source, event }: BronzeRecord): void {
    const { encoder, ids, staging } = this;
    const row = toBronzeRow(event, source, this.ingestedAt);
    // The staging area: a pair or an i32 at `staging`, an f64 at `staging + 8`, text from `staging + 16`.
    // Every append may grow the memory, so each write takes a fresh view of it.
    const appendText = (id: number, text: string | null, timestamp = false) => {
      const memory = encoder.memory();
      const length = text === null ? 0 : memory.write(text, staging + 16, 'utf8');
      memory.writeInt32LE(text === null ? -1 : 16, staging);
      memory.writeInt32LE(16 + length, staging + 4);
      if (timestamp) encoder.appendTimestampTexts(id, staging, staging, 8, 1);
      else encoder.appendStrings(id, staging, staging, 8, 1);
    };
    const appendInt = (id: number, value: number | null) => {
      encoder.memory().writeInt32LE(value ?? NULL_INT, staging);
      encoder.appendInts(id, staging, 4, 1);
    };
    const appendEnum = (id: number, names: readonly string[], value: string | null) => {
      encoder.memory().writeInt32LE(value === null ? -1 : names.indexOf(value), staging);
      encoder.appendEnums(id, staging, 4, 1);
    };
    const appendLong = (id: number, value: number, scale = 1) => {
      encoder.memory().writeDoubleLE(value, staging + 8);
      encoder.appendScaledDoubles(id, staging + 8, 8, 1, scale);
    };
    for (const column of DATA_COLUMNS) {
      const id = ids[column.name];
      switch (column.name) {
        case 'occurred_at':
          appendText(id, row.occurred_at, true);
          break;
        case 'event_type':
          appendEnum(id, EVENT_TYPES, row.event_type);
          break;
        case 'share_channel':
          appendEnum(id, SHARE_CHANNELS, row.share_channel);
          break;
        case 'platform':
          appendEnum(id, PLATFORMS, row.platform);
          break;
        case 'source_topic':
          this.topicOf(row.source_topic);
          appendEnum(id, this.topics, row.source_topic);
          break;
        case 'completed':
          appendInt(id, row.completed === null ? -1 : row.completed ? 1 : 0);
          break;
        case 'source_offset':
          appendLong(id, kafkaOffset(source));
          break;
        case 'ingested_at':
          appendLong(id, this.ingestedAt.getTime(), 1000);
          break;
        default:
          if (KINDS[column.name] === 'string') appendText(id, row[column.name] as string);
          else appendInt(id, row[column.name] as number | null);
      }
    }
  }

  /** One file per UTC day of occurred_at: its rows, unless every row is of the same day. */
  partitions(): EncodedPartition[] {
    const days = this.encoder.days(this.ids.occurred_at);
    const first = days[0] as number;
    let oneDay = true;
    for (let row = 1; row < days.length && oneDay; row++) oneDay = days[row] === first;
    if (oneDay) return [{ partitionValues: { event_date: formatDate(first) } }];
    const counts = new Map<number, number>();
    for (const day of days) counts.set(day, (counts.get(day) ?? 0) + 1);
    const selections = new Map<number, { rows: Int32Array; filled: number }>();
    for (const [day, count] of counts) selections.set(day, { rows: new Int32Array(count), filled: 0 });
    days.forEach((day, row) => {
      const selection = selections.get(day) as { rows: Int32Array; filled: number };
      selection.rows[selection.filled++] = row;
    });
    return [...selections].map(([day, { rows }]) => ({ partitionValues: { event_date: formatDate(day) }, selection: rows }));
  }

}

/** 10^n for n up to 16: a decimal string of n digits without a leading zero lies in [10^(n-1), 10^n). */
const POWERS_OF_TEN = Array.from({ length: 17 }, (_, n) => 10 ** n);

/** A Kafka offset (a decimal string) as a number, checked without a regular expression or a string per call. */
function kafkaOffset(source: KafkaSource): number {
  const text = source.offset;
  const offset = +text;
  const digits = text.length;
  // '+1', ' 1', '1e3', '0x1' or '1.0' parse to a number of fewer digits than the text has characters.
  if (text === '0' || (digits <= 16 && offset >= (POWERS_OF_TEN[digits - 1] as number) && offset < (POWERS_OF_TEN[digits] as number) && Number.isInteger(offset))) return offset;
  throw new Error(`bronze data files: ${source.topic}/${source.partition}/${source.offset} is not a Kafka position`);
}

import { COUNTRY_CODES } from './countries';
import { EVENT_TYPES, LIMITS, PLATFORMS, SHARE_CHANNELS } from './event-schema';
import { COMPACT_EVENT_SCANNER_WASM } from './generated/compact-event-scanner-wasm';

// The host side of wasm/compact-event-scanner.ts: it instantiates the module once, fills its
// tables from the schema's own constants (limits, enums, countries), and lays out its memory.

/** Member names in the order of the scanner's member ids: the 16 strings, then the others. */
export const SCANNED_MEMBERS = [
  'event_id',
  'event_type',
  'occurred_at',
  'user_id',
  'session_id',
  'platform',
  'device',
  'country',
  'timezone',
  'app_version',
  'channel',
  'track_id',
  'title',
  'artist_id',
  'artist_name',
  'genre',
  'schema_version',
  'track',
  'ms_played',
  'completed',
  'duration_ms',
] as const;

/** Records per scan and bytes of input per scan (one record may pass the latter up to MAX_EVENT_BYTES). */
export const SCAN_RECORDS = 128;
export const SCAN_INPUT_BYTES = 64 * 1024;
const INPUT_PADDING = 64;

// The few WebAssembly APIs used here, typed locally: the workspace's lib (ES2023 + node 20
// types) declares none, and lib.dom would bring the browser's globals to every project.
interface WasmGlobal {
  value: number | bigint;
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WasmApi };

interface ScannerExports {
  memory: WasmMemory;
  scanRecords(input: number, starts: number, count: number, out: number, values: number, earliestMs: number, latestMs: number): number;
  heapBase(): number;
  [name: string]: unknown;
}

/** The module's memory as a Buffer, with the decoders Buffer#toString calls after its argument checks. */
export interface ScannerMemory extends Buffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** A ready scanner: views of its memory and the layout of its output. */
export interface CompactEventScanner {
  /** The module's memory; records are copied to `inputOffset`. */
  readonly memory: ScannerMemory;
  readonly inputOffset: number;
  /** Where a scan copies the values of the records it accepts; their string slots point there. */
  readonly valuesOffset: number;
  /** Record starts (count + 1), relative to the input. */
  readonly starts: Int32Array;
  /** RECORD_SLOTS per record; see wasm/compact-event-scanner.ts. */
  readonly out: Int32Array;
  readonly slots: {
    readonly record: number;
    readonly status: number;
    readonly textFlags: number;
    readonly eventType: number;
    readonly durationMs: number;
    readonly msPlayed: number;
    readonly completed: number;
    readonly platform: number;
    readonly channel: number;
    readonly timezoneHash: number;
    readonly strings: number;
  };
  /** Scans records already copied to the input; occurred_at must lie in [earliestMs, latestMs]. */
  scan(count: number, earliestMs: number, latestMs: number): number;
  /** The accepted records' values, copied by the last scan, as one-byte text. */
  valuesText(): string;
  /** How many bytes of values the last scan copied (from `valuesOffset`). */
  valuesLength(): number;
}

let scanner: CompactEventScanner | undefined;

/** The process's scanner, instantiated on first use (synchronously: the module is under 6 KB). */
export function compactEventScanner(): CompactEventScanner {
  scanner ??= instantiate();
  return scanner;
}

function instantiate(): CompactEventScanner {
  const module = new wasm.Module(Buffer.from(COMPACT_EVENT_SCANNER_WASM, 'base64'));
  const exports = new wasm.Instance(module, { env: { abort: abortFromWasm } }).exports as ScannerExports;
  const globalOf = (name: string): WasmGlobal => {
    const value = exports[name];
    if (typeof value !== 'object' || value === null || !('value' in value)) throw new Error(`compact-event-scanner: the module exports no ${name}`);
    return value as WasmGlobal;
  };
  const global = (name: string): number => Number(globalOf(name).value);
  const setGlobal = (name: string, value: number | bigint) => {
    globalOf(name).value = value;
  };
  if (global('MEMBER_COUNT') !== SCANNED_MEMBERS.length) throw new Error('compact-event-scanner: the module and SCANNED_MEMBERS disagree on the members');

  const inputOffset = align(exports.heapBase(), 16);
  const startsOffset = align(inputOffset + SCAN_INPUT_BYTES + LIMITS.MAX_EVENT_BYTES + INPUT_PADDING, 16);
  const recordSlots = global('RECORD_SLOTS');
  const outOffset = align(startsOffset + (SCAN_RECORDS + 1) * 4, 16);
  const valuesOffset = align(outOffset + SCAN_RECORDS * recordSlots * 4, 16);
  const needed = valuesOffset + SCAN_INPUT_BYTES + LIMITS.MAX_EVENT_BYTES + INPUT_PADDING;
  const { memory } = exports;
  if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65_536));
  const bytes = Buffer.from(memory.buffer) as ScannerMemory;
  // Node's own (undocumented) methods behind toString('latin1' | 'utf8', start, end); without them, that.
  if (typeof bytes.latin1Slice !== 'function' || typeof bytes.utf8Slice !== 'function') {
    bytes.latin1Slice = (start, end) => bytes.toString('latin1', start, end);
    bytes.utf8Slice = (start, end) => bytes.toString('utf8', start, end);
  }

  setGlobal('maxIdentifier', LIMITS.ID);
  setGlobal('maxTitle', LIMITS.TITLE);
  setGlobal('maxName', LIMITS.NAME);
  setGlobal('maxGenre', LIMITS.GENRE);
  setGlobal('maxDevice', LIMITS.DEVICE);
  setGlobal('maxTimezone', LIMITS.TIMEZONE);
  setGlobal('maxAppVersion', LIMITS.APP_VERSION);
  setGlobal('maxDurationMs', BigInt(LIMITS.MAX_DURATION_MS));

  const classes = global('CLASS_TABLE');
  const addClass = (characters: string, bit: number) => {
    for (const character of characters) bytes[classes + character.charCodeAt(0)] = (bytes[classes + character.charCodeAt(0)] as number) | bit;
  };
  const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const lower = upper.toLowerCase();
  const digits = '0123456789';
  addClass(`${digits}${upper}${lower}.-`, global('CLASS_SEMVER_TAIL')); // semantic version pre-release and build
  addClass(`${lower}_`, global('CLASS_ENUM')); // enum names
  addClass(`${upper}${lower}${digits}_+/-`, global('CLASS_TIMEZONE')); // time zone names, which the host then looks up

  // A table holds `namesAt / 16` entries: lengths at 16 i, names from namesAt.
  const putNames = (table: number, names: readonly string[], namesAt: number) => {
    if (names.length > namesAt / 16) throw new Error(`compact-event-scanner: at most ${namesAt / 16} names in this table`);
    names.forEach((name, index) => {
      if (name.length > 16 || !/^[a-z_]+$/.test(name)) throw new Error(`compact-event-scanner: cannot hold the name ${name}`);
      bytes[table + index * 16] = name.length;
      bytes.write(name, table + namesAt + index * 16, 'latin1');
    });
  };
  putNames(global('EVENT_TYPE_TABLE'), EVENT_TYPES, 256);
  putNames(global('PLATFORM_TABLE'), PLATFORMS, 256);
  putNames(global('CHANNEL_TABLE'), SHARE_CHANNELS, 256);
  putNames(global('MEMBER_TABLE'), SCANNED_MEMBERS, 512);
  const keys = global('MEMBER_KEYS');
  SCANNED_MEMBERS.forEach((name, id) => {
    bytes.write(`"${name}":`, keys + id * 32, 'latin1');
  });
  const byHash = global('MEMBER_BY_HASH');
  SCANNED_MEMBERS.forEach((name, id) => {
    const hash = memberHash(name);
    if (bytes[byHash + hash] !== 0) throw new Error(`compact-event-scanner: the member hash does not tell ${name} apart`);
    bytes[byHash + hash] = id + 1;
  });
  const countries = global('COUNTRY_TABLE');
  for (const code of COUNTRY_CODES) bytes[countries + (code.charCodeAt(0) - 65) * 26 + (code.charCodeAt(1) - 65)] = 1;

  const valuesLength = globalOf('valuesLength');
  return {
    memory: bytes,
    inputOffset,
    valuesOffset,
    starts: new Int32Array(memory.buffer, startsOffset, SCAN_RECORDS + 1),
    out: new Int32Array(memory.buffer, outOffset, SCAN_RECORDS * recordSlots),
    slots: {
      record: recordSlots,
      status: global('SLOT_STATUS'),
      textFlags: global('SLOT_TEXT_FLAGS'),
      eventType: global('SLOT_EVENT_TYPE'),
      durationMs: global('SLOT_DURATION_MS'),
      msPlayed: global('SLOT_MS_PLAYED'),
      completed: global('SLOT_COMPLETED'),
      platform: global('SLOT_PLATFORM'),
      channel: global('SLOT_CHANNEL'),
      timezoneHash: global('SLOT_TIMEZONE_HASH'),
      strings: global('SLOT_STRINGS'),
    },
    scan(count, earliestMs, latestMs) {
      const end = inputOffset + (this.starts[count] as number);
      bytes.fill(0, end, end + INPUT_PADDING);
      return exports.scanRecords(inputOffset, startsOffset, count, outOffset, valuesOffset, earliestMs, latestMs);
    },
    valuesText: () => bytes.latin1Slice(valuesOffset, valuesOffset + (valuesLength.value as number)),
    valuesLength: () => valuesLength.value as number,
  };
}

/** The scanner's keyHash, on a member name. */
function memberHash(name: string): number {
  return (name.length + name.charCodeAt(0) + name.charCodeAt(name.length - 1) + (name.charCodeAt(1) << 3)) & 255;
}

function align(offset: number, to: number): number {
  return Math.ceil(offset / to) * to;
}

function abortFromWasm(): never {
  throw new Error('compact-event-scanner: the WebAssembly module aborted');
}

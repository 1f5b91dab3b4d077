// AssemblyScript, compiled to WebAssembly by tools/wasm/build-wasm.mjs.
//
// Encodes the column chunks of a Parquet file: the host appends a batch's values column by
// column (strings as byte ranges of memory it filled, numbers from strided slots), then asks for
// each column's pages over a selection of rows (one partition's rows, or all): a dictionary page
// and an RLE_DICTIONARY data page while the column's distinct values stay few (strings and
// integers), PLAIN otherwise,
// definition levels for nullable columns, statistics, and SNAPPY compression. The host
// (src/parquet-column-encoder.ts) writes the page headers and the footer.
//
// Memory: the stub runtime's bump allocator; `beginBatch` resets it, so every pointer of the
// last batch dies there. Each row of a column keeps one slot (nulls too), so a selection can
// pick any rows.

import { bytesEqual, compareBytes, copyBytes } from './byte-runs';
import { bitWidthOf, encodeHybrid, hybridMaxLength } from './rle-bit-packing';
import { SNAPPY_TABLE_BYTES, snappyCompress, snappyMaxLength } from './snappy-compression';

// Column kinds.
export const KIND_STRING: i32 = 0; // BYTE_ARRAY, dictionary while it pays, then PLAIN
export const KIND_ENUM: i32 = 1; // BYTE_ARRAY from indexes into names the host set
export const KIND_INT32: i32 = 2;
export const KIND_INT64: i32 = 3;
export const KIND_BOOLEAN: i32 = 4;

export const CODEC_UNCOMPRESSED: i32 = 0;
export const CODEC_SNAPPY: i32 = 1;

export const ENCODING_PLAIN: i32 = 0;
export const ENCODING_RLE_DICTIONARY: i32 = 8;

// What encodeColumn reports, i32 slots at RESULT.
export const RESULT_DICTIONARY_COUNT: i32 = 0;
export const RESULT_DICTIONARY_SIZE: i32 = 1;
export const RESULT_DICTIONARY_STORED: i32 = 2;
export const RESULT_DICTIONARY_AT: i32 = 3;
export const RESULT_DATA_VALUES: i32 = 4;
export const RESULT_DATA_SIZE: i32 = 5;
export const RESULT_DATA_STORED: i32 = 6;
export const RESULT_DATA_AT: i32 = 7;
export const RESULT_ENCODING: i32 = 8;
export const RESULT_NULLS: i32 = 9;
/** Bounds, PLAIN-encoded (strings without their length); a length of -1: no value to bound. */
export const RESULT_MIN_AT: i32 = 10;
export const RESULT_MIN_LENGTH: i32 = 11;
export const RESULT_MAX_AT: i32 = 12;
export const RESULT_MAX_LENGTH: i32 = 13;
export const RESULT = memory.data(64);

const MAX_COLUMNS: i32 = 64;
const COLUMNS = memory.data(MAX_COLUMNS * 4);
const BOUNDS = memory.data(32);

// A dictionary is dropped for PLAIN once it holds more than this many bytes (as arrow-rs does),
// or once nearly every row seen has a value of its own (identifiers, UUIDs): then it only costs.
const MAX_DICTIONARY_BYTES: usize = 1 << 20;
const DICTIONARY_TRIAL_ROWS: i32 = 2048;
/** Appends go a block of rows at a time, and the dictionary is reviewed after each. */
const BLOCK_ROWS: i32 = 1024;
const NO_VALUE: u32 = 0xffffffff;

const DICTIONARY_OFF: i32 = 0;
const DICTIONARY_ON: i32 = 1;

@unmanaged
class Column {
  kind: i32;
  nullable: bool;
  dictionary: i32;
  rows: i32;
  nulls: i32;
  /** Per row: a u32 (string: dictionary index or PLAIN value offset; INT32 / BOOLEAN: the value) or the INT64 value. */
  slots: usize;
  slotsCapacity: usize;
  /** Per row, for integers while the dictionary holds: the value's dictionary index. */
  indexes: usize;
  indexesCapacity: usize;
  /** Per row: 1 when it holds a value (nullable columns). */
  defined: usize;
  definedCapacity: usize;
  /** PLAIN strings: length-prefixed values, their offsets in `slots`. */
  values: usize;
  valuesLength: usize;
  valuesCapacity: usize;
  /** The dictionary: its PLAIN page body, and each entry's offset in it (strings). */
  entries: usize;
  entriesLength: usize;
  entriesCapacity: usize;
  entryOffsets: usize;
  entryCount: i32;
  entryOffsetsCapacity: usize;
  /** Open addressing: entry index + 1 per slot, 0 when free. */
  table: usize;
  tableMask: u32;
  /** Per row, for timestamps read from text: the UTC day (partitioning). */
  days: usize;
  daysCapacity: usize;
}

let scratch: usize = 0;
let scratchCapacity: usize = 0;
let output: usize = 0;
let outputCapacity: usize = 0;
let snappyTable: usize = 0;
let columnCount: i32 = 0;

/** Blocks have 32 bytes to spare after their capacity: copies of 16 bytes a step (byte-runs.ts), the hybrid encoder's padding of up to 7 u32. */
const SPARE: usize = 32;

/** A block of `capacity` bytes holding the `used` first bytes of `pointer` (the old block is left behind). */
function grown(pointer: usize, used: usize, capacity: usize): usize {
  const fresh = heap.alloc(capacity + SPARE);
  if (used > 0) memory.copy(fresh, pointer, used);
  return fresh;
}

function capacityFor(capacity: usize, needed: usize): usize {
  let size: usize = capacity < 1024 ? 1024 : capacity;
  while (size < needed) size <<= 1;
  return size;
}

@inline
function column(id: i32): Column {
  return changetype<Column>(load<usize>(COLUMNS + (<usize>id << 2)));
}

/**
 * Forgets the last batch and reserves `stagingBytes` (plus padding) where the host copies the
 * next values from. Returns the staging area.
 */
export function beginBatch(stagingBytes: i32): usize {
  heap.reset();
  columnCount = 0;
  scratch = 0;
  scratchCapacity = 0;
  output = 0;
  outputCapacity = 0;
  snappyTable = heap.alloc(SNAPPY_TABLE_BYTES);
  return heap.alloc(<usize>stagingBytes + 64);
}

/** `bytes` of memory until the next batch (a selection of rows, say). */
export function allocate(bytes: i32): usize {
  return heap.alloc(<usize>bytes + SPARE);
}

/**
 * Copies `count` blocks of `bytes` bytes: block list[i] (i32 at `list`) of `from` to block i of
 * `to` (laying out the rows a caller picks from a larger set).
 */
export function gatherBlocks(to: usize, from: usize, bytes: i32, list: usize, count: i32): void {
  const size = <usize>bytes;
  for (let i = 0; i < count; i++) {
    copyBytes(to + <usize>i * size, from + <usize>load<i32>(list + (<usize>i << 2)) * size, size);
  }
}

/** Declares the next column; returns its id. */
export function defineColumn(kind: i32, nullable: bool): i32 {
  if (columnCount == MAX_COLUMNS) return -1;
  const c = changetype<Column>(heap.alloc(offsetof<Column>()));
  memory.fill(changetype<usize>(c), 0, offsetof<Column>());
  c.kind = kind;
  c.nullable = nullable;
  c.dictionary = kind == KIND_BOOLEAN ? DICTIONARY_OFF : DICTIONARY_ON;
  if (kind != KIND_ENUM && kind != KIND_BOOLEAN) {
    newTable(c, 1024);
  }
  store<usize>(COLUMNS + (<usize>columnCount << 2), changetype<usize>(c));
  return columnCount++;
}

/** Rows appended to a column so far. */
export function columnRows(id: i32): i32 {
  return column(id).rows;
}

/** The UTC day of each row of a timestamp column read from text (i32 per row). */
export function columnDays(id: i32): usize {
  return column(id).days;
}

function reserveRows(c: Column, count: i32): void {
  const rows = <usize>(c.rows + count);
  const width: usize = c.kind == KIND_INT64 ? 8 : 4;
  if (rows * width > c.slotsCapacity) {
    const capacity = capacityFor(c.slotsCapacity, rows * width);
    c.slots = grown(c.slots, <usize>c.rows * width, capacity);
    c.slotsCapacity = capacity;
  }
  if (c.dictionary == DICTIONARY_ON && (c.kind == KIND_INT32 || c.kind == KIND_INT64) && rows << 2 > c.indexesCapacity) {
    const capacity = capacityFor(c.indexesCapacity, rows << 2);
    c.indexes = grown(c.indexes, <usize>c.rows << 2, capacity);
    c.indexesCapacity = capacity;
  }
  if (c.nullable && rows > c.definedCapacity) {
    const capacity = capacityFor(c.definedCapacity, rows);
    c.defined = grown(c.defined, <usize>c.rows, capacity);
    c.definedCapacity = capacity;
  }
}

@inline
function setDefined(c: Column, row: i32, defined: bool): void {
  if (c.nullable) store<u8>(c.defined + <usize>row, defined ? 1 : 0);
  if (!defined) c.nulls++;
}

function hashBytes(at: usize, length: usize): u32 {
  let h: u64 = <u64>length * 0x9e3779b97f4a7c15;
  let p = at;
  const end = at + length;
  while (p + 8 <= end) {
    h = (h ^ load<u64>(p)) * 0x100000001b3;
    h ^= h >> 29;
    p += 8;
  }
  if (p < end) {
    const tail = load<u64>(p) & ((<u64>1 << (<u64>(end - p) << 3)) - 1);
    h = (h ^ tail) * 0x100000001b3;
    h ^= h >> 29;
  }
  return <u32>(h ^ (h >> 32));
}

function appendEntry(c: Column, at: usize, length: usize): u32 {
  const needed = c.entriesLength + 4 + length;
  if (needed > c.entriesCapacity) {
    const capacity = capacityFor(c.entriesCapacity, needed);
    c.entries = grown(c.entries, c.entriesLength, capacity);
    c.entriesCapacity = capacity;
  }
  if (<usize>(c.entryCount + 1) << 2 > c.entryOffsetsCapacity) {
    const capacity = capacityFor(c.entryOffsetsCapacity, <usize>(c.entryCount + 1) << 2);
    c.entryOffsets = grown(c.entryOffsets, <usize>c.entryCount << 2, capacity);
    c.entryOffsetsCapacity = capacity;
  }
  store<u32>(c.entryOffsets + (<usize>c.entryCount << 2), <u32>c.entriesLength);
  store<u32>(c.entries + c.entriesLength, <u32>length);
  copyBytes(c.entries + c.entriesLength + 4, at, length);
  c.entriesLength = needed;
  const index = c.entryCount;
  c.entryCount = index + 1;
  return <u32>index;
}

// Hash table slots: for strings 16 bytes (entry index + 1, hash, the entry's offset, its
// length), so that a probe reads the entry's bytes only when hash and length agree; for
// integers a u32 (entry index + 1). 0 marks a free slot.
const STRING_SLOT_SHIFT: usize = 4;
const INT_SLOT_SHIFT: usize = 2;

@inline
function slotShift(c: Column): usize {
  return c.kind == KIND_STRING ? STRING_SLOT_SHIFT : INT_SLOT_SHIFT;
}

function newTable(c: Column, size: u32): void {
  const bytes = <usize>size << slotShift(c);
  c.table = heap.alloc(bytes);
  memory.fill(c.table, 0, bytes);
  c.tableMask = size - 1;
}

function putString(c: Column, slot: usize, index: u32, hash: u32, offset: u32, length: u32): void {
  const at = c.table + (slot << STRING_SLOT_SHIFT);
  store<u32>(at, index + 1);
  store<u32>(at, hash, 4);
  store<u32>(at, offset, 8);
  store<u32>(at, length, 12);
}

function rehash(c: Column): void {
  newTable(c, (c.tableMask + 1) << 1);
  const mask = c.tableMask;
  for (let e = 0; e < c.entryCount; e++) {
    if (c.kind == KIND_STRING) {
      const offset = load<u32>(c.entryOffsets + (<usize>e << 2));
      const at = c.entries + <usize>offset;
      const length = load<u32>(at);
      const hash = hashBytes(at + 4, <usize>length);
      let slot = hash & mask;
      while (load<u32>(c.table + (<usize>slot << STRING_SLOT_SHIFT)) != 0) slot = (slot + 1) & mask;
      putString(c, <usize>slot, <u32>e, hash, offset, length);
    } else {
      let slot = hashInt(c.kind == KIND_INT64 ? load<i64>(c.entries + (<usize>e << 3)) : <i64>load<i32>(c.entries + (<usize>e << 2))) & mask;
      while (load<u32>(c.table + (<usize>slot << INT_SLOT_SHIFT)) != 0) slot = (slot + 1) & mask;
      store<u32>(c.table + (<usize>slot << INT_SLOT_SHIFT), <u32>e + 1);
    }
  }
}

/** The dictionary index of the bytes, added when new. */
function lookup(c: Column, at: usize, length: usize): u32 {
  const mask = c.tableMask;
  const hash = hashBytes(at, length);
  let slot = hash & mask;
  while (true) {
    const s = c.table + (<usize>slot << STRING_SLOT_SHIFT);
    const held = load<u32>(s);
    if (held == 0) break;
    if (load<u32>(s, 4) == hash && <usize>load<u32>(s, 12) == length && bytesEqual(c.entries + <usize>load<u32>(s, 8) + 4, at, length)) return held - 1;
    slot = (slot + 1) & mask;
  }
  const index = appendEntry(c, at, length);
  putString(c, <usize>slot, index, hash, load<u32>(c.entryOffsets + (<usize>index << 2)), <u32>length);
  if (<u32>c.entryCount * 2 > mask) rehash(c);
  return index;
}

@inline
function hashInt(value: i64): u32 {
  const h = <u64>value * 0x9e3779b97f4a7c15;
  return <u32>(h >> 32);
}

/** The dictionary index of an integer, added when new (entries: its PLAIN values). */
function lookupInt(c: Column, value: i64): u32 {
  const mask = c.tableMask;
  const wide = c.kind == KIND_INT64;
  let slot = hashInt(value) & mask;
  while (true) {
    const held = load<u32>(c.table + (<usize>slot << 2));
    if (held == 0) break;
    const entry = wide ? load<i64>(c.entries + (<usize>(held - 1) << 3)) : <i64>load<i32>(c.entries + (<usize>(held - 1) << 2));
    if (entry == value) return held - 1;
    slot = (slot + 1) & mask;
  }
  const width: usize = wide ? 8 : 4;
  const needed = c.entriesLength + width;
  if (needed > c.entriesCapacity) {
    const capacity = capacityFor(c.entriesCapacity, needed);
    c.entries = grown(c.entries, c.entriesLength, capacity);
    c.entriesCapacity = capacity;
  }
  if (wide) store<i64>(c.entries + c.entriesLength, value);
  else store<i32>(c.entries + c.entriesLength, <i32>value);
  c.entriesLength = needed;
  const index = c.entryCount;
  c.entryCount = index + 1;
  store<u32>(c.table + (<usize>slot << 2), <u32>index + 1);
  if (<u32>c.entryCount * 2 > mask) rehash(c);
  return <u32>index;
}

/** Stores an integer row (its value, and its index while the dictionary holds). */
@inline
function setInt(c: Column, row: i32, value: i64, isNull: bool): void {
  if (c.kind == KIND_INT64) store<i64>(c.slots + (<usize>row << 3), value);
  else store<i32>(c.slots + (<usize>row << 2), <i32>value);
  if (c.dictionary == DICTIONARY_ON) store<u32>(c.indexes + (<usize>row << 2), isNull ? NO_VALUE : lookupInt(c, value));
}

/** Gives the dictionary up when it holds too many bytes, or a value for nearly every row (see MAX_DICTIONARY_BYTES). */
function reviewDictionary(c: Column): void {
  if (c.dictionary != DICTIONARY_ON || c.kind == KIND_ENUM) return;
  if (c.entriesLength > MAX_DICTIONARY_BYTES || (c.rows >= DICTIONARY_TRIAL_ROWS && c.entryCount * 10 > c.rows * 9)) {
    if (c.kind == KIND_STRING) dropDictionary(c);
    else c.dictionary = DICTIONARY_OFF;
  }
}

function appendValue(c: Column, at: usize, length: usize): u32 {
  const needed = c.valuesLength + 4 + length;
  if (needed > c.valuesCapacity) {
    const capacity = capacityFor(c.valuesCapacity, needed);
    c.values = grown(c.values, c.valuesLength, capacity);
    c.valuesCapacity = capacity;
  }
  const offset = c.valuesLength;
  store<u32>(c.values + offset, <u32>length);
  copyBytes(c.values + offset + 4, at, length);
  c.valuesLength = needed;
  return <u32>offset;
}

/** From dictionary indexes to PLAIN values for the rows so far; the dictionary is dropped. */
function dropDictionary(c: Column): void {
  for (let row = 0; row < c.rows; row++) {
    const slot = c.slots + (<usize>row << 2);
    const index = load<u32>(slot);
    if (index == NO_VALUE) continue;
    const entry = c.entries + <usize>load<u32>(c.entryOffsets + (<usize>index << 2));
    store<u32>(slot, appendValue(c, entry + 4, <usize>load<u32>(entry)));
  }
  c.dictionary = DICTIONARY_OFF;
}

/**
 * Appends `count` strings to a KIND_STRING column: row i's bytes are [base + start, base + end)
 * with the i32 pair (start, end) at `pairs + i * stride`; a negative start is a null.
 */
function appendStringsBlock(id: i32, base: usize, pairs: usize, stride: i32, count: i32): void {
  const c = column(id);
  reserveRows(c, count);
  for (let i = 0; i < count; i++) {
    const pair = pairs + <usize>(i * stride);
    const start = load<i32>(pair);
    const row = c.rows + i;
    const slot = c.slots + (<usize>row << 2);
    if (start < 0) {
      store<u32>(slot, NO_VALUE);
      setDefined(c, row, false);
      continue;
    }
    setDefined(c, row, true);
    const at = base + <usize>start;
    const length = <usize>(load<i32>(pair, 4) - start);
    store<u32>(slot, c.dictionary == DICTIONARY_ON ? lookup(c, at, length) : appendValue(c, at, length));
  }
  c.rows += count;
  reviewDictionary(c);
}

export function appendStrings(id: i32, base: usize, pairs: usize, stride: i32, count: i32): void {
  for (let done = 0; done < count; done += BLOCK_ROWS) {
    const n = count - done < BLOCK_ROWS ? count - done : BLOCK_ROWS;
    appendStringsBlock(id, base, pairs + <usize>(done * stride), stride, n);
  }
}


/** Sets the names of a KIND_ENUM column: `count` length-prefixed (u32) strings at `names`. */
export function setEnumNames(id: i32, names: usize, count: i32): void {
  const c = column(id);
  let at = names;
  for (let i = 0; i < count; i++) {
    const length = <usize>load<u32>(at);
    appendEntry(c, at + 4, length);
    at += 4 + length;
  }
}

/** Appends indexes (i32 at `slots + i * stride`; negative: null) to a KIND_ENUM column. */
export function appendEnums(id: i32, slots: usize, stride: i32, count: i32): i32 {
  const c = column(id);
  // Every index checked before any row is taken: a refused call appends nothing.
  for (let i = 0; i < count; i++) if (load<i32>(slots + <usize>(i * stride)) >= c.entryCount) return i;
  reserveRows(c, count);
  for (let i = 0; i < count; i++) {
    const index = load<i32>(slots + <usize>(i * stride));
    const row = c.rows + i;
    store<u32>(c.slots + (<usize>row << 2), index < 0 ? NO_VALUE : <u32>index);
    setDefined(c, row, index >= 0);
  }
  c.rows += count;
  return count;
}

/**
 * Appends i32 values (at `slots + i * stride`; i32.MIN_VALUE: null) to a KIND_INT32,
 * KIND_INT64 or KIND_BOOLEAN column (for booleans, any negative value is a null).
 */
function appendIntsBlock(id: i32, slots: usize, stride: i32, count: i32): void {
  const c = column(id);
  reserveRows(c, count);
  for (let i = 0; i < count; i++) {
    const value = load<i32>(slots + <usize>(i * stride));
    const row = c.rows + i;
    const isNull = c.kind == KIND_BOOLEAN ? value < 0 : value == i32.MIN_VALUE;
    setDefined(c, row, !isNull);
    if (c.kind == KIND_BOOLEAN) store<i32>(c.slots + (<usize>row << 2), isNull ? 0 : value);
    else setInt(c, row, isNull ? 0 : <i64>value, isNull);
  }
  c.rows += count;
  reviewDictionary(c);
}

export function appendInts(id: i32, slots: usize, stride: i32, count: i32): void {
  for (let done = 0; done < count; done += BLOCK_ROWS) {
    const n = count - done < BLOCK_ROWS ? count - done : BLOCK_ROWS;
    appendIntsBlock(id, slots + <usize>(done * stride), stride, n);
  }
}


/** Appends f64 values times `scale` (whole numbers; NaN: null) to a KIND_INT64 column. */
function appendScaledDoublesBlock(id: i32, values: usize, stride: i32, count: i32, scale: f64): void {
  const c = column(id);
  reserveRows(c, count);
  for (let i = 0; i < count; i++) {
    const value = load<f64>(values + <usize>(i * stride));
    const row = c.rows + i;
    const isNull = isNaN(value);
    setDefined(c, row, !isNull);
    setInt(c, row, isNull ? 0 : <i64>(value * scale), isNull);
  }
  c.rows += count;
  reviewDictionary(c);
}

export function appendScaledDoubles(id: i32, values: usize, stride: i32, count: i32, scale: f64): void {
  for (let done = 0; done < count; done += BLOCK_ROWS) {
    const n = count - done < BLOCK_ROWS ? count - done : BLOCK_ROWS;
    appendScaledDoublesBlock(id, values + <usize>(done * stride), stride, n, scale);
  }
}


@inline
function digits2(at: usize): i64 {
  return <i64>(load<u8>(at) - 48) * 10 + <i64>(load<u8>(at, 1) - 48);
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
function daysFromCivil(year: i64, month: i64, day: i64): i64 {
  const y = month <= 2 ? year - 1 : year;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = (153 * mp + 2) / 5 + day - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Appends timestamps written as validated UTC text, `YYYY-MM-DDTHH:MM:SS.mmmZ` (pairs as in
 * appendStrings), to a KIND_INT64 column as microseconds, and records each row's UTC day.
 */
function appendTimestampTextsBlock(id: i32, base: usize, pairs: usize, stride: i32, count: i32): void {
  const c = column(id);
  reserveRows(c, count);
  const rows = <usize>(c.rows + count) << 2;
  if (rows > c.daysCapacity) {
    const capacity = capacityFor(c.daysCapacity, rows);
    c.days = grown(c.days, <usize>c.rows << 2, capacity);
    c.daysCapacity = capacity;
  }
  for (let i = 0; i < count; i++) {
    const pair = pairs + <usize>(i * stride);
    const start = load<i32>(pair);
    const row = c.rows + i;
    if (start < 0) {
      setDefined(c, row, false);
      setInt(c, row, 0, true);
      store<i32>(c.days + (<usize>row << 2), i32.MIN_VALUE);
      continue;
    }
    setDefined(c, row, true);
    const t = base + <usize>start;
    const year = digits2(t) * 100 + digits2(t + 2);
    const days = daysFromCivil(year, digits2(t + 5), digits2(t + 8));
    const seconds = days * 86400 + digits2(t + 11) * 3600 + digits2(t + 14) * 60 + digits2(t + 17);
    const millis = digits2(t + 20) * 10 + <i64>(load<u8>(t, 22) - 48);
    setInt(c, row, (seconds * 1000 + millis) * 1000, false);
    store<i32>(c.days + (<usize>row << 2), <i32>days);
  }
  c.rows += count;
  reviewDictionary(c);
}

export function appendTimestampTexts(id: i32, base: usize, pairs: usize, stride: i32, count: i32): void {
  for (let done = 0; done < count; done += BLOCK_ROWS) {
    const n = count - done < BLOCK_ROWS ? count - done : BLOCK_ROWS;
    appendTimestampTextsBlock(id, base, pairs + <usize>(done * stride), stride, n);
  }
}


function reserveScratch(bytes: usize): void {
  if (bytes > scratchCapacity) {
    scratchCapacity = capacityFor(scratchCapacity, bytes);
    scratch = heap.alloc(scratchCapacity + SPARE);
  }
}

function reserveOutput(bytes: usize): void {
  if (bytes > outputCapacity) {
    outputCapacity = capacityFor(outputCapacity, bytes);
    output = heap.alloc(outputCapacity + SPARE);
  }
}

@inline
function rowAt(selection: usize, k: i32): i32 {
  return selection == 0 ? k : load<i32>(selection + (<usize>k << 2));
}

@inline
function isDefined(c: Column, row: i32): bool {
  return !c.nullable || load<u8>(c.defined + <usize>row) != 0;
}

/** The first 8 bytes of a length-prefixed string, big-endian, zeros past its end: ordered as the strings are, or equal. */
@inline
function prefixKey(value: usize): u64 {
  const length = <u64>load<u32>(value);
  const bytes = load<u64>(value + 4);
  return bswap(length >= 8 ? bytes : bytes & ((<u64>1 << (length << 3)) - 1));
}

/** -1, 0 or 1 as the length-prefixed strings at a and b compare byte by byte (unsigned). */
function compareStrings(a: usize, b: usize): i32 {
  return compareBytes(a + 4, <usize>load<u32>(a), b + 4, <usize>load<u32>(b));
}

function setResult(slot: i32, value: i32): void {
  store<i32>(RESULT + (<usize>slot << 2), value);
}

/** Integer bounds at BOUNDS (the least) and BOUNDS + 8 (the most), PLAIN: 8 or 4 bytes. */
function setIntBounds(least: i64, most: i64, wide: bool): void {
  if (wide) {
    store<i64>(BOUNDS, least);
    store<i64>(BOUNDS + 8, most);
  } else {
    store<i32>(BOUNDS, <i32>least);
    store<i32>(BOUNDS + 8, <i32>most);
  }
}

function setBounds(minAt: usize, minLength: i32, maxAt: usize, maxLength: i32): void {
  setResult(RESULT_MIN_AT, <i32>minAt);
  setResult(RESULT_MIN_LENGTH, minLength);
  setResult(RESULT_MAX_AT, <i32>maxAt);
  setResult(RESULT_MAX_LENGTH, maxLength);
}

/** The page body [from, from + length) as stored at `to`; returns its stored length. */
function storedPage(codec: i32, from: usize, length: usize, to: usize): usize {
  if (codec == CODEC_SNAPPY) return snappyCompress(from, length, to, snappyTable);
  memory.copy(to, from, length);
  return length;
}

/**
 * Encodes column `id` over `count` rows: the rows listed (i32) at `selection`, or the first
 * `count` when it is 0. The pages go to the output and what they hold to RESULT. Returns 0.
 */
export function encodeColumn(id: i32, selection: usize, count: i32, codec: i32): i32 {
  const c = column(id);
  // Over all the rows of a column without nulls, the values are read as they lie (`whole`).
  let nulls = selection == 0 ? c.nulls : 0;
  if (selection != 0 && c.nullable) for (let k = 0; k < count; k++) if (!isDefined(c, rowAt(selection, k))) nulls++;
  const whole = selection == 0 && nulls == 0;
  const present = count - nulls;
  const useDictionary = c.dictionary == DICTIONARY_ON && c.entryCount > 0;
  const width = useDictionary ? bitWidthOf(c.entryCount > 0 ? <u32>c.entryCount - 1 : 0) : 0;

  let valueBytes: usize;
  if (useDictionary) valueBytes = 1 + hybridMaxLength(present, width);
  else if (c.kind == KIND_STRING && selection == 0) valueBytes = c.valuesLength;
  else if (c.kind == KIND_STRING) {
    valueBytes = 0;
    for (let k = 0; k < count; k++) {
      const row = rowAt(selection, k);
      if (isDefined(c, row)) valueBytes += 4 + <usize>load<u32>(c.values + <usize>load<u32>(c.slots + (<usize>row << 2)));
    }
  } else if (c.kind == KIND_INT64) valueBytes = <usize>present << 3;
  else if (c.kind == KIND_BOOLEAN) valueBytes = <usize>(present + 7) >> 3;
  else valueBytes = <usize>present << 2;
  const levelBytes: usize = c.nullable ? 4 + hybridMaxLength(count, 1) : 0;
  // The hybrid encoder's input: a u32 per value, with 8 spare.
  const gathered: usize = (<usize>count + 8) << 2;
  // Then a byte per dictionary entry (which ones the rows use).
  reserveScratch(levelBytes + valueBytes + gathered + 16 + <usize>c.entryCount);
  const values = scratch + levelBytes + valueBytes + 16;

  let p = scratch;
  if (c.nullable) {
    for (let k = 0; k < count; k++) store<u32>(values + (<usize>k << 2), isDefined(c, rowAt(selection, k)) ? 1 : 0);
    const end = encodeHybrid(p + 4, values, count, 1);
    store<u32>(p, <u32>(end - p - 4));
    p = end;
  }

  let minAt: usize = 0;
  let maxAt: usize = 0;
  let minLength: i32 = -1;
  let maxLength: i32 = -1;
  if (useDictionary && (c.kind == KIND_INT32 || c.kind == KIND_INT64)) {
    store<u8>(p++, <u8>width);
    let n = 0;
    let least = i64.MAX_VALUE;
    let most = i64.MIN_VALUE;
    const wide = c.kind == KIND_INT64;
    if (whole) {
      // Every entry is some row's value.
      n = count;
      for (let e = 0; e < c.entryCount; e++) {
        const value = wide ? load<i64>(c.entries + (<usize>e << 3)) : <i64>load<i32>(c.entries + (<usize>e << 2));
        if (value < least) least = value;
        if (value > most) most = value;
      }
      p = encodeHybrid(p, c.indexes, n, width);
    } else {
      for (let k = 0; k < count; k++) {
        const row = rowAt(selection, k);
        if (!isDefined(c, row)) continue;
        store<u32>(values + (<usize>n << 2), load<u32>(c.indexes + (<usize>row << 2)));
        n++;
        const value = wide ? load<i64>(c.slots + (<usize>row << 3)) : <i64>load<i32>(c.slots + (<usize>row << 2));
        if (value < least) least = value;
        if (value > most) most = value;
      }
      p = encodeHybrid(p, values, n, width);
    }
    if (n > 0) {
      setIntBounds(least, most, wide);
      minAt = BOUNDS;
      maxAt = BOUNDS + 8;
      minLength = wide ? 8 : 4;
      maxLength = minLength;
    }
  } else if (useDictionary) {
    store<u8>(p++, <u8>width);
    let n = 0;
    let least: u32 = NO_VALUE;
    let most: u32 = NO_VALUE;
    // Bounds over the entries the rows use: over all rows of a string column every entry is some
    // row's value; otherwise (a selection, nulls, an enum's unused names) the used ones are marked.
    const allUsed = whole && c.kind == KIND_STRING;
    const used = scratch + levelBytes + valueBytes + 16 + gathered;
    if (allUsed) {
      n = count;
      p = encodeHybrid(p, c.slots, n, width);
    } else {
      memory.fill(used, 0, <usize>c.entryCount);
      for (let k = 0; k < count; k++) {
        const row = rowAt(selection, k);
        if (!isDefined(c, row)) continue;
        const index = load<u32>(c.slots + (<usize>row << 2));
        store<u32>(values + (<usize>n << 2), index);
        store<u8>(used + <usize>index, 1);
        n++;
      }
      p = encodeHybrid(p, values, n, width);
    }
    for (let index: u32 = 0; index < <u32>c.entryCount; index++) {
      if (!allUsed && load<u8>(used + <usize>index) == 0) continue;
      const entry = c.entries + <usize>load<u32>(c.entryOffsets + (<usize>index << 2));
      if (least == NO_VALUE || compareStrings(entry, c.entries + <usize>load<u32>(c.entryOffsets + (<usize>least << 2))) < 0) least = index;
      if (most == NO_VALUE || compareStrings(entry, c.entries + <usize>load<u32>(c.entryOffsets + (<usize>most << 2))) > 0) most = index;
    }
    if (least != NO_VALUE) {
      const low = c.entries + <usize>load<u32>(c.entryOffsets + (<usize>least << 2));
      const high = c.entries + <usize>load<u32>(c.entryOffsets + (<usize>most << 2));
      minAt = low + 4;
      minLength = <i32>load<u32>(low);
      maxAt = high + 4;
      maxLength = <i32>load<u32>(high);
    }
  } else if (c.kind == KIND_STRING) {
    let low: usize = 0;
    let high: usize = 0;
    // A value's first 8 bytes, big-endian, settle most comparisons without compareStrings.
    let lowKey: u64 = 0;
    let highKey: u64 = 0;
    if (selection == 0) {
      memory.copy(p, c.values, c.valuesLength);
      p += c.valuesLength;
    }
    for (let k = 0; k < count; k++) {
      const row = rowAt(selection, k);
      if (!isDefined(c, row)) continue;
      const value = c.values + <usize>load<u32>(c.slots + (<usize>row << 2));
      if (selection != 0) {
        const length: usize = 4 + <usize>load<u32>(value);
        copyBytes(p, value, length);
        p += length;
      }
      const key = prefixKey(value);
      if (low == 0) {
        low = value;
        high = value;
        lowKey = key;
        highKey = key;
        continue;
      }
      if (key <= lowKey && (key < lowKey || compareStrings(value, low) < 0)) {
        low = value;
        lowKey = key;
      }
      if (key >= highKey && (key > highKey || compareStrings(value, high) > 0)) {
        high = value;
        highKey = key;
      }
    }
    if (low != 0) {
      minAt = low + 4;
      minLength = <i32>load<u32>(low);
      maxAt = high + 4;
      maxLength = <i32>load<u32>(high);
    }
  } else if (c.kind == KIND_INT64) {
    let least = i64.MAX_VALUE;
    let most = i64.MIN_VALUE;
    if (whole) {
      memory.copy(p, c.slots, <usize>count << 3);
      for (let k = 0; k < count; k++) {
        const value = load<i64>(p + (<usize>k << 3));
        if (value < least) least = value;
        if (value > most) most = value;
      }
      p += <usize>count << 3;
    } else {
      for (let k = 0; k < count; k++) {
        const row = rowAt(selection, k);
        if (!isDefined(c, row)) continue;
        const value = load<i64>(c.slots + (<usize>row << 3));
        store<i64>(p, value);
        p += 8;
        if (value < least) least = value;
        if (value > most) most = value;
      }
    }
    if (present > 0) {
      setIntBounds(least, most, true);
      minAt = BOUNDS;
      maxAt = BOUNDS + 8;
      minLength = 8;
      maxLength = 8;
    }
  } else if (c.kind == KIND_BOOLEAN) {
    let bits: u32 = 0;
    let n = 0;
    let seen: u32 = 0; // bit 0: a false, bit 1: a true
    for (let k = 0; k < count; k++) {
      const row = rowAt(selection, k);
      if (!isDefined(c, row)) continue;
      const value = load<i32>(c.slots + (<usize>row << 2)) != 0 ? 1 : 0;
      seen |= 1 << value;
      bits |= <u32>value << <u32>(n & 7);
      if ((++n & 7) == 0) {
        store<u8>(p++, <u8>bits);
        bits = 0;
      }
    }
    if ((n & 7) != 0) store<u8>(p++, <u8>bits);
    if (seen != 0) {
      store<u8>(BOUNDS, (seen & 1) != 0 ? 0 : 1);
      store<u8>(BOUNDS + 8, (seen & 2) != 0 ? 1 : 0);
      minAt = BOUNDS;
      maxAt = BOUNDS + 8;
      minLength = 1;
      maxLength = 1;
    }
  } else {
    let least = i32.MAX_VALUE;
    let most = i32.MIN_VALUE;
    for (let k = 0; k < count; k++) {
      const row = rowAt(selection, k);
      if (!isDefined(c, row)) continue;
      const value = load<i32>(c.slots + (<usize>row << 2));
      store<i32>(p, value);
      p += 4;
      if (value < least) least = value;
      if (value > most) most = value;
    }
    if (present > 0) {
      setIntBounds(<i64>least, <i64>most, false);
      minAt = BOUNDS;
      maxAt = BOUNDS + 8;
      minLength = 4;
      maxLength = 4;
    }
  }
  const dataSize = p - scratch;

  // The stored pages: the dictionary's, then the data page.
  const dictionarySize = useDictionary ? c.entriesLength : 0;
  reserveOutput(snappyMaxLength(dictionarySize) + snappyMaxLength(dataSize));
  let o = output;
  const dictionaryStored = useDictionary ? storedPage(codec, c.entries, dictionarySize, o) : 0;
  o += dictionaryStored;
  const dataStored = storedPage(codec, scratch, dataSize, o);

  setResult(RESULT_DICTIONARY_COUNT, useDictionary ? c.entryCount : 0);
  setResult(RESULT_DICTIONARY_SIZE, <i32>dictionarySize);
  setResult(RESULT_DICTIONARY_STORED, <i32>dictionaryStored);
  setResult(RESULT_DICTIONARY_AT, <i32>output);
  setResult(RESULT_DATA_VALUES, count);
  setResult(RESULT_DATA_SIZE, <i32>dataSize);
  setResult(RESULT_DATA_STORED, <i32>dataStored);
  setResult(RESULT_DATA_AT, <i32>o);
  setResult(RESULT_ENCODING, useDictionary ? ENCODING_RLE_DICTIONARY : ENCODING_PLAIN);
  setResult(RESULT_NULLS, nulls);
  setBounds(minAt, minLength, maxAt, maxLength);
  return 0;
}


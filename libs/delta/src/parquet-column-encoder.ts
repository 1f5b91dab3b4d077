import { PARQUET_ENCODER_WASM } from './generated/parquet-encoder-wasm';

// The host side of wasm/parquet-encoder.ts: one WebAssembly instance per encoder, its memory
// laid out by the module (a bump allocator reset by every batch), its column kinds and result
// slots read from the module's own exports.

export type EncodedColumnKind = 'string' | 'enum' | 'int32' | 'int64' | 'boolean';
export type EncodedCodec = 'uncompressed' | 'snappy';

/** A column's pages over some rows, as stored, with what the footer needs to know of them. */
export interface EncodedColumnPages {
  dictionaryPage?: { body: Uint8Array; uncompressedSize: number; valueCount: number };
  dataPage: { body: Uint8Array; uncompressedSize: number; valueCount: number; encoding: 'PLAIN' | 'RLE_DICTIONARY'; nullCount: number };
  /** PLAIN-encoded bounds of the values (strings without their length); absent when all are null. */
  min?: Uint8Array;
  max?: Uint8Array;
  nullCount: number;
}

// The few WebAssembly APIs used here, typed locally: the workspace's lib (ES2023 + node 20
// types) declares none, and lib.dom would bring the browser's globals to every project.
interface WasmGlobal {
  value: number | bigint;
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WasmApi };

interface EncoderExports {
  memory: WasmMemory;
  beginBatch(stagingBytes: number): number;
  allocate(bytes: number): number;
  gatherBlocks(to: number, from: number, bytes: number, list: number, count: number): void;
  defineColumn(kind: number, nullable: number): number;
  columnRows(column: number): number;
  columnDays(column: number): number;
  setEnumNames(column: number, names: number, count: number): void;
  appendStrings(column: number, base: number, pairs: number, stride: number, count: number): void;
  appendEnums(column: number, slots: number, stride: number, count: number): number;
  appendInts(column: number, slots: number, stride: number, count: number): void;
  appendScaledDoubles(column: number, values: number, stride: number, count: number, scale: number): void;
  appendTimestampTexts(column: number, base: number, pairs: number, stride: number, count: number): void;
  encodeColumn(column: number, selection: number, count: number, codec: number): number;
  [name: string]: unknown;
}

const RESULT_SLOTS = [
  'RESULT_DICTIONARY_COUNT',
  'RESULT_DICTIONARY_SIZE',
  'RESULT_DICTIONARY_STORED',
  'RESULT_DICTIONARY_AT',
  'RESULT_DATA_VALUES',
  'RESULT_DATA_SIZE',
  'RESULT_DATA_STORED',
  'RESULT_DATA_AT',
  'RESULT_ENCODING',
  'RESULT_NULLS',
  'RESULT_MIN_AT',
  'RESULT_MIN_LENGTH',
  'RESULT_MAX_AT',
  'RESULT_MAX_LENGTH',
] as const;
type ResultSlot = (typeof RESULT_SLOTS)[number];

let compiled: object | undefined;

/**
 * Parquet column chunks encoded in WebAssembly. A batch: `beginBatch` (which also reserves the
 * staging area the caller copies values to), `defineColumn` for each column, the appends, then
 * `encode` per column and selection of rows. Addresses are offsets in `memory()`.
 */
export class ParquetColumnEncoder {
  private readonly exports: EncoderExports;
  private readonly kinds: Record<EncodedColumnKind, number>;
  private readonly codecs: Record<EncodedCodec, number>;
  /** Where encodeColumn leaves each figure of its result (byte offsets in memory). */
  private readonly results: Record<ResultSlot, number>;
  private readonly rleDictionary: number;
  private view: Buffer;
  private selection: { rows: Int32Array; at: number } | undefined;

  constructor() {
    compiled ??= new wasm.Module(Buffer.from(PARQUET_ENCODER_WASM, 'base64'));
    this.exports = new wasm.Instance(compiled, { env: { abort: abortFromWasm } }).exports as EncoderExports;
    const constant = (name: string) => Number(this.global(name).value);
    this.kinds = { string: constant('KIND_STRING'), enum: constant('KIND_ENUM'), int32: constant('KIND_INT32'), int64: constant('KIND_INT64'), boolean: constant('KIND_BOOLEAN') };
    this.codecs = { uncompressed: constant('CODEC_UNCOMPRESSED'), snappy: constant('CODEC_SNAPPY') };
    const result = constant('RESULT');
    this.results = Object.fromEntries(RESULT_SLOTS.map((name) => [name, result + 4 * constant(name)])) as Record<ResultSlot, number>;
    this.rleDictionary = constant('ENCODING_RLE_DICTIONARY');
    this.view = Buffer.from(this.exports.memory.buffer);
  }

  private global(name: string): WasmGlobal {
    const value = this.exports[name];
    if (typeof value !== 'object' || value === null || !('value' in value)) throw new Error(`parquet-encoder: the module exports no ${name}`);
    return value as WasmGlobal;
  }

  /** The module's memory; a call that appends or encodes may replace it (the memory grew). */
  memory(): Buffer {
    if (this.view.buffer !== this.exports.memory.buffer) this.view = Buffer.from(this.exports.memory.buffer);
    return this.view;
  }

  /** Forgets the last batch; returns the staging area's offset (`stagingBytes` long, padded). */
  beginBatch(stagingBytes: number): number {
    this.selection = undefined;
    return this.exports.beginBatch(stagingBytes);
  }


  /** `bytes` of the module's memory, until the next batch: where the caller lays out what it appends. */
  allocate(bytes: number): number {
    return this.exports.allocate(bytes);
  }

  /** Copies `count` blocks of `bytes` bytes: block list[i] (i32 at `list`) of `from` to block i of `to`. */
  gatherBlocks(to: number, from: number, bytes: number, list: number, count: number): void {
    this.exports.gatherBlocks(to, from, bytes, list, count);
  }

  defineColumn(kind: EncodedColumnKind, nullable: boolean): number {
    const id = this.exports.defineColumn(this.kinds[kind], nullable ? 1 : 0);
    if (id < 0) throw new Error('parquet-encoder: too many columns');
    return id;
  }

  /** Adds names to an enum column's values (its dictionary), indexed in the order given. */
  setEnumNames(column: number, names: readonly string[]): void {
    const encoded = names.map((name) => Buffer.from(name, 'utf8'));
    const bytes = encoded.reduce((total, name) => total + 4 + name.length, 0);
    // Out of the staging area, which may hold values not yet appended.
    const namesAt = this.exports.allocate(bytes);
    const memory = this.memory();
    let at = namesAt;
    for (const name of encoded) {
      memory.writeUInt32LE(name.length, at);
      memory.set(name, at + 4);
      at += 4 + name.length;
    }
    this.exports.setEnumNames(column, namesAt, names.length);
  }

  appendStrings(column: number, base: number, pairs: number, stride: number, count: number): void {
    this.exports.appendStrings(column, base, pairs, stride, count);
  }

  appendTimestampTexts(column: number, base: number, pairs: number, stride: number, count: number): void {
    this.exports.appendTimestampTexts(column, base, pairs, stride, count);
  }

  appendEnums(column: number, slots: number, stride: number, count: number): void {
    const appended = this.exports.appendEnums(column, slots, stride, count);
    if (appended !== count) throw new RangeError(`parquet-encoder: row ${appended} of an enum column has an index beyond its names`);
  }

  /** i32 values, i32 min for null (booleans: any negative value). */
  appendInts(column: number, slots: number, stride: number, count: number): void {
    this.exports.appendInts(column, slots, stride, count);
  }

  /** f64 values times `scale`, NaN for null, to an int64 column. */
  appendScaledDoubles(column: number, values: number, stride: number, count: number, scale: number): void {
    this.exports.appendScaledDoubles(column, values, stride, count, scale);
  }

  rows(column: number): number {
    return this.exports.columnRows(column);
  }

  /** The UTC day (days since 1970-01-01) of each row of a column appended with appendTimestampTexts. */
  days(column: number): Int32Array {
    return new Int32Array(this.memory().buffer, this.exports.columnDays(column), this.rows(column));
  }

  /** Encodes a column over the rows `selection` lists, or over all its rows. */
  encode(column: number, codec: EncodedCodec, selection?: Int32Array): EncodedColumnPages {
    let selectionAt = 0;
    const count = selection?.length ?? this.rows(column);
    if (selection !== undefined) {
      // Copied once for all the columns of a file.
      if (this.selection?.rows !== selection) {
        const at = this.exports.allocate(Math.max(4, selection.byteLength));
        new Int32Array(this.memory().buffer, at, selection.length).set(selection);
        this.selection = { rows: selection, at };
      }
      selectionAt = this.selection.at;
    }
    this.exports.encodeColumn(column, selectionAt, count, this.codecs[codec]);
    const memory = this.memory();
    const slot = (name: ResultSlot) => memory.readInt32LE(this.results[name]);
    const copy = (at: number, length: number) => Uint8Array.prototype.slice.call(memory, at, at + length);
    const dictionaryCount = slot('RESULT_DICTIONARY_COUNT');
    const nullCount = slot('RESULT_NULLS');
    const minLength = slot('RESULT_MIN_LENGTH');
    const pages: EncodedColumnPages = {
      dataPage: {
        body: copy(slot('RESULT_DATA_AT'), slot('RESULT_DATA_STORED')),
        uncompressedSize: slot('RESULT_DATA_SIZE'),
        valueCount: slot('RESULT_DATA_VALUES'),
        encoding: slot('RESULT_ENCODING') === this.rleDictionary ? 'RLE_DICTIONARY' : 'PLAIN',
        nullCount,
      },
      nullCount,
    };
    if (dictionaryCount > 0) {
      pages.dictionaryPage = { body: copy(slot('RESULT_DICTIONARY_AT'), slot('RESULT_DICTIONARY_STORED')), uncompressedSize: slot('RESULT_DICTIONARY_SIZE'), valueCount: dictionaryCount };
    }
    if (minLength >= 0) {
      pages.min = copy(slot('RESULT_MIN_AT'), minLength);
      pages.max = copy(slot('RESULT_MAX_AT'), slot('RESULT_MAX_LENGTH'));
    }
    return pages;
  }
}

function abortFromWasm(): never {
  throw new Error('parquet-encoder: the WebAssembly module aborted');
}

/**
 * One object-store interface over local disk, S3 (MinIO) and HDFS (WebHDFS). Keys are
 * '/'-separated paths relative to the store's root URI (no leading '/').
 */
export interface ObjectMeta {
  /** Key relative to the store root, e.g. `_delta_log/00000000000000000000.json`. */
  key: string;
  size: number;
  /** Last modification, epoch milliseconds. */
  lastModified: number;
}

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, exclusive. */
  end: number;
}

export interface ObjectStore {
  /** The root URI this store was opened on, e.g. `file:///data/lake/bronze` or `s3://lake/bronze`. */
  readonly uri: string;
  /** Whole object. Rejects with NotFoundError when absent. */
  get(key: string): Promise<Uint8Array>;
  /** A byte range of an object. Rejects with NotFoundError when absent. */
  getRange(key: string, range: ByteRange): Promise<Uint8Array>;
  /** Creates or replaces an object; readers never see a partial object. */
  put(key: string, body: Uint8Array): Promise<void>;
  /**
   * Creates the object only if no object has that key, atomically: of concurrent callers
   * exactly one succeeds, the others reject with AlreadyExistsError (the Delta commit primitive).
   */
  putIfAbsent(key: string, body: Uint8Array): Promise<void>;
  /** Every object whose key starts with `prefix`, sorted by key. */
  list(prefix: string): Promise<ObjectMeta[]>;
  /** Metadata, or undefined when absent. */
  head(key: string): Promise<ObjectMeta | undefined>;
  /** Removes an object; removing an absent object is not an error. */
  delete(key: string): Promise<void>;
}

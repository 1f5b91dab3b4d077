import type { StorageOptions } from '@music/storage';

/** Where the lake is and how to reach it; the reader opens every table under `uri`. */
export interface LakeConnection {
  /** Absolute lake root: file://, s3:// or hdfs:// (see resolveLakeUri in @music/storage). */
  uri: string;
  storage: StorageOptions;
  /** Local copies of remote data files (see @music/delta); the OS temp dir otherwise. */
  cacheDirectory?: string;
}

import { isTransientNetworkError } from './transient-network-error';

/** The S3 error code (`NoSuchKey`, `PreconditionFailed`, …) and HTTP status of an SDK error. */
export function s3ErrorDetails(error: unknown): { name: string | undefined; status: number | undefined } {
  if (typeof error !== 'object' || error === null) return { name: undefined, status: undefined };
  const name = 'name' in error && typeof error.name === 'string' ? error.name : undefined;
  const metadata = '$metadata' in error ? (error.$metadata as { httpStatusCode?: unknown } | undefined) : undefined;
  const status = typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
  return { name, status };
}

export function isS3NotFound(error: unknown): boolean {
  const { name, status } = s3ErrorDetails(error);
  // A missing bucket is a configuration error, not an absent object.
  if (name === 'NoSuchBucket') return false;
  return status === 404 || name === 'NoSuchKey' || name === 'NotFound';
}

export function isS3PreconditionFailed(error: unknown): boolean {
  const { name, status } = s3ErrorDetails(error);
  return status === 412 || name === 'PreconditionFailed';
}

/** 409 on a conditional write: another conditional write was in flight; S3 asks to retry. */
export function isS3ConditionalConflict(error: unknown): boolean {
  const { name, status } = s3ErrorDetails(error);
  return name === 'ConditionalRequestConflict' || (status === 409 && name !== 'BucketAlreadyExists');
}

/** Throttling: the request was refused before it ran, so it certainly did not apply. */
export function isS3Throttled(error: unknown): boolean {
  const { name, status } = s3ErrorDetails(error);
  return status === 429 || status === 503 || name === 'SlowDown' || name === 'ThrottlingException' || name === 'TooManyRequests';
}

const TRANSIENT_NAMES = new Set(['SlowDown', 'InternalError', 'ServiceUnavailable', 'RequestTimeout', 'ThrottlingException']);

/** Worth retrying: network failures, 5xx, 429, SlowDown/InternalError, 409 conditional conflicts. */
export function isTransientS3Error(error: unknown): boolean {
  if (isTransientNetworkError(error)) return true;
  const { name, status } = s3ErrorDetails(error);
  if (name && TRANSIENT_NAMES.has(name)) return true;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  return isS3ConditionalConflict(error);
}

import type { Logger } from '@music/logger';
import { describeError } from './error-details';
import { DEFAULT_RETRY_POLICY, RetriesExhaustedError, withRetry, type RetryPolicy } from './retry';
import { NotFoundError, StorageError, type StorageOperation } from './storage-errors';

/** How a remote backend classifies and describes its errors, and how it retries. */
export interface BackendErrorModel {
  isTransient: (error: unknown) => boolean;
  isNotFound: (error: unknown) => boolean;
  describe?: (error: unknown) => string;
}

export interface RetrySettings {
  retry?: RetryPolicy;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * Runs one step of a store operation with retries on transient errors, and turns any failure
 * into a StorageError naming the operation and the object's URI, the backend error as cause.
 */
export async function runStorageOperation<T>(
  operation: StorageOperation,
  uri: string,
  attempt: () => Promise<T>,
  model: BackendErrorModel,
  settings: RetrySettings,
): Promise<T> {
  try {
    return await withRetry(attempt, {
      policy: settings.retry ?? DEFAULT_RETRY_POLICY,
      isTransient: model.isTransient,
      sleep: settings.sleep,
      random: settings.random,
      logger: settings.logger,
      description: `${operation} ${uri}`,
    });
  } catch (error) {
    throw toStorageError(operation, uri, error, model);
  }
}

export function toStorageError(operation: StorageOperation, uri: string, error: unknown, model: BackendErrorModel): StorageError {
  if (error instanceof StorageError) return error;
  const describe = model.describe ?? describeError;
  if (error instanceof RetriesExhaustedError) {
    return new StorageError(operation, uri, `${describe(error.cause)} (${error.message})`, { cause: error.cause });
  }
  if ((operation === 'get' || operation === 'getRange') && model.isNotFound(error)) return new NotFoundError(operation, uri, { cause: error });
  return new StorageError(operation, uri, describe(error), { cause: error });
}

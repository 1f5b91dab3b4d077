export type StorageOperation = 'get' | 'getRange' | 'put' | 'putIfAbsent' | 'list' | 'head' | 'delete' | 'open';

/** Every storage failure names the URI and the operation, with the backend's error as cause. */
export class StorageError extends Error {
  constructor(
    readonly operation: StorageOperation,
    readonly uri: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation} ${uri}: ${message}`, options);
    this.name = 'StorageError';
  }
}

export class NotFoundError extends StorageError {
  constructor(operation: StorageOperation, uri: string, options?: { cause?: unknown }) {
    super(operation, uri, 'not found', options);
    this.name = 'NotFoundError';
  }
}

export class AlreadyExistsError extends StorageError {
  constructor(uri: string, options?: { cause?: unknown }) {
    super('putIfAbsent', uri, 'an object already exists at this key', options);
    this.name = 'AlreadyExistsError';
  }
}

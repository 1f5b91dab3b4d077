export type { ByteRange, ObjectMeta, ObjectStore } from './object-store';
export { AlreadyExistsError, NotFoundError, StorageError, type StorageOperation } from './storage-errors';

import { randomUUID } from 'node:crypto';

const TEMP_NAME = /^\..+\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;

/**
 * Name of the temporary sibling a write goes to before it is linked or renamed into place.
 * It sits in the same directory so that rename/link stays atomic (same file system / NameNode
 * directory); listings skip such names so readers never see an in-flight write.
 */
export function tempObjectName(finalName: string): string {
  return `.${finalName}.${randomUUID()}.tmp`;
}

export function isTempObjectName(name: string): boolean {
  return TEMP_NAME.test(name);
}

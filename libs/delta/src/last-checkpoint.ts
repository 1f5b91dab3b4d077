import { createHash } from 'node:crypto';
import { NotFoundError, type ObjectStore } from '@music/storage';
import { z } from 'zod';
import { LAST_CHECKPOINT_KEY } from './log-listing';

/**
 * `_delta_log/_last_checkpoint` (PROTOCOL.md "Last Checkpoint File Schema"): a hint pointing near
 * the end of the log. It may be missing, empty, stale or corrupt; readers fall back to listing.
 */

const lastCheckpointSchema = z.looseObject({
  version: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
  parts: z.number().int().positive().nullish(),
  sizeInBytes: z.number().int().nonnegative().nullish(),
  numOfAddFiles: z.number().int().nonnegative().nullish(),
  checksum: z.string().nullish(),
});

export interface LastCheckpoint {
  version: number;
  /** Number of actions in the checkpoint. */
  size: number;
  parts?: number;
  sizeInBytes?: number;
  numOfAddFiles?: number;
}

export type LastCheckpointRead =
  | { status: 'absent' }
  | { status: 'invalid'; reason: string }
  | { status: 'valid'; value: LastCheckpoint };

/** Reads the hint; absence, emptiness, bad JSON, bad fields and a wrong checksum are reported, not thrown. */
export async function readLastCheckpoint(store: ObjectStore): Promise<LastCheckpointRead> {
  let bytes: Uint8Array;
  try {
    bytes = await store.get(LAST_CHECKPOINT_KEY);
  } catch (error) {
    if (error instanceof NotFoundError) return { status: 'absent' };
    throw error;
  }
  const text = Buffer.from(bytes).toString('utf8').trim();
  if (text === '') return { status: 'invalid', reason: 'empty file' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { status: 'invalid', reason: `not valid JSON (${(error as Error).message})` };
  }
  const parsed = lastCheckpointSchema.safeParse(json);
  if (!parsed.success) {
    return { status: 'invalid', reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  const { checksum } = parsed.data;
  if (checksum) {
    let expected: string;
    try {
      expected = lastCheckpointChecksum(text);
    } catch (error) {
      return { status: 'invalid', reason: `checksum cannot be computed (${(error as Error).message})` };
    }
    if (expected !== checksum) return { status: 'invalid', reason: `checksum ${checksum} does not match the content (${expected})` };
  }
  const { version, size, parts, sizeInBytes, numOfAddFiles } = parsed.data;
  return {
    status: 'valid',
    value: {
      version,
      size,
      ...(parts == null ? {} : { parts }),
      ...(sizeInBytes == null ? {} : { sizeInBytes }),
      ...(numOfAddFiles == null ? {} : { numOfAddFiles }),
    },
  };
}

export async function writeLastCheckpoint(store: ObjectStore, value: LastCheckpoint): Promise<void> {
  const body = JSON.stringify(value);
  const withChecksum = JSON.stringify({ ...value, checksum: lastCheckpointChecksum(body) });
  await store.put(LAST_CHECKPOINT_KEY, Buffer.from(withChecksum, 'utf8'));
}

/** MD5 of the canonical form of the JSON text (PROTOCOL.md "JSON checksum"); `checksum` is ignored. */
export function lastCheckpointChecksum(jsonText: string): string {
  return createHash('md5').update(canonicalizeJson(jsonText), 'utf8').digest('hex');
}

/** Percent-encodes every octet except `a-z A-Z 0-9 - . _ ~`, with upper-case hex. */
function strictUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Canonical form of a JSON document: `path=value` pairs of every leaf sorted by path. Numbers keep
 * their literal text, so the text is tokenised here rather than passed through JSON.parse.
 */
export function canonicalizeJson(jsonText: string): string {
  const pairs: { path: string; value: string }[] = [];
  let position = 0;

  const fail = (message: string): never => {
    throw new Error(`${message} at offset ${position}`);
  };
  const skipWhitespace = () => {
    while (position < jsonText.length && ' \t\r\n'.includes(jsonText[position] as string)) position++;
  };
  const readString = (): string => {
    const start = position;
    if (jsonText[position] !== '"') fail('string expected');
    position++;
    while (position < jsonText.length && jsonText[position] !== '"') {
      position += jsonText[position] === '\\' ? 2 : 1;
    }
    if (position >= jsonText.length) fail('unterminated string');
    position++;
    return JSON.parse(jsonText.slice(start, position)) as string;
  };
  const readValue = (path: string[], topLevel: boolean): void => {
    skipWhitespace();
    const char = jsonText[position];
    if (char === '{') {
      position++;
      const keys = new Set<string>();
      skipWhitespace();
      if (jsonText[position] === '}') {
        position++;
        return;
      }
      for (;;) {
        skipWhitespace();
        const key = readString();
        if (keys.has(key)) fail(`duplicate key ${JSON.stringify(key)}`);
        keys.add(key);
        skipWhitespace();
        if (jsonText[position] !== ':') fail('":" expected');
        position++;
        if (topLevel && key === 'checksum') {
          const kept = pairs.length;
          readValue([], false);
          pairs.length = kept;
        } else {
          readValue([...path, `"${strictUrlEncode(key)}"`], false);
        }
        skipWhitespace();
        if (jsonText[position] === ',') {
          position++;
          continue;
        }
        if (jsonText[position] === '}') {
          position++;
          return;
        }
        fail('"," or "}" expected');
      }
    }
    if (char === '[') {
      position++;
      skipWhitespace();
      if (jsonText[position] === ']') {
        position++;
        return;
      }
      for (let index = 0; ; index++) {
        readValue([...path, String(index)], false);
        skipWhitespace();
        if (jsonText[position] === ',') {
          position++;
          continue;
        }
        if (jsonText[position] === ']') {
          position++;
          return;
        }
        fail('"," or "]" expected');
      }
    }
    let value: string;
    if (char === '"') {
      value = `"${strictUrlEncode(readString())}"`;
    } else {
      const literal = /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)/.exec(jsonText.slice(position));
      if (!literal) return fail('value expected');
      value = literal[0];
      position += value.length;
    }
    pairs.push({ path: path.join('+'), value });
  };

  readValue([], true);
  skipWhitespace();
  if (position !== jsonText.length) fail('trailing characters');
  pairs.sort((a, b) => {
    const left = Buffer.from(a.path, 'utf8');
    const right = Buffer.from(b.path, 'utf8');
    return Buffer.compare(left, right);
  });
  return pairs.map((pair) => `${pair.path}=${pair.value}`).join(',');
}

import { isUtf8 } from 'node:buffer';
import { LIMITS } from './event-schema';
import { previewValue } from './value-preview';
import { validationIssue, type ValidationIssue } from './validation-issue';

/** The issue of a raw payload larger than LIMITS.MAX_EVENT_BYTES UTF-8 bytes, found before any parsing. */
export function oversizeIssue(raw: string | Uint8Array): ValidationIssue | undefined {
  let bytes: number;
  if (typeof raw !== 'string') bytes = raw.byteLength;
  // A UTF-16 unit is at most 3 UTF-8 bytes: only long strings need counting.
  else bytes = raw.length * 3 <= LIMITS.MAX_EVENT_BYTES ? 0 : Buffer.byteLength(raw, 'utf8');
  if (bytes <= LIMITS.MAX_EVENT_BYTES) return undefined;
  return validationIssue('', `a payload of at most ${LIMITS.MAX_EVENT_BYTES} bytes`, `${bytes} bytes`);
}

/** The same bytes as a Buffer, without copying. */
export function asBuffer(raw: Uint8Array): Buffer {
  return Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** The issue of bytes that are not valid UTF-8 (decoding would silently replace them). */
export function utf8Issue(bytes: Buffer): ValidationIssue | undefined {
  if (isUtf8(bytes)) return undefined;
  return validationIssue('', 'UTF-8 encoded JSON', `bytes ${bytes.subarray(0, 16).toString('hex')}${bytes.length > 16 ? '…' : ''}`);
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; issue: ValidationIssue };

export function parseJson(text: string): ParsedJson {
  if (text.trim() === '') return { ok: false, issue: validationIssue('', 'a JSON object', 'an empty payload') };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, issue: validationIssue('', 'valid JSON', previewValue(text), detail) };
  }
}

/** Longest rendering of a received value in a validation issue. */
export const PREVIEW_MAX_CHARS = 80;

const MAX_DEPTH = 3;
const MAX_ITEMS = 8;

/**
 * Renders any value as short JSON-like text for an error message. Bounded in depth, items and
 * length whatever the input (deep nesting, cycles, huge strings, getters that throw), so that
 * reporting an issue can never be the expensive or failing part of validation.
 */
export function previewValue(value: unknown): string {
  let text: string;
  try {
    text = render(value, 0);
  } catch {
    text = '(unreadable value)';
  }
  return text.length > PREVIEW_MAX_CHARS ? `${text.slice(0, PREVIEW_MAX_CHARS - 1)}…` : text;
}

function render(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > PREVIEW_MAX_CHARS ? value.slice(0, PREVIEW_MAX_CHARS) : value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    case 'function':
      return '(function)';
    default:
      break;
  }
  if (value === null) return 'null';
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item: unknown) => render(item, depth + 1));
    if (value.length > MAX_ITEMS) items.push('…');
    return `[${items.join(',')}]`;
  }
  if (value instanceof Uint8Array) return `(${value.byteLength} bytes)`;
  const keys = Object.keys(value as object);
  const entries = keys.slice(0, MAX_ITEMS).map((key) => `${JSON.stringify(key)}:${render((value as Record<string, unknown>)[key], depth + 1)}`);
  if (keys.length > MAX_ITEMS) entries.push('…');
  return `{${entries.join(',')}}`;
}

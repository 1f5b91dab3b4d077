import { PREVIEW_MAX_CHARS, previewValue } from './value-preview';

describe('previewValue', () => {
  it('shows values as JSON-like text', () => {
    expect(previewValue('x')).toBe('"x"');
    expect(previewValue(-5)).toBe('-5');
    expect(previewValue(null)).toBe('null');
    expect(previewValue(undefined)).toBe('undefined');
    expect(previewValue(true)).toBe('true');
    expect(previewValue(12n)).toBe('12n');
    expect(previewValue({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
  });

  it('stays short for huge, deep and cyclic values', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    for (const value of ['x'.repeat(1e6), Array.from({ length: 1e5 }, (_, i) => i), cyclic, deep]) {
      expect(previewValue(value).length).toBeLessThanOrEqual(PREVIEW_MAX_CHARS);
    }
    expect(previewValue(deep)).toBe('[[[[…]]]]');
    expect(previewValue('x'.repeat(200)).endsWith('…')).toBe(true);
  });

  it('survives values that throw when read', () => {
    const hostile = Object.defineProperty({}, 'a', {
      enumerable: true,
      get() {
        throw new Error('nope');
      },
    });
    expect(previewValue(hostile)).toBe('(unreadable value)');
  });
});

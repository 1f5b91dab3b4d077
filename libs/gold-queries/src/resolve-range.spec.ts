import { resolveRange } from './resolve-range';

describe('resolveRange', () => {
  it('resolves explicit days as given and the default preset otherwise', () => {
    expect(resolveRange({ from: '2026-11-01', to: '2026-11-03' }, '2026-11-24', undefined)).toEqual({ from: '2026-11-01', to: '2026-11-03' });
    expect(resolveRange({}, '2026-11-24', undefined)).toEqual({ from: '2026-11-18', to: '2026-11-24' });
    expect(resolveRange({ range: 'all' }, '2026-11-24', { first: '2026-11-02', last: '2026-11-20' })).toEqual({ from: '2026-11-02', to: '2026-11-24' });
  });
});

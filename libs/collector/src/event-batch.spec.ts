import { makeLikeEvent, makePlayEvent } from '@music/events/testing';
import { checkEventBatch } from './event-batch';

const now = Date.parse('2026-11-24T12:00:00.000Z');
const rules = { now, maxAgeMs: 7 * 24 * 3600 * 1000 };

describe('checkEventBatch', () => {
  it('accepts valid events and encodes them for Kafka keyed by user', () => {
    const play = makePlayEvent({ occurred_at: '2026-11-24T11:00:00.000Z' });
    const { accepted, results } = checkEventBatch([play], rules);
    expect(results).toEqual([{ index: 0, status: 'accepted', event_id: play.event_id }]);
    expect(accepted[0]?.key).toBe(play.user_id);
    expect(JSON.parse(accepted[0]?.value.toString() ?? '')).toEqual(play);
  });

  it('rejects each bad event on its own, with the field at fault', () => {
    const good = makeLikeEvent({ occurred_at: '2026-11-24T11:00:00.000Z' });
    const future = makePlayEvent({ occurred_at: '2026-11-24T13:30:00.000Z' });
    const ancient = makePlayEvent({ occurred_at: '2026-11-01T00:00:00.000Z' });
    const { accepted, results } = checkEventBatch([future, good, { hello: 'world' }, ancient, 42], rules);
    expect(accepted).toHaveLength(1);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'accepted', 'rejected', 'rejected', 'rejected']);
    const [r0, , r2, r3, r4] = results;
    expect(r0?.status === 'rejected' && r0.issues[0]?.path).toBe('occurred_at');
    expect(r0?.status === 'rejected' && r0.event_id).toBe(future.event_id);
    expect(r2?.status === 'rejected' && r2.issues.length).toBeGreaterThan(0);
    expect(r3?.status === 'rejected' && r3.issues[0]?.message).toContain('occurred_at: expected a time not before 2026-11-17T12:00:00.000Z');
    expect(r4?.status === 'rejected' && r4.event_id).toBeUndefined();
  });

  it('refuses events over 10 KB', () => {
    const big = makePlayEvent({ occurred_at: '2026-11-24T11:00:00.000Z', device: 'x'.repeat(11_000) });
    const [result] = checkEventBatch([big], rules).results;
    expect(result?.status).toBe('rejected');
    expect(result?.status === 'rejected' && result.issues[0]?.message).toMatch(/expected at most 10240 bytes of JSON, received \d+ bytes/);
  });
});

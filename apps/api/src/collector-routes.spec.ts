import { hashApiKey } from '@music/collector';
import type { EncodedEvent } from '@music/events';
import { makeLikeEvent, makePlayEvent } from '@music/events/testing';
import { buildApp } from './app';
import { PublishUnavailableError, type EventPublisher } from './event-publisher';

const NOW = Date.parse('2026-11-24T12:00:00.000Z');
const KEY = 'test-key-1';

class RecordingPublisher implements EventPublisher {
  readonly published: EncodedEvent[] = [];
  failWith: Error | undefined;
  async publish(events: readonly EncodedEvent[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.published.push(...events);
  }
}

async function app(overrides: { max?: number } = {}) {
  const publisher = new RecordingPublisher();
  const instance = await buildApp({
    collector: {
      publisher,
      apiKeyHashes: [hashApiKey(KEY)],
      maxEventAgeMs: 7 * 24 * 3600 * 1000,
      rateLimit: { max: overrides.max ?? 100, windowMs: 60_000 },
      now: () => NOW,
    },
  });
  return { instance, publisher };
}

const at = '2026-11-24T11:59:00.000Z';
const post = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${KEY}` }) => ({
  method: 'POST' as const,
  url: '/v1/events',
  headers: { 'content-type': 'application/json', ...headers },
  payload: JSON.stringify(body),
});

describe('POST /v1/events', () => {
  it('accepts valid events into Kafka and reports each event', async () => {
    const { instance, publisher } = await app();
    const events = [makePlayEvent({ occurred_at: at }), makeLikeEvent({ occurred_at: at })];
    const response = await instance.inject(post({ events }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      accepted: 2,
      rejected: 0,
      results: events.map((e, index) => ({ index, status: 'accepted', event_id: e.event_id })),
    });
    expect(publisher.published.map((p) => p.key)).toEqual(events.map((e) => e.user_id));
  });

  it('rejects bad events one by one and publishes only the good ones', async () => {
    const { instance, publisher } = await app();
    const good = makePlayEvent({ occurred_at: at });
    const response = await instance.inject(post({ events: [good, { ...good, country: 'Narnia' }] }));
    const body = response.json();
    expect(body.accepted).toBe(1);
    expect(body.results[1]).toMatchObject({ index: 1, status: 'rejected', event_id: good.event_id });
    expect(body.results[1].issues[0].path).toBe('country');
    expect(publisher.published).toHaveLength(1);
  });

  it.each([
    [{ events: [] }, 'body.events: expected at least one event'],
    [{ events: Array.from({ length: 1001 }, () => ({})) }, 'body.events: expected at most 1000 events'],
    [{ evnts: [] }, 'body.events'],
    [[1, 2], 'body'],
  ])('answers 400 naming the parameter for %#', async (body, message) => {
    const { instance } = await app();
    const response = await instance.inject(post(body));
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('bad_request');
    expect(response.json().message).toContain(message);
  });

  it('requires a valid API key', async () => {
    const { instance, publisher } = await app();
    const events = [makePlayEvent({ occurred_at: at })];
    expect((await instance.inject(post({ events }, {}))).statusCode).toBe(401);
    const wrong = await instance.inject(post({ events }, { 'x-api-key': 'nope' }));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().message).toContain('API key');
    expect((await instance.inject(post({ events }, { 'x-api-key': KEY }))).statusCode).toBe(200);
    expect(publisher.published).toHaveLength(1);
  });

  it('rate-limits per key with X-RateLimit headers and 429', async () => {
    const { instance } = await app({ max: 2 });
    const body = { events: [makePlayEvent({ occurred_at: at })] };
    const first = await instance.inject(post(body));
    expect(first.headers['x-ratelimit-limit']).toBe('2');
    expect(first.headers['x-ratelimit-remaining']).toBe('1');
    await instance.inject(post(body));
    const third = await instance.inject(post(body));
    expect(third.statusCode).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
    expect(third.json().message).toContain('rate limit of 2 requests');
  });

  it('answers 503 and accepts nothing when Kafka is unavailable', async () => {
    const { instance, publisher } = await app();
    publisher.failWith = new PublishUnavailableError(new Error('connect ECONNREFUSED'));
    const response = await instance.inject(post({ events: [makePlayEvent({ occurred_at: at })] }));
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json().message).toContain('nothing from this request was accepted');
  });

  it('describes the route in OpenAPI', async () => {
    const { instance } = await app();
    const spec = (await instance.inject('/openapi.json')).json();
    expect(spec.paths['/v1/events'].post.requestBody.content['application/json'].schema.properties.events.maxItems).toBe(1000);
    expect(Object.keys(spec.paths['/v1/events'].post.responses)).toEqual(expect.arrayContaining(['200', '401', '503']));
  });

  it('never leaks internals on a 500', async () => {
    const { instance, publisher } = await app();
    publisher.failWith = new Error('secret stack detail');
    const response = await instance.inject(post({ events: [makePlayEvent({ occurred_at: at })] }));
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret stack detail');
  });
});

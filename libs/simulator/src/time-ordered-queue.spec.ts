import { SeededRandom } from './seeded-random';
import { TimeOrderedQueue, type Scheduled } from './time-ordered-queue';

describe('TimeOrderedQueue', () => {
  it('always has the earliest item on top, ties broken by order', () => {
    const random = new SeededRandom('queue');
    const queue = new TimeOrderedQueue<Scheduled>();
    const items = Array.from({ length: 2_000 }, (_, order) => ({ nextAt: random.int(300), order }));
    for (const item of items) queue.push(item);
    const popped: Scheduled[] = [];
    for (let item = queue.pop(); item !== undefined; item = queue.pop()) popped.push(item);
    expect(popped).toEqual([...items].sort((a, b) => a.nextAt - b.nextAt || a.order - b.order));
    expect(queue.size).toBe(0);
    expect(queue.peek()).toBeUndefined();
  });

  it('reorders after the top item moves later', () => {
    const queue = new TimeOrderedQueue<Scheduled>();
    const a = { nextAt: 1, order: 0 };
    const b = { nextAt: 2, order: 1 };
    const c = { nextAt: 3, order: 2 };
    [c, a, b].forEach((item) => queue.push(item));
    a.nextAt = 10;
    queue.topChanged();
    expect([queue.pop(), queue.pop(), queue.pop()]).toEqual([b, c, a]);
  });
});

/** Something due at an instant; ties are broken by `order` so the result never depends on heap layout. */
export interface Scheduled {
  nextAt: number;
  readonly order: number;
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.nextAt < b.nextAt || (a.nextAt === b.nextAt && a.order < b.order);
}

/** Binary min-heap on `nextAt`: the session whose next event comes first is always on top. */
export class TimeOrderedQueue<T extends Scheduled> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    this.items.push(item);
    this.siftUp(this.items.length - 1);
  }

  /** Removes the top item. */
  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (top !== undefined && last !== undefined && this.items.length > 0) {
      this.items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Restores order after the top item's `nextAt` moved later. */
  topChanged(): void {
    this.siftDown(0);
  }

  private siftUp(index: number): void {
    const items = this.items;
    const item = items[index] as T;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex] as T;
      if (!before(item, parent)) break;
      items[index] = parent;
      index = parentIndex;
    }
    items[index] = item;
  }

  private siftDown(index: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[index];
    if (item === undefined) return;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(items[right] as T, items[left] as T) ? right : left;
      if (!before(items[child] as T, item)) break;
      items[index] = items[child] as T;
      index = child;
    }
    items[index] = item;
  }
}

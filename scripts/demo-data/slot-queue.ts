/**
 * The team's capacity as a min-heap of "free at" instants, one per parallel work slot. Taking the
 * earliest slot for each arrival is a multi-server FIFO queue (Lindley's recursion): it needs no
 * list of tickets, only one number per slot.
 */
export class SlotQueue {
  private readonly heap: Float64Array;

  constructor(size: number, freeAt: number) {
    this.heap = new Float64Array(Math.max(1, size)).fill(freeAt);
  }

  get size(): number {
    return this.heap.length;
  }

  /** When the earliest slot frees up. */
  min(): number {
    return this.heap[0] ?? 0;
  }

  /** Give the earliest slot a new free-at instant. */
  replaceMin(freeAt: number): void {
    const h = this.heap;
    const n = h.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && (h[r] ?? 0) < (h[l] ?? 0) ? r : l;
      const value = h[child] ?? 0;
      if (value >= freeAt) break;
      h[i] = value;
      i = child;
    }
    h[i] = freeAt;
  }
}

// Append-only typed arrays: a million tickets' tokens without a million small JS arrays.

export class GrowableInt32 {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index] as number;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** Grows to at least `length`, zero-filled; for counters indexed by id. */
  ensure(length: number): void {
    if (length <= this.length) return;
    if (length > this.data.length) {
      const next = new Int32Array(Math.max(length, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.length = length;
  }

  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

export class GrowableFloat32 {
  private data: Float32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  view(): Float32Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * The shipper's window of records sent and not yet acknowledged: a ring of
 * fixed capacity (the window), in position order, that yields the position
 * after the last record acknowledged in order. Typed arrays, not an object
 * per record: at tens of thousands of records a second the garbage collector
 * was the shipper's largest cost.
 * @module
 */

export class AckWindow {
  /** The position after each record in flight (a slot per record, reused). */
  private readonly nexts: Float64Array;
  private readonly sizes: Float64Array;
  private readonly done: Uint8Array;
  /** The slot of the oldest record in flight. */
  private head = 0;
  /** Records in flight (sent, not yet released in order). */
  count = 0;
  /** Their bytes. */
  bytes = 0;
  /** Records acknowledged out of order, waiting for an older one. */
  private early = 0;
  /** The position after the last record acknowledged in order. */
  acked = 0;

  constructor(readonly capacity: number) {
    this.nexts = new Float64Array(capacity);
    this.sizes = new Float64Array(capacity);
    this.done = new Uint8Array(capacity);
  }

  /** Empties it; `from` is where acknowledged positions start. */
  reset(from: number): void {
    this.head = this.count = this.bytes = this.early = 0;
    this.done.fill(0);
    this.acked = from;
  }

  /** Whether a record of `size` bytes may be sent now under `maxBytes` (a lone record always may). */
  fits(size: number, maxBytes: number): boolean {
    return this.count === 0 || (this.count < this.capacity && this.bytes + size <= maxBytes);
  }

  /** Adds a record sent; returns its slot (valid until it is released). */
  push(next: number, size: number): number {
    const slot = (this.head + this.count) % this.capacity;
    this.nexts[slot] = next;
    this.sizes[slot] = size;
    this.done[slot] = 0;
    this.count++;
    this.bytes += size;
    return slot;
  }

  /** Marks the record in `slot` acknowledged and releases every leading acknowledged one. */
  acknowledge(slot: number): void {
    if (slot !== this.head) {
      this.done[slot] = 1;
      this.early++;
      return;
    }
    this.release();
    while (this.early > 0 && this.count > 0 && this.done[this.head] === 1) {
      this.early--;
      this.release();
    }
  }

  private release(): void {
    const slot = this.head;
    this.done[slot] = 0;
    this.acked = this.nexts[slot] as number;
    this.bytes -= this.sizes[slot] as number;
    this.count--;
    this.head = (slot + 1) % this.capacity;
  }
}

/**
 * Bytes copied out of a mapping, as readers hand out every record.
 *
 * A Uint8Array of its own per record would cost an ArrayBuffer allocation
 * per record (V8 keeps arrays of up to 64 bytes on its heap, larger ones
 * take an allocation of their own: microseconds apiece on the machine of
 * docs/benchmarks.md). Small copies are therefore views into a slab of this
 * module's, which holds record copies and nothing else: unlike Node's Buffer
 * pool, a slab's `.buffer` never shows the process's other data. The slab is
 * marked untransferable (a `postMessage` transfer of a record's `.buffer`
 * throws, or copies on older Node), and a slab detached all the same (by
 * `ArrayBuffer#transfer`) is replaced rather than written into.
 * @module
 */
import { markAsUntransferable } from 'node:worker_threads';

/** Bytes per slab. */
const SLAB_SIZE = 64 * 1024;
/** Copies larger than this get an ArrayBuffer of their own. */
const SHARED_MAX = 4096;

let slab = new ArrayBuffer(0);
let used = 0;

/**
 * Bytes `[start, end)` of `view` copied into memory no other caller writes,
 * as a plain Uint8Array, sized by what `view` holds (as `slice` would be).
 * Copies of up to {@link SHARED_MAX} bytes share a slab with other copies:
 * only a copy's own `byteOffset`, `byteLength` range belongs to it.
 */
export function copyOut(view: Uint8Array, start: number, end: number): Uint8Array {
  const source = view.subarray(start, end);
  const length = source.length;
  if (length > SHARED_MAX) return source.slice();
  if (slab.byteLength === 0 || used + length > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_SIZE);
    markAsUntransferable(slab);
    used = 0;
  }
  const copy = new Uint8Array(slab, used, length);
  copy.set(source);
  // 8-byte aligned, so that a copy can be viewed as wider elements.
  used += (length + 7) & ~7;
  return copy;
}

/**
 * Bytes copied out of a mapping, as readers hand out every record.
 * @module
 */
import { Buffer } from 'node:buffer';

/**
 * Bytes `[start, end)` of `view` copied into memory of their own, as a plain
 * Uint8Array. Small copies are carved from Node's Buffer pool
 * (`Buffer.allocUnsafe`) rather than given an ArrayBuffer each: a reader
 * copies out every record, and each new ArrayBuffer is an allocation of its
 * own (microseconds apiece on the machine of docs/benchmarks.md). As with any
 * small Buffer, the copy's `.buffer` may hold other copies too: only its own
 * `byteOffset`, `byteLength` range belongs to it.
 */
export function copyOut(view: Uint8Array, start: number, end: number): Uint8Array {
  // Sized by what the view holds, as `slice` would be: every byte of the
  // uninitialised pooled memory is then written, none of another copy shown.
  const source = view.subarray(start, end);
  const pooled = Buffer.allocUnsafe(source.length);
  pooled.set(source);
  return new Uint8Array(pooled.buffer, pooled.byteOffset, pooled.byteLength);
}

/**
 * What a value passed as bytes really is and holds, read through the
 * intrinsic `%TypedArray%.prototype` getters: a Proxy, an object whose
 * prototype was set to `Uint8Array.prototype`, or an instance with its own
 * `byteLength` can lie to `instanceof` and to property reads, not to these.
 * An append claims the space its record needs before it copies the bytes, so
 * a length that differs from what the copy writes would overwrite another
 * writer's record.
 * @module
 */

const TYPED_ARRAY = Object.getPrototypeOf(Uint8Array.prototype) as object;

function intrinsicGetter<T>(key: PropertyKey): (this: unknown) => T {
  const get = Object.getOwnPropertyDescriptor(TYPED_ARRAY, key)?.get;
  if (get === undefined) throw new Error(`%TypedArray%.prototype has no ${String(key)} getter`);
  return get as (this: unknown) => T;
}

/** The element type's name of a typed array (`'Uint8Array'`…), undefined for anything else; never throws. */
const typedArrayTag = intrinsicGetter<string | undefined>(Symbol.toStringTag);
const typedArrayByteLength = intrinsicGetter<number>('byteLength');
const typedArrayBuffer = intrinsicGetter<ArrayBufferLike>('buffer');

/** The byte length of `value` if it is a Uint8Array (a Buffer included), else -1. */
export function uint8ArrayLength(value: unknown): number {
  return typedArrayTag.call(value) === 'Uint8Array' ? typedArrayByteLength.call(value) : -1;
}

/** Whether the buffer of the Uint8Array `view` was detached (transferred): it holds no bytes any more. */
export function isDetached(view: Uint8Array): boolean {
  try {
    // Node 20 has no `ArrayBuffer.prototype.detached`; constructing a view over a detached buffer throws
    // (any buffer, of any realm; a SharedArrayBuffer is never detached).
    new Uint8Array(typedArrayBuffer.call(view), 0, 0);
    return false;
  } catch {
    return true;
  }
}

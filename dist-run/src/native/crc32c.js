/**
 * CRC32C (Castagnoli). Bulk data goes through the native, hardware-accelerated
 * implementation; the few header bytes that prefix every framed record are
 * folded in here in JavaScript, which costs less than a second native call.
 * @module
 */
import { native } from './binding.js';
const POLY = 0x82f63b78;
const TABLE = new Int32Array(256);
for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++)
        c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    TABLE[i] = c;
}
/**
 * Slicing-by-4 tables: `TABLE_K[b]` is the register after byte `b` and then
 * `K` zero bytes, so a 32-bit word folds in with four independent lookups
 * instead of four dependent ones (the frame header is folded on every append).
 */
const TABLE_1 = new Int32Array(256);
const TABLE_2 = new Int32Array(256);
const TABLE_3 = new Int32Array(256);
for (let i = 0; i < 256; i++) {
    TABLE_1[i] = TABLE[TABLE[i] & 0xff] ^ (TABLE[i] >>> 8);
    TABLE_2[i] = TABLE[TABLE_1[i] & 0xff] ^ (TABLE_1[i] >>> 8);
    TABLE_3[i] = TABLE[TABLE_2[i] & 0xff] ^ (TABLE_2[i] >>> 8);
}
/** Folds the 4 little-endian bytes of `value` into a raw (non-inverted) CRC register. */
function foldU32(register, value) {
    const x = register ^ value;
    return TABLE_3[x & 0xff] ^ TABLE_2[(x >>> 8) & 0xff] ^ TABLE_1[(x >>> 16) & 0xff] ^ TABLE[x >>> 24];
}
/**
 * Extends the finished CRC32C `crc` (0 to start) over bytes, in JavaScript.
 * Nothing in src/ calls it: it is the JavaScript side of the CRC comparison
 * in bench/readBench.ts.
 */
export function crc32cJs(crc, bytes) {
    let c = ~crc;
    for (let i = 0; i < bytes.length; i++)
        c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return ~c >>> 0;
}
/**
 * Below this many bytes the JavaScript loop is no slower than the native
 * call, whose fixed cost (an ordinary V8 API call) dominates short inputs
 * (measured: docs/benchmarks.md, "Hot path").
 */
export const NATIVE_CRC_THRESHOLD = 24;
/** Extends the finished CRC32C `crc` over `length` bytes of `u8` at `offset`, in JavaScript (for short inputs). */
export function crc32cShort(crc, u8, offset, length) {
    let c = ~crc;
    let i = offset;
    const end = offset + length;
    // Four bytes at a time (slicing-by-4: four independent lookups), then the rest one by one.
    for (const words = end - 3; i < words; i += 4) {
        c = foldU32(c, u8[i] | (u8[i + 1] << 8) | (u8[i + 2] << 16) | (u8[i + 3] << 24));
    }
    for (; i < end; i++)
        c = TABLE[(c ^ u8[i]) & 0xff] ^ (c >>> 8);
    return ~c >>> 0;
}
/** Extends the finished CRC32C `crc` over `length` bytes of `buffer` at `offset` (native). */
export function crc32c(buffer, offset, length, crc = 0) {
    return native.crc32c(buffer, offset, length, crc);
}
/**
 * CRC32C extending `crc` over `length` mapped bytes at `offset` (`u8` views
 * `buffer`): in JavaScript when they are too few to be worth a native call.
 * What framed writers and frame checks both use for a payload.
 */
export function crc32cMapped(buffer, u8, offset, length, crc) {
    return length < NATIVE_CRC_THRESHOLD
        ? crc32cShort(crc, u8, offset, length)
        : native.crc32c(buffer, offset, length, crc);
}
/** Which native implementation is in use: "sse4.2", "armv8-crc" or "table". */
export function crc32cImplementation() {
    return native.crc32cImplementation();
}
/** Raw CRC register after folding the 8-byte log id, computed once per log. */
export function logIdRegister(logIdLo, logIdHi) {
    return foldU32(foldU32(~0, logIdLo), logIdHi);
}
/**
 * Finished CRC32C of `logId ‖ pos ‖ lenWord` (all little-endian; pos as 64
 * bits), given the register from {@link logIdRegister}. Passing it as the seed
 * of the payload CRC yields CRC32C(logId ‖ pos ‖ lenWord ‖ payload).
 */
export function frameSeed(idRegister, pos, lenWord) {
    const hi = (pos / 0x100000000) >>> 0;
    return ~foldU32(foldU32(foldU32(idRegister, pos >>> 0), hi), lenWord) >>> 0;
}
//# sourceMappingURL=crc32c.js.map
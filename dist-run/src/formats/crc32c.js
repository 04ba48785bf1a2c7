/**
 * CRC32C (Castagnoli). Bulk data goes through the native, hardware-accelerated
 * implementation; the few header bytes that prefix every framed record are
 * folded in here in JavaScript, which costs less than a second native call.
 * @module
 */
import { native } from '../native.js';
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
 * The reference implementation: tests compare the native one against it.
 */
export function crc32cJs(crc, bytes) {
    let c = ~crc;
    for (let i = 0; i < bytes.length; i++)
        c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return ~c >>> 0;
}
/**
 * Below this many bytes the JavaScript loop (~1.5 ns a byte) is no slower
 * than the native call, whose fixed cost is ~15 ns as a fast API call and
 * ~45 ns as an ordinary one (Node versions other than 20).
 */
export const NATIVE_CRC_THRESHOLD = 16;
/** Extends the finished CRC32C `crc` over `length` bytes of `u8` at `offset`, in JavaScript (for short inputs). */
export function crc32cShort(crc, u8, offset, length) {
    let c = ~crc;
    for (let i = offset, end = offset + length; i < end; i++)
        c = TABLE[(c ^ u8[i]) & 0xff] ^ (c >>> 8);
    return ~c >>> 0;
}
/** Extends the finished CRC32C `crc` over `length` bytes of `buffer` at `offset` (native). */
export function crc32c(buffer, offset, length, crc = 0) {
    return native.crc32c(buffer, offset, length, crc);
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
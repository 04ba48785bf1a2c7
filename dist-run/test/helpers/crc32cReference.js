/**
 * CRC32C (Castagnoli), byte at a time from a table built here: the reference
 * the native implementation and the frame layout are tested against. It
 * shares no code with src/, so a bug there cannot hide by agreeing with itself.
 */
/** The reflected Castagnoli polynomial. */
const POLYNOMIAL = 0x82f63b78;
const TABLE = Uint32Array.from({ length: 256 }, (_, byte) => {
    let c = byte;
    for (let bit = 0; bit < 8; bit++)
        c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    return c;
});
/** Extends the finished CRC32C `crc` (0 to start) over `bytes`. */
export function crc32cReference(crc, bytes) {
    let c = ~crc >>> 0;
    for (const byte of bytes)
        c = TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
    return ~c >>> 0;
}
//# sourceMappingURL=crc32cReference.js.map
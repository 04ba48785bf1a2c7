/**
 * CRC32C (Castagnoli), byte at a time from a table built here: the reference
 * the native implementation and the frame layout are tested against. It
 * shares no code with src/, so a bug there cannot hide by agreeing with itself.
 */
/** Extends the finished CRC32C `crc` (0 to start) over `bytes`. */
export declare function crc32cReference(crc: number, bytes: Uint8Array): number;

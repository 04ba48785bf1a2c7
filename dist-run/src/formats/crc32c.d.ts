/**
 * Extends the finished CRC32C `crc` (0 to start) over bytes, in JavaScript.
 * The reference implementation: tests compare the native one against it.
 */
export declare function crc32cJs(crc: number, bytes: Uint8Array): number;
/**
 * Below this many bytes the JavaScript loop (~1.5 ns a byte) is no slower
 * than the native call, whose fixed cost is ~15 ns as a fast API call and
 * ~45 ns as an ordinary one (Node versions other than 20).
 */
export declare const NATIVE_CRC_THRESHOLD = 16;
/** Extends the finished CRC32C `crc` over `length` bytes of `u8` at `offset`, in JavaScript (for short inputs). */
export declare function crc32cShort(crc: number, u8: Uint8Array, offset: number, length: number): number;
/** Extends the finished CRC32C `crc` over `length` bytes of `buffer` at `offset` (native). */
export declare function crc32c(buffer: SharedArrayBuffer | ArrayBufferView, offset: number, length: number, crc?: number): number;
/** Which native implementation is in use: "sse4.2", "armv8-crc" or "table". */
export declare function crc32cImplementation(): string;
/** Raw CRC register after folding the 8-byte log id, computed once per log. */
export declare function logIdRegister(logIdLo: number, logIdHi: number): number;
/**
 * Finished CRC32C of `logId ‖ pos ‖ lenWord` (all little-endian; pos as 64
 * bits), given the register from {@link logIdRegister}. Passing it as the seed
 * of the payload CRC yields CRC32C(logId ‖ pos ‖ lenWord ‖ payload).
 */
export declare function frameSeed(idRegister: number, pos: number, lenWord: number): number;

/**
 * The framed record layout (format `framed`), shared by the writer, readers
 * and recovery. See `docs/format.md`.
 *
 * ```
 * pos+0  u32 lenWord   bits 0-27 payload length, bits 28-31 type; 0 = not committed
 * pos+4  u32 crc       CRC32C(logId ‖ pos ‖ lenWord ‖ payload)   (padding: no payload)
 * pos+8  payload, then zero bytes up to the next multiple of 8
 * ```
 * The lenWord is stored last, with a release store: a reader that sees it
 * non-zero sees the whole record.
 * @module
 */
export const HEADER_SIZE = 8;
export const ALIGNMENT = 8;
export const LENGTH_MASK = 0x0fffffff;
export const TYPE_SHIFT = 28;
/** Record types in the top 4 bits of the lenWord. */
export const RecordType = {
    /** A user record. */
    DATA: 1,
    /** Filler with no payload meaning: a dead writer's claim, or space skipped by recovery. */
    PADDING: 2,
    /** The log's own header record at position 0 (identity of the data file). */
    META: 3,
};
/** Bytes a record with `length` bytes of payload occupies. */
export function frameSize(length) {
    return (length + HEADER_SIZE + ALIGNMENT - 1) & ~(ALIGNMENT - 1);
}
export function lenWordOf(type, length) {
    return ((type << TYPE_SHIFT) | length) >>> 0;
}
/** "MMLOGDAT": first bytes of the META record's payload. */
export const META_MAGIC = 'MMLOGDAT';
/** Payload bytes of the META record, so that its frame is exactly 64 bytes. */
export const META_PAYLOAD_SIZE = 56;
/** Position of the first user record in a framed log. */
export const FRAMED_DATA_START = frameSize(META_PAYLOAD_SIZE);
//# sourceMappingURL=frame.js.map
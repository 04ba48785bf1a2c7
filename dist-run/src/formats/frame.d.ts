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
export declare const HEADER_SIZE = 8;
export declare const ALIGNMENT = 8;
export declare const LENGTH_MASK = 268435455;
export declare const TYPE_SHIFT = 28;
/** Record types in the top 4 bits of the lenWord. */
export declare const RecordType: {
    /** A user record. */
    readonly DATA: 1;
    /** Filler with no payload meaning: a dead writer's claim, or space skipped by recovery. */
    readonly PADDING: 2;
    /** The log's own header record at position 0 (identity of the data file). */
    readonly META: 3;
};
/** Bytes a record with `length` bytes of payload occupies. */
export declare function frameSize(length: number): number;
export declare function lenWordOf(type: number, length: number): number;
/** "MMLOGDAT": first bytes of the META record's payload. */
export declare const META_MAGIC = "MMLOGDAT";
/** Payload bytes of the META record, so that its frame is exactly 64 bytes. */
export declare const META_PAYLOAD_SIZE = 56;
/** Position of the first user record in a framed log. */
export declare const FRAMED_DATA_START: number;

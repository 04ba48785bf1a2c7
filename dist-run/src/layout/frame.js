/**
 * The framed record layout (format `framed`), shared by the writer, readers
 * and recovery. `docs/format.md` documents it, and `test/formatSpec.test.ts`
 * holds that document equal to the declarations here.
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
import { offsetsOf } from './control.js';
/** The fields of a frame header, at offsets from the frame's position. */
export const FrameField = {
    LEN_WORD: { offset: 0, size: 4, type: 'u32' },
    CRC: { offset: 4, size: 4, type: 'u32' },
};
/** Bytes of a frame header: the lenWord, then the CRC; the payload follows. */
export const HEADER_SIZE = 8;
/** Offset of the lenWord in a frame. */
export const LEN_WORD_OFFSET = FrameField.LEN_WORD.offset;
/** Offset of the CRC32C in a frame. */
export const CRC_OFFSET = FrameField.CRC.offset;
/** Every frame starts at a multiple of this, and occupies a multiple of it. */
export const ALIGNMENT = 8;
/** The payload length: bits 0-27 of the lenWord. */
export const LENGTH_MASK = 0x0fffffff;
/** The record type: bits 28-31 of the lenWord. */
export const TYPE_SHIFT = 28;
/** Record types in the top 4 bits of the lenWord. */
export const RecordType = {
    /** A user record. */
    DATA: 1,
    /** Filler with no payload meaning: the claim of a writer that died before committing it. */
    PADDING: 2,
    /** The log's own header record at position 0 (identity of the data file). */
    META: 3,
    /**
     * Filler over bytes that should have held records and do not: a region no
     * writer's claim accounts for (zeroed or stale pages after an OS crash), or
     * corrupt records padded over by recovery. Readers step over it; `verify`
     * reports it as lost data.
     */
    LOST: 4,
};
/** Bytes a record with `length` bytes of payload occupies. */
export function frameSize(length) {
    return (length + HEADER_SIZE + ALIGNMENT - 1) & ~(ALIGNMENT - 1);
}
/** The lenWord of a frame of `type` with `length` payload bytes, as an unsigned 32-bit integer. */
export function lenWordOf(type, length) {
    return ((type << TYPE_SHIFT) | length) >>> 0;
}
/** Bytes a record of `length` payload bytes occupies in a log of `format` (raw: exactly its bytes). */
export function recordFootprint(format, length) {
    return format === 'framed' ? frameSize(length) : length;
}
/** Bytes of the largest padding frame written (its length must fit the 28 length bits); a longer gap takes several. */
export const MAX_PADDING_SIZE = 128 * 1024 * 1024;
/** "MMLOGDAT": first bytes of the META record's payload. */
export const META_MAGIC = 'MMLOGDAT';
/** Payload bytes of the META record, so that its frame is exactly 64 bytes. */
export const META_PAYLOAD_SIZE = 56;
/** Position of the META record: the first frame of a framed data file. */
export const META_POSITION = 0;
/**
 * The fields of the META record, at offsets from its position (so also
 * positions in the data file). The bytes between and after them are zero.
 */
export const MetaField = {
    LEN_WORD: FrameField.LEN_WORD, // lenWordOf(RecordType.META, META_PAYLOAD_SIZE)
    CRC: FrameField.CRC,
    MAGIC: { offset: HEADER_SIZE, size: 8, type: 'bytes' }, // META_MAGIC
    VERSION: { offset: 16, size: 4, type: 'u32' }, // FORMAT_VERSION
    LOG_ID_LO: { offset: 24, size: 4, type: 'u32' }, // the control file's logId
    LOG_ID_HI: { offset: 28, size: 4, type: 'u32' },
    CREATED_AT: { offset: 32, size: 8, type: 'f64' }, // the control file's createdAt
};
/** Offsets of the fields of the META record. */
export const MetaOffset = offsetsOf(MetaField);
/** Position of the first user record in a framed log: right after the META record. */
export const FRAMED_DATA_START = META_POSITION + frameSize(META_PAYLOAD_SIZE);
/** Position of the first user record, by format: a raw log has no header record. */
export const DATA_START = { raw: 0, framed: FRAMED_DATA_START };
//# sourceMappingURL=frame.js.map
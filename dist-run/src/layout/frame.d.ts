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
import { type FormatName } from './control.js';
/** The fields of a frame header, at offsets from the frame's position. */
export declare const FrameField: {
    readonly LEN_WORD: {
        readonly offset: 0;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly CRC: {
        readonly offset: 4;
        readonly size: 4;
        readonly type: "u32";
    };
};
/** Bytes of a frame header: the lenWord, then the CRC; the payload follows. */
export declare const HEADER_SIZE = 8;
/** Offset of the lenWord in a frame. */
export declare const LEN_WORD_OFFSET: 0;
/** Offset of the CRC32C in a frame. */
export declare const CRC_OFFSET: 4;
/** Every frame starts at a multiple of this, and occupies a multiple of it. */
export declare const ALIGNMENT = 8;
/** The payload length: bits 0-27 of the lenWord. */
export declare const LENGTH_MASK = 268435455;
/** The record type: bits 28-31 of the lenWord. */
export declare const TYPE_SHIFT = 28;
/** Record types in the top 4 bits of the lenWord. */
export declare const RecordType: {
    /** A user record. */
    readonly DATA: 1;
    /** Filler with no payload meaning: the claim of a writer that died before committing it. */
    readonly PADDING: 2;
    /** The log's own header record at position 0 (identity of the data file). */
    readonly META: 3;
    /**
     * Filler over bytes that should have held records and do not: a region no
     * writer's claim accounts for (zeroed or stale pages after an OS crash), or
     * corrupt records padded over by recovery. Readers step over it; `verify`
     * reports it as lost data.
     */
    readonly LOST: 4;
};
/** Bytes a record with `length` bytes of payload occupies. */
export declare function frameSize(length: number): number;
/** The lenWord of a frame of `type` with `length` payload bytes, as an unsigned 32-bit integer. */
export declare function lenWordOf(type: number, length: number): number;
/** Bytes a record of `length` payload bytes occupies in a log of `format` (raw: exactly its bytes). */
export declare function recordFootprint(format: FormatName, length: number): number;
/** Bytes of the largest padding frame written (its length must fit the 28 length bits); a longer gap takes several. */
export declare const MAX_PADDING_SIZE: number;
/** "MMLOGDAT": first bytes of the META record's payload. */
export declare const META_MAGIC = "MMLOGDAT";
/** Payload bytes of the META record, so that its frame is exactly 64 bytes. */
export declare const META_PAYLOAD_SIZE = 56;
/** Position of the META record: the first frame of a framed data file. */
export declare const META_POSITION = 0;
/**
 * The fields of the META record, at offsets from its position (so also
 * positions in the data file). The bytes between and after them are zero.
 */
export declare const MetaField: {
    readonly LEN_WORD: {
        readonly offset: 0;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly CRC: {
        readonly offset: 4;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly MAGIC: {
        readonly offset: 8;
        readonly size: 8;
        readonly type: "bytes";
    };
    readonly VERSION: {
        readonly offset: 16;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly LOG_ID_LO: {
        readonly offset: 24;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly LOG_ID_HI: {
        readonly offset: 28;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly CREATED_AT: {
        readonly offset: 32;
        readonly size: 8;
        readonly type: "f64";
    };
};
/** Offsets of the fields of the META record. */
export declare const MetaOffset: import("./control.js").Offsets<{
    readonly LEN_WORD: {
        readonly offset: 0;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly CRC: {
        readonly offset: 4;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly MAGIC: {
        readonly offset: 8;
        readonly size: 8;
        readonly type: "bytes";
    };
    readonly VERSION: {
        readonly offset: 16;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly LOG_ID_LO: {
        readonly offset: 24;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly LOG_ID_HI: {
        readonly offset: 28;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly CREATED_AT: {
        readonly offset: 32;
        readonly size: 8;
        readonly type: "f64";
    };
}>;
/** Position of the first user record in a framed log: right after the META record. */
export declare const FRAMED_DATA_START: number;
/** Position of the first user record, by format: a raw log has no header record. */
export declare const DATA_START: Readonly<Record<FormatName, number>>;

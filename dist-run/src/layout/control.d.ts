/**
 * Byte layout of the control file (`<log>.ctl`), version 1. `docs/format.md`
 * documents it byte by byte, and `test/formatSpec.test.ts` holds every row of
 * that document equal to the declarations here.
 *
 * All integers are little-endian. Each group of fields that different
 * processes write at different rates sits on its own 64-byte cache line, so
 * that the one hot, contended word (the cursor) does not make every other
 * field bounce between cores.
 * @module
 */
/** How a field is stored: `bytes` is an opaque byte string; the others are little-endian numbers. */
export type FieldType = 'bytes' | 'u32' | 'i32' | 'i64' | 'f64';
/** Where a field lies in its structure, how wide it is, and how it is stored. */
export interface FieldSpec {
    readonly offset: number;
    readonly size: number;
    readonly type: FieldType;
}
/** The offsets of a set of fields, by name. */
export type Offsets<T extends Record<string, FieldSpec>> = {
    readonly [K in keyof T]: T[K]['offset'];
};
/** Extracts the offsets of `fields`, so that each offset is written down once, next to its size and type. */
export declare function offsetsOf<const T extends Record<string, FieldSpec>>(fields: T): Offsets<T>;
/** Bytes of one cache line: the unit the header's field groups and each writer slot are aligned to. */
export declare const CACHE_LINE = 64;
/** "MMLOGCTL" as bytes. */
export declare const MAGIC: Buffer<ArrayBuffer>;
/** Format version written by this code; other versions are refused. */
export declare const FORMAT_VERSION = 1;
/** Identifier of each data format, recorded at creation. */
export declare const FORMAT_ID: {
    readonly raw: 1;
    readonly framed: 2;
};
/** A data format name. */
export type FormatName = keyof typeof FORMAT_ID;
/** The fields of the header page. */
export declare const HeaderField: {
    readonly MAGIC: {
        readonly offset: 0;
        readonly size: 8;
        readonly type: "bytes";
    };
    readonly VERSION: {
        readonly offset: 8;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly CONTROL_SIZE: {
        readonly offset: 12;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly FORMAT: {
        readonly offset: 16;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly CHUNK_SIZE: {
        readonly offset: 20;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly MAX_RECORD_SIZE: {
        readonly offset: 24;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly SLOT_COUNT: {
        readonly offset: 28;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly LOG_ID_LO: {
        readonly offset: 32;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly LOG_ID_HI: {
        readonly offset: 36;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly CREATED_AT: {
        readonly offset: 40;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly DATA_START: {
        readonly offset: 48;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly PAGE_SIZE: {
        readonly offset: 52;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly CURSOR: {
        readonly offset: 64;
        readonly size: 8;
        readonly type: "i64";
    };
    readonly ALLOCATED: {
        readonly offset: 128;
        readonly size: 8;
        readonly type: "i64";
    };
    readonly FLAGS: {
        readonly offset: 136;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly SPACE_SHORT: {
        readonly offset: 140;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly COMMITTED: {
        readonly offset: 192;
        readonly size: 8;
        readonly type: "i64";
    };
    readonly DURABLE: {
        readonly offset: 256;
        readonly size: 8;
        readonly type: "i64";
    };
    readonly NOTIFY_SEQ: {
        readonly offset: 320;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly WAITERS: {
        readonly offset: 384;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly BOOT_ID: {
        readonly offset: 448;
        readonly size: 16;
        readonly type: "bytes";
    };
    readonly STAT_GROWTHS: {
        readonly offset: 512;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly STAT_TRIMS: {
        readonly offset: 516;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly STAT_SLOTS_RECLAIMED: {
        readonly offset: 520;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly STAT_CLAIMS_ABANDONED: {
        readonly offset: 524;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly STAT_CLAIMS_PADDED: {
        readonly offset: 528;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly SEGMENT_SIZE: {
        readonly offset: 1024;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly ROLL_EVERY: {
        readonly offset: 1032;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly RETAIN_SEGMENTS: {
        readonly offset: 1040;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly RETAIN_BYTES: {
        readonly offset: 1048;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly RETAIN_AGE: {
        readonly offset: 1056;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly FIRST_SEGMENT: {
        readonly offset: 1088;
        readonly size: 8;
        readonly type: "i64";
    };
    readonly SEGMENT_RING: {
        readonly offset: 1152;
        readonly size: 2048;
        readonly type: "bytes";
    };
};
/** Bytes of the header page; the writer slots follow it. */
export declare const HEADER_PAGE_SIZE = 4096;
/** Byte offsets of the fields of the header page, and of the first writer slot (`SLOTS`). */
export declare const Offset: {
    readonly SLOTS: 4096;
    readonly MAGIC: 0;
    readonly VERSION: 8;
    readonly CONTROL_SIZE: 12;
    readonly FORMAT: 16;
    readonly CHUNK_SIZE: 20;
    readonly MAX_RECORD_SIZE: 24;
    readonly SLOT_COUNT: 28;
    readonly LOG_ID_LO: 32;
    readonly LOG_ID_HI: 36;
    readonly CREATED_AT: 40;
    readonly DATA_START: 48;
    readonly PAGE_SIZE: 52;
    readonly CURSOR: 64;
    readonly ALLOCATED: 128;
    readonly FLAGS: 136;
    readonly SPACE_SHORT: 140;
    readonly COMMITTED: 192;
    readonly DURABLE: 256;
    readonly NOTIFY_SEQ: 320;
    readonly WAITERS: 384;
    readonly BOOT_ID: 448;
    readonly STAT_GROWTHS: 512;
    readonly STAT_TRIMS: 516;
    readonly STAT_SLOTS_RECLAIMED: 520;
    readonly STAT_CLAIMS_ABANDONED: 524;
    readonly STAT_CLAIMS_PADDED: 528;
    readonly SEGMENT_SIZE: 1024;
    readonly ROLL_EVERY: 1032;
    readonly RETAIN_SEGMENTS: 1040;
    readonly RETAIN_BYTES: 1048;
    readonly RETAIN_AGE: 1056;
    readonly FIRST_SEGMENT: 1088;
    readonly SEGMENT_RING: 1152;
};
/** Bytes of one entry of the segment ring: one cache line. */
export declare const SEGMENT_ENTRY_SIZE = 64;
/** Entries in the segment ring: segment `k` uses entry `k % SEGMENT_RING_SIZE`. */
export declare const SEGMENT_RING_SIZE: number;
/**
 * The fields of a segment ring entry, at offsets from the entry's start. An
 * entry describes segment `k` only while its SEGMENT holds `k + 1`; the roll
 * that activates segment `k + SEGMENT_RING_SIZE` takes it over, after making
 * sure the sealed segment it described was cut to its sealed end.
 */
export declare const SegmentEntryField: {
    readonly SEGMENT: {
        readonly offset: 0;
        readonly size: 8;
        readonly type: "i64";
    };
    readonly ACTIVATED_AT: {
        readonly offset: 8;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly SEAL_END: {
        readonly offset: 16;
        readonly size: 8;
        readonly type: "i64";
    };
    readonly SEALED_AT: {
        readonly offset: 24;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly FIRST_RECORD: {
        readonly offset: 32;
        readonly size: 8;
        readonly type: "i64";
    };
};
/** Byte offsets inside a segment ring entry. */
export declare const SegmentEntryOffset: Offsets<{
    readonly SEGMENT: {
        readonly offset: 0;
        readonly size: 8;
        readonly type: "i64";
    };
    readonly ACTIVATED_AT: {
        readonly offset: 8;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly SEAL_END: {
        readonly offset: 16;
        readonly size: 8;
        readonly type: "i64";
    };
    readonly SEALED_AT: {
        readonly offset: 24;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly FIRST_RECORD: {
        readonly offset: 32;
        readonly size: 8;
        readonly type: "i64";
    };
}>;
/** Byte offset of the ring entry of segment `k` in the control file. */
export declare function segmentEntryOffset(k: number): number;
/** Bits of the FLAGS word. */
export declare const Flag: {
    /** The data file exists and is initialised (framed: its META record is written). */
    readonly DATA_READY: 1;
    /**
     * Reserved for a process that finds the log inconsistent. Version 1 never
     * sets it; open() for appending refuses a log that has it, and recovery
     * clears it.
     */
    readonly PANICKED: 2;
};
/** Bytes of one writer slot: one cache line, written only by its owner. */
export declare const SLOT_SIZE = 64;
/** The fields of a writer slot, at offsets from the slot's start. */
export declare const SlotField: {
    readonly PID: {
        readonly offset: 0;
        readonly size: 4;
        readonly type: "i32";
    };
    readonly THREAD_ID: {
        readonly offset: 4;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly START_TIME: {
        readonly offset: 8;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly CLAIM_FLOOR: {
        readonly offset: 16;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly CLAIM_POS: {
        readonly offset: 24;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly CLAIM_LEN: {
        readonly offset: 32;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly OPENED_AT: {
        readonly offset: 40;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly ROLE: {
        readonly offset: 48;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly BOOT_TAG: {
        readonly offset: 56;
        readonly size: 8;
        readonly type: "bytes";
    };
};
/** Byte offsets inside a writer slot. */
export declare const SlotOffset: Offsets<{
    readonly PID: {
        readonly offset: 0;
        readonly size: 4;
        readonly type: "i32";
    };
    readonly THREAD_ID: {
        readonly offset: 4;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly START_TIME: {
        readonly offset: 8;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly CLAIM_FLOOR: {
        readonly offset: 16;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly CLAIM_POS: {
        readonly offset: 24;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly CLAIM_LEN: {
        readonly offset: 32;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly OPENED_AT: {
        readonly offset: 40;
        readonly size: 8;
        readonly type: "f64";
    };
    readonly ROLE: {
        readonly offset: 48;
        readonly size: 4;
        readonly type: "u32";
    };
    readonly BOOT_TAG: {
        readonly offset: 56;
        readonly size: 8;
        readonly type: "bytes";
    };
}>;
/** Byte offset of writer slot `index` in the control file. */
export declare function slotOffset(index: number): number;
/**
 * The slot the creator holds while it initialises the data file (and keeps
 * as its writer slot): an opener that finds it dead finishes the job.
 */
export declare const CREATOR_SLOT = 0;
/** Value of PID in a free slot. */
export declare const FREE_PID = 0;
/** What a slot's owner does. */
export declare const SlotRole: {
    /** A free slot, or one being given back. */
    readonly NONE: 0;
    /** A process appending to the log. */
    readonly WRITER: 1;
    /** Reserved for readers; version 1 readers take no slot. */
    readonly READER: 2;
};
/** Value of CLAIM_FLOOR / CLAIM_POS in an idle slot (and of CLAIM_POS between the claim and its store). */
export declare const IDLE = -1;
/** Default number of writer slots. */
export declare const DEFAULT_SLOT_COUNT = 128;
/** Bounds of the settings fixed at creation; a header outside them is corrupt. */
export declare const Limit: {
    /** Fewest and most writer slots. */
    readonly MIN_SLOT_COUNT: 1;
    readonly MAX_SLOT_COUNT: 4096;
    /** Largest chunk size (the smallest is one page). */
    readonly MAX_CHUNK_SIZE: number;
    /** Largest maxRecordSize: 256 MiB − 64, within the 28 length bits of a framed lenWord. */
    readonly MAX_RECORD_SIZE: number;
    /** Smallest page size (a page size is a power of two). */
    readonly MIN_PAGE_SIZE: 512;
    /** Largest segment: a segment is mapped whole. */
    readonly MAX_SEGMENT_SIZE: number;
    /** Smallest segment. */
    readonly MIN_SEGMENT_SIZE: number;
};
/** Size of a control file with `slotCount` slots. */
export declare function controlSize(slotCount: number): number;

/**
 * Byte layout of the control file (`<log>.ctl`), version 1. Documented byte by
 * byte in `docs/format.md`; this file and that document must agree.
 *
 * All integers are little-endian. Each group of fields that different
 * processes write at different rates sits on its own 64-byte cache line, so
 * that the one hot, contended word (the cursor) does not make every other
 * field bounce between cores.
 * @module
 */
/** Bytes of one cache line. */
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
/** Byte offsets of the fields of the header page. */
export declare const Offset: {
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
    readonly SEGMENT_INDEX: 1024;
    readonly SLOTS: 4096;
};
/** Bits of the FLAGS word. */
export declare const Flag: {
    /** The data file exists and is initialised (framed: its META record is written). */
    readonly DATA_READY: 1;
    /** A process found the log inconsistent; nobody may open it until it is repaired. */
    readonly PANICKED: 2;
};
/** Bytes of one writer slot. */
export declare const SLOT_SIZE = 64;
/** Byte offsets inside a writer slot. */
export declare const SlotOffset: {
    readonly PID: 0;
    readonly THREAD_ID: 4;
    readonly START_TIME: 8;
    readonly CLAIM_FLOOR: 16;
    readonly CLAIM_POS: 24;
    readonly CLAIM_LEN: 32;
    readonly OPENED_AT: 40;
    readonly ROLE: 48;
};
/** What a slot's owner does. */
export declare const SlotRole: {
    readonly WRITER: 1;
    readonly READER: 2;
};
/** Value of CLAIM_FLOOR / CLAIM_POS in an idle slot. */
export declare const IDLE = -1;
/** Default number of writer slots. */
export declare const DEFAULT_SLOT_COUNT = 128;
/** Size of a control file with `slotCount` slots. */
export declare function controlSize(slotCount: number): number;

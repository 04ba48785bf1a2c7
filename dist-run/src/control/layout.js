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
export const CACHE_LINE = 64;
/** "MMLOGCTL" as bytes. */
export const MAGIC = Buffer.from('MMLOGCTL', 'latin1');
/** Format version written by this code; other versions are refused. */
export const FORMAT_VERSION = 1;
/** Identifier of each data format, recorded at creation. */
export const FORMAT_ID = { raw: 1, framed: 2 };
/** Byte offsets of the fields of the header page. */
export const Offset = {
    // line 0: identity, written once by the creator before the file is published
    MAGIC: 0, // 8 bytes
    VERSION: 8, // u32
    CONTROL_SIZE: 12, // u32, must equal the file size
    FORMAT: 16, // u32, FORMAT_ID
    CHUNK_SIZE: 20, // u32, growth granularity in bytes
    MAX_RECORD_SIZE: 24, // u32, largest payload accepted by append()
    SLOT_COUNT: 28, // u32
    LOG_ID_LO: 32, // u32 \ random 64-bit identity of this log,
    LOG_ID_HI: 36, // u32 / covered by every framed record's CRC
    CREATED_AT: 40, // f64, ms since the epoch
    DATA_START: 48, // u32, position of the first user record
    PAGE_SIZE: 52, // u32, page size of the creating machine
    // line 1: the reservation cursor, the one contended word
    CURSOR: 64, // i64, next free position (fetch-add)
    // line 2: read on every slow path, written once per growth
    ALLOCATED: 128, // i64, bytes of the data file known to be backed by blocks
    FLAGS: 136, // u32, Flag bits
    // line 3: committed watermark (readers)
    COMMITTED: 192, // i64, every claim below this is complete
    // line 4: durable watermark (durability)
    DURABLE: 256, // i64, every byte below this has been fdatasync'ed
    // line 5: futex word followers sleep on, bumped by a writer that wakes them
    NOTIFY_SEQ: 320, // u32
    // line 6: read by every append, written only when a follower starts or stops waiting
    WAITERS: 384, // u32 flag, non-zero when a follower may be asleep on NOTIFY_SEQ
    // line 7: the machine boot the log was last opened in: a different boot means an OS crash or reboot happened since
    BOOT_ID: 448, // 16 bytes, /proc/sys/kernel/random/boot_id as binary
    // line 8: statistics, written rarely
    STAT_GROWTHS: 512, // u32, fallocate calls that extended the file
    STAT_TRIMS: 516, // u32
    STAT_SLOTS_RECLAIMED: 520, // u32, slots of dead writers taken over
    STAT_CLAIMS_ABANDONED: 524, // u32, claims that failed (ENOSPC) and could not be undone
    STAT_CLAIMS_PADDED: 528, // u32, claims of dead writers turned into padding
    // [1024, 4096): reserved for the segment index; zero in version 1
    SEGMENT_INDEX: 1024,
    // writer slots start on the second page
    SLOTS: 4096,
};
/** Bits of the FLAGS word. */
export const Flag = {
    /** The data file exists and is initialised (framed: its META record is written). */
    DATA_READY: 1,
    /** A process found the log inconsistent; nobody may open it until it is repaired. */
    PANICKED: 2,
};
/** Bytes of one writer slot. */
export const SLOT_SIZE = 64;
/** Byte offsets inside a writer slot. */
export const SlotOffset = {
    PID: 0, // i32, 0 = free; taken by compare-and-swap
    THREAD_ID: 4, // u32, worker_threads.threadId of the owner
    START_TIME: 8, // f64, process start time of the owner (clock ticks since boot)
    CLAIM_FLOOR: 16, // f64, a lower bound of the claim being made; -1 when idle
    CLAIM_POS: 24, // f64, position of the claim being made; -1 when unknown or idle
    CLAIM_LEN: 32, // f64, bytes of that claim
    OPENED_AT: 40, // f64, ms since the epoch
    ROLE: 48, // u32, SlotRole
};
/** What a slot's owner does. */
export const SlotRole = { WRITER: 1, READER: 2 };
/** Value of CLAIM_FLOOR / CLAIM_POS in an idle slot. */
export const IDLE = -1;
/** Default number of writer slots. */
export const DEFAULT_SLOT_COUNT = 128;
/** Size of a control file with `slotCount` slots. */
export function controlSize(slotCount) {
    return Offset.SLOTS + slotCount * SLOT_SIZE;
}
//# sourceMappingURL=layout.js.map
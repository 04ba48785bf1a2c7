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
export type Offsets<T extends Record<string, FieldSpec>> = { readonly [K in keyof T]: T[K]['offset'] };

/** Extracts the offsets of `fields`, so that each offset is written down once, next to its size and type. */
export function offsetsOf<const T extends Record<string, FieldSpec>>(fields: T): Offsets<T> {
  const offsets: Record<string, number> = {};
  for (const [name, field] of Object.entries(fields)) offsets[name] = field.offset;
  return offsets as Offsets<T>;
}

/** Bytes of one cache line: the unit the header's field groups and each writer slot are aligned to. */
export const CACHE_LINE = 64;

/** "MMLOGCTL" as bytes. */
export const MAGIC = Buffer.from('MMLOGCTL', 'latin1');
/** Format version written by this code; other versions are refused. */
export const FORMAT_VERSION = 1;

/** Identifier of each data format, recorded at creation. */
export const FORMAT_ID = { raw: 1, framed: 2 } as const;
/** A data format name. */
export type FormatName = keyof typeof FORMAT_ID;

/** The fields of the header page. */
export const HeaderField = {
  // line 0: identity, written once by the creator before the file is published
  MAGIC: { offset: 0, size: 8, type: 'bytes' }, // the MAGIC bytes
  VERSION: { offset: 8, size: 4, type: 'u32' }, // FORMAT_VERSION
  CONTROL_SIZE: { offset: 12, size: 4, type: 'u32' }, // must equal the file size
  FORMAT: { offset: 16, size: 4, type: 'u32' }, // FORMAT_ID
  CHUNK_SIZE: { offset: 20, size: 4, type: 'u32' }, // growth granularity in bytes
  MAX_RECORD_SIZE: { offset: 24, size: 4, type: 'u32' }, // largest payload accepted by append()
  SLOT_COUNT: { offset: 28, size: 4, type: 'u32' },
  LOG_ID_LO: { offset: 32, size: 4, type: 'u32' }, // \ random 64-bit identity of this log,
  LOG_ID_HI: { offset: 36, size: 4, type: 'u32' }, // / covered by every framed record's CRC
  CREATED_AT: { offset: 40, size: 8, type: 'f64' }, // ms since the epoch
  DATA_START: { offset: 48, size: 4, type: 'u32' }, // position of the first user record
  PAGE_SIZE: { offset: 52, size: 4, type: 'u32' }, // page size of the creating machine
  // line 1: the reservation cursor, the one contended word
  CURSOR: { offset: 64, size: 8, type: 'i64' }, // next free position (fetch-add)
  // line 2: read on every slow path, written once per growth
  ALLOCATED: { offset: 128, size: 8, type: 'i64' }, // bytes of the data file known to be backed by blocks
  FLAGS: { offset: 136, size: 4, type: 'u32' }, // Flag bits
  SPACE_SHORT: { offset: 140, size: 4, type: 'u32' }, // non-zero after an allocation failed: appends secure space before claiming
  // line 3: committed watermark, raised by readers
  COMMITTED: { offset: 192, size: 8, type: 'i64' }, // every claim below this is complete
  // line 4: group commit, written by whichever writer syncs (see durability/groupCommit.ts)
  DURABLE: { offset: 256, size: 8, type: 'i64' }, // every record below this is on stable storage; 0 = nothing synced yet
  SYNC_REQUESTED: { offset: 264, size: 8, type: 'i64' }, // highest position a waiter asked to be made durable
  DURABLE_SEQ: { offset: 272, size: 4, type: 'u32' }, // futex word sync waiters sleep on: bumped when DURABLE rises, a sync fails or a leader steps down
  SYNC_LEADER: { offset: 276, size: 4, type: 'i32' }, // writer slot index + 1 of the writer running fdatasync; 0 = none
  SYNC_ERRNO: { offset: 280, size: 4, type: 'i32' }, // errno of the fdatasync that failed (with Flag.SYNC_FAILED); 0 = none
  // line 5: futex word followers sleep on, bumped by a writer that wakes them
  NOTIFY_SEQ: { offset: 320, size: 4, type: 'u32' },
  // line 6: read by every append, written only when a follower starts or stops waiting
  WAITERS: { offset: 384, size: 4, type: 'u32' }, // non-zero when a follower may be asleep on NOTIFY_SEQ
  // line 7: the machine boot the log was created or last recovered in: a different boot means an OS crash or reboot happened since
  BOOT_ID: { offset: 448, size: 16, type: 'bytes' }, // /proc/sys/kernel/random/boot_id as binary
  // line 8: statistics, written rarely
  STAT_GROWTHS: { offset: 512, size: 4, type: 'u32' }, // fallocate calls that extended the file
  STAT_TRIMS: { offset: 516, size: 4, type: 'u32' }, // trims run by a writer alone
  STAT_SLOTS_RECLAIMED: { offset: 520, size: 4, type: 'u32' }, // slots of dead writers taken over
  STAT_CLAIMS_ABANDONED: { offset: 524, size: 4, type: 'u32' }, // claims that failed (ENOSPC) and could not be undone
  STAT_CLAIMS_PADDED: { offset: 528, size: 4, type: 'u32' }, // padding frames written over dead claims and corruption
  // line 9: sync statistics, written by the writer that syncs
  STAT_SYNCS: { offset: 576, size: 8, type: 'f64' }, // group commits run (each: one fdatasync per file it covered)
  STAT_SYNC_TOTAL_MS: { offset: 584, size: 8, type: 'f64' }, // time spent in them
  STAT_SYNC_LAST_MS: { offset: 592, size: 8, type: 'f64' }, // duration of the latest one
  STAT_SYNC_MAX_MS: { offset: 600, size: 8, type: 'f64' }, // duration of the slowest one
  // line 16: segment settings, written once by the creator; all zero in a single-file log
  SEGMENT_SIZE: { offset: 1024, size: 8, type: 'f64' }, // positions per segment; 0 = one data file
  ROLL_EVERY: { offset: 1032, size: 8, type: 'f64' }, // ms: a segment also ends when this period of the clock ends; 0 = by size only
  RETAIN_SEGMENTS: { offset: 1040, size: 8, type: 'f64' }, // retention: most sealed segments kept; 0 = no limit
  RETAIN_BYTES: { offset: 1048, size: 8, type: 'f64' }, // retention: most bytes of sealed segments kept; 0 = no limit
  RETAIN_AGE: { offset: 1056, size: 8, type: 'f64' }, // retention: ms a sealed segment is kept after it was sealed; 0 = no limit
  RECYCLE_SEGMENTS: { offset: 1064, size: 8, type: 'f64' }, // retired segment files kept for reuse as new segments; 0 = none (deleted)
  SEGMENT_FILL: { offset: 1072, size: 4, type: 'u32' }, // SegmentFill: how a new segment's blocks are allocated
  // line 17: where the retained segments begin, raised by retention
  FIRST_SEGMENT: { offset: 1088, size: 8, type: 'i64' }, // lowest segment not deleted (every lower one is deleted or being deleted)
  // lines 18-49: the segment ring, SEGMENT_RING_SIZE entries of SEGMENT_ENTRY_SIZE bytes (see SegmentEntryField)
  SEGMENT_RING: { offset: 1152, size: 2048, type: 'bytes' },
} as const satisfies Record<string, FieldSpec>;

/** Bytes of the header page; the writer slots follow it. */
export const HEADER_PAGE_SIZE = 4096;

/** Byte offsets of the fields of the header page, and of the first writer slot (`SLOTS`). */
export const Offset = { ...offsetsOf(HeaderField), SLOTS: HEADER_PAGE_SIZE } as const;

/** Bytes of one entry of the segment ring: one cache line. */
export const SEGMENT_ENTRY_SIZE = 64;
/** Entries in the segment ring: segment `k` uses entry `k % SEGMENT_RING_SIZE`. */
export const SEGMENT_RING_SIZE = HeaderField.SEGMENT_RING.size / SEGMENT_ENTRY_SIZE;

/**
 * The fields of a segment ring entry, at offsets from the entry's start. An
 * entry describes segment `k` only while its SEGMENT holds `k + 1`; the roll
 * that activates segment `k + SEGMENT_RING_SIZE` takes it over, after making
 * sure the sealed segment it described was cut to its sealed end.
 */
export const SegmentEntryField = {
  SEGMENT: { offset: 0, size: 8, type: 'i64' }, // segment number + 1; 0 = an unused entry
  ACTIVATED_AT: { offset: 8, size: 8, type: 'f64' }, // ms since the epoch when the segment became the active one
  SEAL_END: { offset: 16, size: 8, type: 'i64' }, // end of the segment's records once sealed (a position); 0 = not sealed
  SEALED_AT: { offset: 24, size: 8, type: 'f64' }, // ms since the epoch of the seal; 0 = not sealed
  FIRST_RECORD: { offset: 32, size: 8, type: 'i64' }, // position of the segment's first record: its base, or past the filler of the claim that crossed into it
} as const satisfies Record<string, FieldSpec>;

/** Byte offsets inside a segment ring entry. */
export const SegmentEntryOffset = offsetsOf(SegmentEntryField);

/** Byte offset of the ring entry of segment `k` in the control file. */
export function segmentEntryOffset(k: number): number {
  return HeaderField.SEGMENT_RING.offset + (k % SEGMENT_RING_SIZE) * SEGMENT_ENTRY_SIZE;
}

/** How new segments are allocated (the SEGMENT_FILL field). */
export const SegmentFill = {
  /** `fallocate`: blocks reserved but unwritten, so the first sync after writing them also writes extent metadata. */
  ALLOCATE: 0,
  /** Written with zeros ahead of need (and synced), so that syncs of the records later written there write data only. */
  ZEROS: 1,
} as const;

/** Bits of the FLAGS word. */
export const Flag = {
  /** The data file exists and is initialised (framed: its META record is written). */
  DATA_READY: 1,
  /**
   * Reserved for a process that finds the log inconsistent. Version 1 never
   * sets it; open() for appending refuses a log that has it, and recovery
   * clears it.
   */
  PANICKED: 2,
  /**
   * An fdatasync failed (its errno is in SYNC_ERRNO): the kernel may have
   * dropped the dirty pages it could not write, so no later sync may report
   * the records above DURABLE as durable. Writers' open() refuses the log;
   * recovery writes those pages again and clears it.
   */
  SYNC_FAILED: 4,
} as const;

/** Bytes of one writer slot: one cache line, written only by its owner. */
export const SLOT_SIZE = CACHE_LINE;

/** The fields of a writer slot, at offsets from the slot's start. */
export const SlotField = {
  PID: { offset: 0, size: 4, type: 'i32' }, // FREE_PID when free, ENDED_PID for an ended thread's claim; taken by compare-and-swap
  THREAD_ID: { offset: 4, size: 4, type: 'u32' }, // worker_threads.threadId of the owner
  START_TIME: { offset: 8, size: 8, type: 'f64' }, // process start time of the owner (clock ticks since boot)
  CLAIM_FLOOR: { offset: 16, size: 8, type: 'f64' }, // a lower bound of the claim being made; IDLE when idle
  CLAIM_POS: { offset: 24, size: 8, type: 'f64' }, // position of the claim being made; IDLE when unknown or idle
  CLAIM_LEN: { offset: 32, size: 8, type: 'f64' }, // bytes of that claim
  OPENED_AT: { offset: 40, size: 8, type: 'f64' }, // ms since the epoch
  ROLE: { offset: 48, size: 4, type: 'u32' }, // SlotRole
  SYNCING: { offset: 52, size: 4, type: 'u32' }, // SyncingBit: whether the owner leads a group commit, whether it syncs
  BOOT_TAG: { offset: 56, size: 8, type: 'bytes' }, // first 8 bytes of the owner's boot id; zero = judged by the header's
} as const satisfies Record<string, FieldSpec>;

/** Byte offsets inside a writer slot. */
export const SlotOffset = offsetsOf(SlotField);

/** Byte offset of writer slot `index` in the control file. */
export function slotOffset(index: number): number {
  return Offset.SLOTS + index * SLOT_SIZE;
}

/**
 * The slot the creator holds while it initialises the data file (and keeps
 * as its writer slot): an opener that finds it dead finishes the job.
 */
export const CREATOR_SLOT = 0;

/** Bits of a writer slot's SYNCING word, each set and cleared only by the slot's owner. */
export const SyncingBit = {
  /** The owner leads a group commit: set before it takes SYNC_LEADER, cleared after it gives it back. */
  LEADS: 1,
  /**
   * The owner syncs (it was opened with `durability`, or has synced): while
   * it lives, every writer maps the log with small pages, since a sync
   * writes each dirty page back whole.
   */
  SYNCS: 2,
} as const;

/** Value of PID in a free slot. */
export const FREE_PID = 0;

/**
 * Value of PID in the slot of a worker thread torn down in the middle of a
 * claim (the addon writes it, `native/threads.cc`): Linux's PID_MAX_LIMIT,
 * which no process ever has (pids stay below pid_max, at most this). Its
 * owner is thus dead to every process, so readers pad its claim and recovery
 * frees the slot once past it, as for a killed process. The owner's own pid
 * would not do: that process still runs, so other processes would wait on the
 * claim for ever, and its own threads could both take the slot over with one
 * compare-and-swap that changes nothing.
 */
export const ENDED_PID = 4 * 1024 * 1024;

/** What a slot's owner does. */
export const SlotRole = {
  /** A free slot, or one being given back. */
  NONE: 0,
  /** A process appending to the log. */
  WRITER: 1,
  /** Reserved for readers; version 1 readers take no slot. */
  READER: 2,
} as const;

/** Value of CLAIM_FLOOR / CLAIM_POS in an idle slot (and of CLAIM_POS between the claim and its store). */
export const IDLE = -1;

/** Default number of writer slots. */
export const DEFAULT_SLOT_COUNT = 128;

/** Bounds of the settings fixed at creation; a header outside them is corrupt. */
export const Limit = {
  /** Fewest and most writer slots. */
  MIN_SLOT_COUNT: 1,
  MAX_SLOT_COUNT: 4096,
  /** Largest chunk size (the smallest is one page). */
  MAX_CHUNK_SIZE: 1024 * 1024 * 1024,
  /** Largest maxRecordSize: 256 MiB − 64, within the 28 length bits of a framed lenWord. */
  MAX_RECORD_SIZE: 256 * 1024 * 1024 - 64,
  /** Smallest page size (a page size is a power of two). */
  MIN_PAGE_SIZE: 512,
  /** Largest segment: a segment is mapped whole. */
  MAX_SEGMENT_SIZE: 1024 * 1024 * 1024,
  /** Smallest segment. */
  MIN_SEGMENT_SIZE: 64 * 1024,
  /** Most retired segment files kept for reuse. */
  MAX_RECYCLE_SEGMENTS: 1024,
} as const;

/** Size of a control file with `slotCount` slots. */
export function controlSize(slotCount: number): number {
  return slotOffset(slotCount);
}

/**
 * Options of {@link open}, their defaults and their validation (the shared
 * checks of util/arguments.ts). Out-of-range values are refused with a
 * RangeError, wrong types and unknown names with a TypeError, before any file
 * is touched.
 * @module
 */
import { DEFAULT_SLOT_COUNT, type FormatName, Limit, SegmentFill } from './layout/control.js';
import { PAGE_SIZE } from './native/binding.js';
import { boolean, checkOptions, integerIn, type OptionChecks, oneOf } from './util/arguments.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Options accepted by {@link open}. */
export interface OpenOptions {
  /**
   * Data format, fixed when the log is created: `'raw'` keeps the bytes exactly
   * as given (newline-terminated strings make an ordinary text file);
   * `'framed'` wraps each record in a header with its length and a CRC32C.
   * When the log exists, omit it or give the format it was created with.
   * Default `'raw'`.
   */
  format?: FormatName;
  /**
   * Bytes by which the data file grows, and the unit of prefaulting and page
   * release: the syscall-per-record ratio. A multiple of the page size, from
   * 64 KiB to 1 GiB. Fixed at creation. Default 8 MiB.
   */
  chunkSize?: number;
  /** Largest record payload `append()` accepts, 1 B to 256 MiB − 64. Fixed at creation. Default 16 MiB. */
  maxRecordSize?: number;
  /**
   * Upper bound on the resident pages of this writer's data mapping, however
   * large the log grows; pages behind the cursor are released. Must leave room
   * for three chunks plus one maximum record. Default 64 MiB.
   */
  maxResident?: number;
  /** Writer slots in the control block (concurrent writers), 1 to 4096. Fixed at creation. Default 128. */
  slots?: number;
  /** How long to wait for another process that is creating the log, in ms. Default 10,000. */
  creationTimeout?: number;
  /**
   * Bytes of the log mapped at once by this process (plus one maximum record
   * of overlap, so no record ever straddles two mappings). Address space, not
   * memory: resident pages are bounded by `maxResident`. A multiple of
   * `chunkSize`, up to 2 GiB. Default 1 GiB.
   */
  windowSize?: number;
  /**
   * Ask the kernel to back this process's mapping of the log with huge pages
   * (`MADV_HUGEPAGE`; 2 MiB on x86-64) where it can: the filesystem must cache
   * files in large folios (ext4 and XFS on Linux ≥ 6.16, tmpfs) and
   * transparent huge pages must not be `never`. Each writer then maps 2 MiB
   * with one page-table entry instead of 512, which on a 2-core machine cut
   * the time of 4 processes appending 4 KiB records by half (see
   * docs/benchmarks.md). Applies only when `chunkSize` is a multiple of the
   * huge page size, so that prefaulting and release stay whole huge pages.
   * The cost: where memory is fragmented, the kernel may compact it to find a
   * huge page (the system's `transparent_hugepage/defrag` setting decides);
   * turn it off if that shows up as latency. Per process. Default `true`.
   * Off once any writer of the log syncs: a writer opened with
   * `durability` takes small pages from its first record, one that calls
   * `sync`, `appendDurable` or `syncSync` from then on, and every other
   * writer from the next chunk it enters while such a writer lives — each
   * for as long as it stays open, even after the syncing writers close. A sync
   * writes back each dirty page whole, and a 2 MiB page for a 128-byte record
   * costs more than the mapping saves.
   */
  hugePages?: boolean;
  /**
   * Permission bits of the files this call creates (`PATH` and `PATH.ctl`),
   * less the process umask, as for any new file. Must let the owner read and
   * write. Files that exist already keep theirs. Default `0o640`: the owner
   * and the group, not every local user, may read the log.
   */
  mode?: number;
  /**
   * Makes the log segmented: `PATH` becomes a directory holding its control
   * file and one data file per segment of this many positions (bytes),
   * named by its base position, plus `current.log`, a link to the active
   * segment that `tail -F` follows. The active segment is allocated whole
   * when it is created; a sealed one is cut to its exact bytes. A multiple
   * of 64 KiB from 64 KiB to 1 GiB, holding at least two of the largest
   * records. Fixed at creation (an existing log keeps its own). Without it,
   * the log is one data file that grows forever.
   */
  segmentSize?: number;
  /**
   * A segmented log also rolls to a new segment when this period of the
   * clock (UTC) ends: `'hour'`, `'day'`, or a period in milliseconds (its
   * multiples since the epoch are the boundaries). Whichever comes first,
   * size or time. Fixed at creation. Default: by size only.
   */
  rollEvery?: 'hour' | 'day' | number;
  /**
   * Which sealed segments a segmented log keeps: at most `maxSegments` of
   * them, `maxBytes` of them, and none sealed more than `maxAgeMs` ago.
   * Whole sealed segments are deleted (never the active one, never one a
   * named consumer still needs) when a writer opens, rolls, closes or
   * calls `applyRetention()`. Fixed at creation. Default: keep everything.
   *
   * With `recycle: n`, up to `n` retired segment files are kept in a pool
   * (`recycle-*.log` in the log directory) instead of being deleted, and a
   * writer that needs a new segment takes one, renames it into place and
   * zeroes it (`FALLOC_FL_ZERO_RANGE`: its blocks stay allocated) instead
   * of allocating a new file (PostgreSQL's and RocksDB's WAL recycling). A
   * file some process still has open through mmlog (a reader lagging in a
   * retired segment) is never recycled: it is deleted later instead.
   * 1 to 1024. Default: no recycling.
   */
  retention?: RetentionOptions;
  /**
   * How a segmented log allocates new segments. `'allocate'` (the default):
   * `fallocate`, instant, but the blocks are unwritten until records land
   * there, so the first `fdatasync` after writing each part of a segment
   * also writes the filesystem's extent metadata (a journal commit on ext4).
   * `'zeros'`: each next segment is written with zeros and synced ahead of
   * need, in the background, and published whole (PostgreSQL's WAL
   * preallocation): syncs then write data only, at the cost of writing
   * every segment twice. For write-ahead logs that sync often (see
   * docs/benchmarks.md). Not with `retention.recycle` (recycled files are
   * zeroed in place, which unwrites them). Fixed at creation.
   */
  segmentFill?: 'allocate' | 'zeros';
}

/** Retention of a segmented log's sealed segments (see {@link OpenOptions.retention}). */
export interface RetentionOptions {
  maxSegments?: number;
  maxBytes?: number;
  maxAgeMs?: number;
  /** Retired segment files kept for reuse as new segments (1 to 1024); default none. */
  recycle?: number;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  format: FormatName | undefined;
  chunkSize: number;
  maxRecordSize: number;
  maxResident: number;
  slots: number;
  creationTimeout: number;
  windowSize: number;
  hugePages: boolean;
  mode: number;
  /** Segment settings, as recorded in the control file (all 0: a single-file log). */
  segmentSize: number;
  rollEvery: number;
  retainSegments: number;
  retainBytes: number;
  retainAge: number;
  recycleSegments: number;
  segmentFill: number;
  /** Which settings the caller gave explicitly (checked against an existing log). */
  explicit: ReadonlySet<string>;
}

const HOUR = 3_600_000;
const PERIODS: Readonly<Record<string, number>> = { hour: HOUR, day: 24 * HOUR };

const RETENTION_CHECKS: OptionChecks<RetentionOptions> = {
  maxSegments: integerIn(1, Number.MAX_SAFE_INTEGER),
  maxBytes: integerIn(1, Number.MAX_SAFE_INTEGER),
  maxAgeMs: integerIn(1, Number.MAX_SAFE_INTEGER),
  recycle: integerIn(1, Limit.MAX_RECYCLE_SEGMENTS),
};

/** The check of each option of {@link open} that concerns the log (`onRecovery` is `open()`'s own). */
export const SETTING_CHECKS: OptionChecks<OpenOptions> = {
  format: oneOf('raw', 'framed'),
  chunkSize: integerIn(64 * KiB, Limit.MAX_CHUNK_SIZE),
  maxRecordSize: integerIn(1, Limit.MAX_RECORD_SIZE),
  maxResident: integerIn(1 * MiB, 2 ** 40),
  slots: integerIn(Limit.MIN_SLOT_COUNT, Limit.MAX_SLOT_COUNT),
  creationTimeout: integerIn(0, 3_600_000),
  windowSize: integerIn(64 * KiB, 2048 * MiB),
  hugePages: boolean,
  mode: integerIn(0, 0o777),
  segmentSize: integerIn(Limit.MIN_SEGMENT_SIZE, Limit.MAX_SEGMENT_SIZE),
  rollEvery: (name, value) => {
    if (typeof value === 'string') oneOf(...Object.keys(PERIODS))(name, value);
    else integerIn(1, 366 * 24 * HOUR)(name, value);
  },
  retention: (_name, value) => checkOptions('open', value, RETENTION_CHECKS),
  segmentFill: oneOf('allocate', 'zeros'),
};

/** Validates `options` (as `open()`'s) and fills in defaults. */
export function resolveOptions(options: OpenOptions | undefined): ResolvedOptions {
  const given = checkOptions('open', options, SETTING_CHECKS);
  const explicit = new Set(Object.keys(given));
  const format = given.format;
  const segmentSize = given.segmentSize ?? 0;
  if (segmentSize % (64 * KiB) !== 0) {
    throw new RangeError(`option 'segmentSize' must be a multiple of 64 KiB, got ${segmentSize}`);
  }
  const chunkSize = given.chunkSize ?? defaultChunkSize(segmentSize);
  if (chunkSize % PAGE_SIZE !== 0) {
    throw new RangeError(`option 'chunkSize' must be a multiple of the page size (${PAGE_SIZE}), got ${chunkSize}`);
  }
  // A record never straddles two segments: the default leaves room for two of the largest in one.
  const maxRecordSize =
    given.maxRecordSize ?? (segmentSize === 0 ? 16 * MiB : Math.min(16 * MiB, segmentSize / 2 - 64));
  const segments = resolveSegments(given, segmentSize, chunkSize, maxRecordSize);
  const maxResident = given.maxResident ?? 64 * MiB;
  const slots = given.slots ?? DEFAULT_SLOT_COUNT;
  const creationTimeout = given.creationTimeout ?? 10_000;
  const windowSize = given.windowSize ?? 1024 * MiB;
  if (windowSize % chunkSize !== 0) {
    throw new RangeError(`option 'windowSize' (${windowSize}) must be a multiple of chunkSize (${chunkSize})`);
  }
  const hugePages = given.hugePages ?? true;
  const mode = given.mode ?? 0o640;
  if ((mode & 0o600) !== 0o600) {
    throw new RangeError(`option 'mode' must let the owner read and write (0o600), got 0o${mode.toString(8)}`);
  }
  return {
    format,
    chunkSize,
    maxRecordSize,
    maxResident,
    slots,
    creationTimeout,
    windowSize,
    hugePages,
    mode,
    ...segments,
    explicit,
  };
}

/** The default chunk: 8 MiB, halved until it divides the segment size (a multiple of 64 KiB). */
function defaultChunkSize(segmentSize: number): number {
  let chunk = 8 * MiB;
  while (segmentSize > 0 && segmentSize % chunk !== 0) chunk /= 2;
  return chunk;
}

/** The segment settings, checked against each other (their types and ranges were checked with the others). */
function resolveSegments(
  given: Partial<OpenOptions>,
  segmentSize: number,
  chunkSize: number,
  maxRecordSize: number,
): Pick<
  ResolvedOptions,
  'segmentSize' | 'rollEvery' | 'retainSegments' | 'retainBytes' | 'retainAge' | 'recycleSegments' | 'segmentFill'
> {
  if (segmentSize > 0 && segmentSize % chunkSize !== 0) {
    throw new RangeError(`option 'segmentSize' (${segmentSize}) must be a multiple of chunkSize (${chunkSize})`);
  }
  // Framed records take a header and alignment: 8 + length rounded up to 8.
  if (segmentSize > 0 && 2 * (maxRecordSize + 16) > segmentSize) {
    throw new RangeError(
      `option 'segmentSize' (${segmentSize}) must hold two of the largest records (maxRecordSize ${maxRecordSize})`,
    );
  }
  const { rollEvery, retention } = given;
  const segmentFill = given.segmentFill === 'zeros' ? SegmentFill.ZEROS : SegmentFill.ALLOCATE;
  if (segmentFill === SegmentFill.ZEROS && (retention?.recycle ?? 0) > 0) {
    throw new RangeError("option 'segmentFill: \"zeros\"' cannot be combined with 'retention.recycle'");
  }
  return {
    segmentSize,
    rollEvery: typeof rollEvery === 'string' ? (PERIODS[rollEvery] as number) : (rollEvery ?? 0),
    retainSegments: retention?.maxSegments ?? 0,
    retainBytes: retention?.maxBytes ?? 0,
    retainAge: retention?.maxAgeMs ?? 0,
    recycleSegments: retention?.recycle ?? 0,
    segmentFill,
  };
}

/**
 * The resident window must hold the chunk being written, the one prefaulted
 * ahead of it, the one a record may straddle into, and one maximum record.
 */
export function checkResidentWindow(chunkSize: number, maxFrame: number, maxResident: number): void {
  const needed = 3 * chunkSize + maxFrame;
  if (needed > maxResident) {
    throw new RangeError(
      `option 'maxResident' (${maxResident}) must be at least 3 × chunkSize + the largest record (${needed})`,
    );
  }
}

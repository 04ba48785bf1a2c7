/**
 * Options of {@link open}, their defaults and their validation. Out-of-range
 * values are refused with a RangeError before any file is touched.
 * @module
 */
import { DEFAULT_SLOT_COUNT, type FormatName, Limit } from './layout/control.js';
import { PAGE_SIZE } from './native/binding.js';

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
   * named consumer still needs) when a writer rolls, opens or calls
   * `applyRetention()`. Fixed at creation. Default: keep everything.
   */
  retention?: RetentionOptions;
}

/** Retention of a segmented log's sealed segments (see {@link OpenOptions.retention}). */
export interface RetentionOptions {
  maxSegments?: number;
  maxBytes?: number;
  maxAgeMs?: number;
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
  /** Which settings the caller gave explicitly (checked against an existing log). */
  explicit: ReadonlySet<string>;
}

const KNOWN = new Set([
  'format',
  'chunkSize',
  'maxRecordSize',
  'maxResident',
  'slots',
  'creationTimeout',
  'windowSize',
  'hugePages',
  'mode',
  'segmentSize',
  'rollEvery',
  'retention',
]);

const RETENTION_KEYS = new Set(['maxSegments', 'maxBytes', 'maxAgeMs']);
const HOUR = 3_600_000;
const PERIODS: Readonly<Record<string, number>> = { hour: HOUR, day: 24 * HOUR };

function integerIn(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number') throw new TypeError(`option '${name}' must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`option '${name}' must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** Validates `options` and fills in defaults. */
export function resolveOptions(options: OpenOptions | undefined): ResolvedOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const explicit = new Set<string>();
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new TypeError(`unknown option '${key}'`);
    if ((options as Record<string, unknown>)[key] !== undefined) explicit.add(key);
  }
  let format: FormatName | undefined;
  if (options.format !== undefined) {
    if (options.format !== 'raw' && options.format !== 'framed') {
      throw new RangeError(`option 'format' must be 'raw' or 'framed', got ${String(options.format)}`);
    }
    format = options.format;
  }
  const segmentSize =
    options.segmentSize === undefined
      ? 0
      : integerIn('segmentSize', options.segmentSize, Limit.MIN_SEGMENT_SIZE, Limit.MAX_SEGMENT_SIZE);
  if (segmentSize % (64 * KiB) !== 0) {
    throw new RangeError(`option 'segmentSize' must be a multiple of 64 KiB, got ${segmentSize}`);
  }
  const chunkSize = integerIn(
    'chunkSize',
    options.chunkSize ?? defaultChunkSize(segmentSize),
    64 * KiB,
    Limit.MAX_CHUNK_SIZE,
  );
  if (chunkSize % PAGE_SIZE !== 0) {
    throw new RangeError(`option 'chunkSize' must be a multiple of the page size (${PAGE_SIZE}), got ${chunkSize}`);
  }
  // A record never straddles two segments: the default leaves room for two of the largest in one.
  const defaultMaxRecord = segmentSize === 0 ? 16 * MiB : Math.min(16 * MiB, segmentSize / 2 - 64);
  const maxRecordSize = integerIn('maxRecordSize', options.maxRecordSize ?? defaultMaxRecord, 1, Limit.MAX_RECORD_SIZE);
  const segments = resolveSegments(options, segmentSize, chunkSize, maxRecordSize);
  const maxResident = integerIn('maxResident', options.maxResident ?? 64 * MiB, 1 * MiB, 2 ** 40);
  const slots = integerIn('slots', options.slots ?? DEFAULT_SLOT_COUNT, Limit.MIN_SLOT_COUNT, Limit.MAX_SLOT_COUNT);
  const creationTimeout = integerIn('creationTimeout', options.creationTimeout ?? 10_000, 0, 3_600_000);
  const windowSize = integerIn('windowSize', options.windowSize ?? 1024 * MiB, 64 * KiB, 2048 * MiB);
  if (windowSize % chunkSize !== 0) {
    throw new RangeError(`option 'windowSize' (${windowSize}) must be a multiple of chunkSize (${chunkSize})`);
  }
  const hugePages = options.hugePages ?? true;
  if (typeof hugePages !== 'boolean') {
    throw new TypeError(`option 'hugePages' must be a boolean, got ${typeof hugePages}`);
  }
  const mode = integerIn('mode', options.mode ?? 0o640, 0, 0o777);
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

function resolveSegments(
  options: OpenOptions,
  segmentSize: number,
  chunkSize: number,
  maxRecordSize: number,
): Pick<ResolvedOptions, 'segmentSize' | 'rollEvery' | 'retainSegments' | 'retainBytes' | 'retainAge'> {
  const { rollEvery, retention } = options;
  if (segmentSize > 0 && segmentSize % chunkSize !== 0) {
    throw new RangeError(`option 'segmentSize' (${segmentSize}) must be a multiple of chunkSize (${chunkSize})`);
  }
  // Framed records take a header and alignment: 8 + length rounded up to 8.
  if (segmentSize > 0 && 2 * (maxRecordSize + 16) > segmentSize) {
    throw new RangeError(
      `option 'segmentSize' (${segmentSize}) must hold two of the largest records (maxRecordSize ${maxRecordSize})`,
    );
  }
  let period = 0;
  if (rollEvery !== undefined) {
    if (typeof rollEvery === 'string') {
      period = PERIODS[rollEvery] ?? 0;
      if (period === 0) throw new RangeError(`option 'rollEvery' must be 'hour', 'day' or ms, got '${rollEvery}'`);
    } else {
      period = integerIn('rollEvery', rollEvery, 1, 366 * 24 * HOUR);
    }
  }
  let retainSegments = 0;
  let retainBytes = 0;
  let retainAge = 0;
  if (retention !== undefined) {
    if (retention === null || typeof retention !== 'object' || Array.isArray(retention)) {
      throw new TypeError("option 'retention' must be an object");
    }
    for (const key of Object.keys(retention)) {
      if (!RETENTION_KEYS.has(key)) throw new TypeError(`unknown option 'retention.${key}'`);
    }
    const big = Number.MAX_SAFE_INTEGER;
    if (retention.maxSegments !== undefined)
      retainSegments = integerIn('retention.maxSegments', retention.maxSegments, 1, big);
    if (retention.maxBytes !== undefined) retainBytes = integerIn('retention.maxBytes', retention.maxBytes, 1, big);
    if (retention.maxAgeMs !== undefined) retainAge = integerIn('retention.maxAgeMs', retention.maxAgeMs, 1, big);
  }
  return { segmentSize, rollEvery: period, retainSegments, retainBytes, retainAge };
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

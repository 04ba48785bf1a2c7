/**
 * Options of {@link open}, their defaults and their validation (the shared
 * checks of util/arguments.ts). Out-of-range values are refused with a
 * RangeError, wrong types and unknown names with a TypeError, before any file
 * is touched.
 * @module
 */
import { type FormatName } from './layout/control.js';
import { type OptionChecks } from './util/arguments.js';
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
/** The check of each option of {@link open} that concerns the log (`onRecovery` is `open()`'s own). */
export declare const SETTING_CHECKS: OptionChecks<OpenOptions>;
/** Validates `options` (as `open()`'s) and fills in defaults. */
export declare function resolveOptions(options: OpenOptions | undefined): ResolvedOptions;
/**
 * The resident window must hold the chunk being written, the one prefaulted
 * ahead of it, the one a record may straddle into, and one maximum record.
 */
export declare function checkResidentWindow(chunkSize: number, maxFrame: number, maxResident: number): void;

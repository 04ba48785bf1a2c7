/**
 * The reading engine: walks a log from a position and returns what is
 * complete, stepping over padding, the claims of dead writers and (on
 * request) corruption. `read`, `follow`, `verify`, `recover` and the CLI are
 * all built on it, so they agree on what a log holds.
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { type ReadSource } from '../storage/readWindow.js';
/** One record (framed) or byte range (raw) of a log. */
export interface LogRecord {
    /** Its position: pass it as `from` to resume exactly here. */
    pos: number;
    /** Its bytes (a copy: it stays valid after the reader moves on). */
    data: Uint8Array;
}
/** What a reader does on a corrupt frame: throw `ERR_MMLOG_CORRUPT`, or skip it and count it. */
export type CorruptionPolicy = 'throw' | 'skip';
/** Options of the reading functions. */
export interface ReadOptions {
    /**
     * Position to start at: 0 (the beginning), a `pos` returned by `append()` or
     * a reader, or the cursor. Raw logs: any byte. Framed logs: a position where
     * no record starts (inside a record, or where no record start can be
     * established) is refused with `ERR_MMLOG_NOT_A_BOUNDARY`.
     */
    from?: number;
    /** Default `'throw'`. */
    onCorrupt?: CorruptionPolicy;
    /** With `onCorrupt: 'skip'`, called with each damaged range skipped (`end` is where reading resumed). */
    onSkip?: (start: number, end: number) => void;
    /**
     * Open the log read-only. By default a reader opens it read-write when it
     * can (falling back to read-only when the files' permissions say so), so
     * that it persists the padding of dead writers' claims it passes and
     * publishes the committed watermark; a read-only reader never writes to
     * either file: it only steps over such claims, and a follower polls instead
     * of announcing itself to writers.
     */
    readOnly?: boolean;
    /**
     * Segmented logs: what to do when `from` lies below the first position the
     * log still holds (retention deleted it): `'throw'` a
     * {@link PositionGoneError} (with `firstPosition`), or start at the
     * `'oldest'` record there is. `from` 0 (the default) always means the
     * oldest. Default `'throw'`.
     */
    ifGone?: 'throw' | 'oldest';
}
/** Nothing complete at the current position yet (a writer is at work there). */
export declare const PENDING: unique symbol;
/** The reader has reached the cursor. */
export declare const CAUGHT_UP: unique symbol;
/** Counters of what a reader stepped over. */
export interface ReaderStats {
    /**
     * Framed: DATA records passed. Raw: byte ranges returned, which end
     * wherever the reader stopped (at most 1 MiB each): a count of nothing in
     * the log — see {@link LogReader.lines} for what a raw log holds.
     */
    records: number;
    /** Framed: payload bytes of the records passed. Raw: bytes passed. */
    payloadBytes: number;
    paddingFrames: number;
    paddingBytes: number;
    /** Claims of dead writers moved past (and padded, when the reader may write). */
    deadClaims: number;
    /** Ranges found corrupt and skipped. */
    corrupt: ByteRange[];
    /**
     * Ranges where records should be and are not: LOST frames passed (written by
     * recovery or an earlier reader), and uncommitted gaps that no writer's claim
     * accounts for (zeroed or stale pages after an OS crash), which a reader
     * that may write marks with a LOST frame. Contiguous ranges are merged.
     */
    lost: ByteRange[];
}
/** A range of positions `[start, end)`. */
export interface ByteRange {
    start: number;
    end: number;
}
/** Why a range was padded: a dead writer's claim, a gap nothing accounts for, or corrupt frames (recovery). */
export type PaddingReason = 'dead-claim' | 'lost' | 'corrupt';
/** A range a reader or recovery wrote filler over. */
export interface PaddedRange extends ByteRange {
    reason: PaddingReason;
}
/** Reads a log. Not for use from several threads at once (no JavaScript object is). */
export declare class LogReader {
    readonly control: ControlBlock;
    readonly window: ReadSource;
    readonly framed: boolean;
    /**
     * Whether this reader may write: both files are open read-write. Only then
     * does it pad dead claims and raise the committed watermark; a reader that
     * may not never stores into either mapping (the pages are read-only there).
     */
    readonly writable: boolean;
    /** Whether the control file is mapped read-write (a follower may then use the futex handshake). */
    readonly controlWritable: boolean;
    readonly stats: ReaderStats;
    /** When set, every range this reader pads is recorded here (recovery's report). */
    padLog: PaddedRange[] | undefined;
    /**
     * Raw logs, when set before reading (verify): the reader counts the lines
     * it passes into {@link lines} and {@link lineEnd}, in the mapping, without
     * copying. Off by default: readers that return the bytes need no count.
     */
    countLines: boolean;
    /** Raw, with {@link countLines}: newline bytes passed, i.e. complete lines. */
    lines: number;
    /** Raw, with {@link countLines}: the position after the last newline passed (or where reading started). */
    lineEnd: number;
    onCorrupt: CorruptionPolicy;
    private readonly onSkip;
    /** Set when the reader waits on a live writer that is stopped (SIGSTOP): it is not skipped. */
    stalledWriter: number | undefined;
    /** End of the last DATA or META frame passed (or the start position): where trailing padding begins. */
    lastRecordEnd: number;
    /** Whether the last PENDING was a live writer's claim (rather than one waiting out its grace). */
    waitingOnLiveWriter: boolean;
    /** Whether the last PENDING is an unowned claim given a moment's grace while others write. */
    private inGrace;
    /** {@link FAULT_COUNT} when this reader last checked its mappings. */
    private faultsSeen;
    private pos;
    private readonly limits;
    private readonly info;
    private readonly controlFd;
    private readonly path;
    private pendingAt;
    private pendingSince;
    private readonly ifGone;
    private constructor();
    /**
     * Opens the log at `path` for reading. It is opened read-write when the
     * files allow, so that the reader can persist the padding of dead claims;
     * otherwise (`writable` false, or either file read-only to this process)
     * read-only, and dead claims are only stepped over. `options` are trusted:
     * the public functions check them first (read.ts).
     */
    static open(path: string, options?: ReadOptions, writable?: boolean): LogReader;
    /** The next position to read. */
    get position(): number;
    /**
     * Moves to `from`. Raw logs: any byte. Framed logs: `from` must be a record
     * boundary this reader can vouch for — the data start, the cursor, a valid
     * frame (its CRC covers its own position), the position of a claim recorded
     * in a writer slot, or a position reached by walking frames from one of
     * those. A reader pads dead claims only where it stands, so it must never
     * stand inside a record: anything else is refused with
     * {@link NotABoundaryError}, and nothing is read or written.
     */
    seek(asked: number): void;
    /**
     * Undefined when `target` (8-aligned, between the data start and `cursor`)
     * is provably a record boundary; otherwise why not.
     */
    private boundaryDoubt;
    /**
     * The length a writer slot records for a claim at `pos` (a claim's position
     * comes from the fetch-add on the cursor: a record boundary), or -1 when no
     * slot records a claim there.
     */
    private claimLengthAt;
    /** Whether something may have changed at the current position (for followers deciding to sleep). */
    hasNews(): boolean;
    /**
     * Like {@link next}, but waits out (synchronously, at most ~20 ms) the grace
     * given to a claim no live writer owns, so that a one-shot scan moves past
     * dead writers' claims instead of stopping at them. PENDING then means a
     * live writer's claim.
     */
    nextSettled(copy?: boolean): LogRecord | typeof PENDING | typeof CAUGHT_UP;
    /**
     * The next record, or PENDING / CAUGHT_UP. Throws CorruptionError under the
     * 'throw' policy. With `copy` false the record's `data` is empty: for scans
     * that only check and count (verify, stat, recovery), a copy per record —
     * a fresh off-heap buffer — is most of what reading costs.
     */
    next(copy?: boolean): LogRecord | typeof PENDING | typeof CAUGHT_UP;
    /** Throws if a mapping of this reader took a SIGBUS (its file was cut outside mmlog). */
    private checkFaults;
    private readableEnd;
    /** Whether `[start, end)` lies in the files, region by region (a dead claim may cross a segment's end). */
    private readableThrough;
    /** Moves past the nothing after a sealed segment's end; true if it moved. */
    private skipSealed;
    private nextRawRange;
    /**
     * Counts the newlines in `[from, end)`, which lies in the current window.
     * The search never looks past `end`: the mapping runs on past the end of
     * the file, where a load would fault. (Buffer's indexOf is a native memchr,
     * about three times as fast as a typed array's here.)
     */
    private countNewlines;
    private nextFrame;
    private pending;
    /**
     * At an uncommitted position below the cursor: waits for a live owner
     * (returns false), or moves past a dead owner's claim (returns true) —
     * padding it when this reader may write. A gap no writer's claim accounts
     * for is lost data: it is padded with a LOST frame and recorded in
     * `stats.lost`. The reader stands on a record boundary (see {@link seek}), so
     * the padding starts on one too; it ends on the next valid frame, the end of
     * the dead writer's claim, or a live writer's claim, all boundaries.
     */
    private resolveUncommitted;
    /** Records `[start, end)` as lost, merged with the previous range when they touch. */
    private noteLost;
    /**
     * Pads `[start, end)` (inside the file) with filler frames of `type`; false
     * if its first header is no longer empty (then nothing was written and the
     * caller re-reads). A reader that may not write steps over the claim
     * without writing.
     */
    private padClaim;
    /** Next valid frame after `from`, across windows, below `limit`; -1 if none. */
    findNext(from: number, limit: number): number;
    private skipCorrupt;
    /** Publishes progress: every claim below `pos` is complete (or padded). */
    private raiseCommitted;
    close(): void;
}

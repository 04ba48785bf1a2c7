import { ControlBlock } from '../control/controlBlock.js';
import type { AppendStore } from '../storage/appendStore.js';
import { type RetentionResult } from '../storage/retention.js';
import { SegmentRoller } from './segmentRoll.js';
/**
 * A log open for appending. Not thread-safe in the JavaScript sense (no
 * JavaScript object is), but any number of `Log` objects — in this thread,
 * other worker threads and other processes — may append to the same file at
 * once.
 */
export declare class Log {
    /** The data file, or the directory of a segmented log. */
    readonly path: string;
    /** The control file beside it. */
    readonly controlPath: string;
    /** `'raw'` or `'framed'`, as the log was created. */
    readonly format: 'raw' | 'framed';
    /** The largest payload {@link append} accepts, in bytes. */
    readonly maxRecordSize: number;
    private readonly control;
    private readonly controlFd;
    private readonly store;
    /** Set for a segmented log: ends segments and starts the next ones. */
    private readonly roller;
    private rollTimer;
    private readonly writer;
    private readonly cursor;
    private readonly slotF64;
    private readonly controlI32;
    private readonly slotIndex;
    private readonly floorIndex;
    private readonly claimPosIndex;
    private readonly claimLenIndex;
    /** End of this writer's last claim: a lower bound of any position it claims next. */
    private lastEnd;
    private closed;
    /** {@link FAULTS} when this log last checked its mappings. */
    private faultsSeen;
    /** Set once a mapping of this log faulted: every later append throws it. */
    private broken;
    /** Claims this writer abandoned (no space) and could not undo: filled once space is back. */
    private abandoned;
    /** @internal Use `open()`. */
    constructor(path: string, controlPath: string, controlFd: number, control: ControlBlock, store: AppendStore, slotIndex: number, roller?: SegmentRoller);
    /**
     * Appends one record and returns its position: the byte offset of the
     * record in the log, stable for the life of the log. Synchronous, and on
     * the common path free of system calls. When it returns, the record is in
     * the shared page cache: it survives this process being killed, and reaches
     * the disk with normal write-back.
     *
     * @param data A string (encoded as UTF-8) or bytes.
     * @throws TypeError if `data` is neither; RangeError if it is larger than
     *   {@link maxRecordSize}; the `fallocate` error (ENOSPC, EDQUOT) if the disk
     *   is full — the record is then not written, and nothing before it is harmed.
     */
    append(data: string | Uint8Array): number;
    /**
     * Some log mapping of this process faulted (SIGBUS: a file was cut under
     * it). If it was one of this log's, the log is broken for good: throw now
     * and on every later append.
     */
    private checkFaults;
    /** Whether a mapping of this log faulted; if so, {@link broken} is set. */
    private findFault;
    /**
     * Maps, grows and prefaults for a claim past the prepared chunk. Run by the
     * first append of every `Log` (see `open()`), so that V8 has seen this
     * call before it optimizes `append`: a branch never taken before
     * optimization deoptimizes `append` when first taken.
     */
    private makeRoom;
    /**
     * This writer's claim `[pos, end)` contains a segment boundary: it is the
     * one claim that does, so this writer ends the segment (see
     * `segmentRoll.ts`), then claims again, in the next segment. Returns the
     * new claim's position (its slot records it, as any claim).
     */
    private crossSegment;
    /**
     * Rolls to a new segment if the active one's clock period is over: moves
     * the cursor to the next boundary with a compare-and-swap (one writer of
     * all that try wins; the others find the new segment active), as a claim
     * of this writer's slot, then seals and starts the next segment.
     */
    private rollByTime;
    /** Checks again when the current clock period ends (the timer does not keep the process alive). */
    private scheduleTimeRoll;
    /**
     * A claim whose space could not be allocated. If nobody claimed after it,
     * the cursor is moved back and the log is as if it never happened;
     * otherwise the gap is counted: framed, every reader treats an uncommitted
     * claim no live slot owns as padding; raw, this writer blanks it once space
     * is back. Either way the shortage is flagged for every writer, whose
     * appends then secure space before claiming: a full disk costs at most one
     * abandoned claim per writer racing at that moment, not one per retry.
     */
    private abandonClaim;
    /**
     * Space was short: allocate what the next claim needs before making it
     * (throwing the `fallocate` error with nothing claimed), then clear the
     * shortage and blank this writer's abandoned raw claims.
     */
    private ensureSpace;
    /**
     * Fills this writer's abandoned claims that now lie in allocated space, so
     * that no reader takes them for lost data: raw, with spaces ending in a
     * newline (a blank line in a text log, as recovery does for a dead writer's
     * claim); framed, with a PADDING frame (no record was acknowledged there),
     * when the claim lies in the current window — else readers pad it.
     */
    private blankAbandoned;
    /**
     * A checkpoint (segmented logs): deletes every sealed segment wholly below
     * `pos`, and whatever the log's retention limits let go of — never the
     * active segment, one a writer may still be writing, or one holding (or
     * past) a named consumer's position. Returns the first position the log
     * holds afterwards (at most `pos`: segments are deleted whole).
     * @throws RangeError for a `pos` that is not a position of the log;
     *   `ERR_MMLOG_NOT_SEGMENTED` for a single-file log.
     */
    truncateBefore(pos: number): number;
    /**
     * Applies the log's retention limits now (they are also applied at each
     * roll, best effort): deletes the sealed segments they let go of, and
     * returns the base positions deleted and the first position kept.
     */
    applyRetention(): RetentionResult;
    private checkSegmented;
    /**
     * Cuts the data file's preallocated tail so that it holds exactly the
     * claimed bytes. Does nothing and returns false while another live writer
     * has the log open (it may be about to write into that tail). Idempotent.
     * {@link close} does this automatically for the last writer.
     */
    trim(): boolean;
    private trimIfAlone;
    /**
     * Closes the log. The last writer to close trims the preallocated tail.
     * Calling it again does nothing.
     */
    close(): void;
    /** Whether {@link close} has been called. */
    get isClosed(): boolean;
}

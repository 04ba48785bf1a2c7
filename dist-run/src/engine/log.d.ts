import type { ControlBlock } from '../control/controlBlock.js';
import type { RecordFormat } from '../formats/recordFormat.js';
import { type OpenOptions } from '../options.js';
import { DataStore } from './storage.js';
/**
 * Opens the log at `path` for appending, creating it (and `path.ctl`, its
 * control file) if needed. Any number of processes and threads may open the
 * same log at once.
 *
 * @param path The data file. With format `raw` it is an ordinary file holding
 *   exactly the appended bytes; an existing file is appended to.
 * @throws TypeError for a non-string path or malformed options; RangeError for
 *   out-of-range options; the `fs` error (e.g. ENOENT) when the directory does
 *   not exist; {@link MmlogError} when the control file is not a valid log of
 *   this version (nothing is modified then).
 */
export declare function open(path: string, options?: OpenOptions): Log;
/**
 * A log open for appending. Not thread-safe in the JavaScript sense (no
 * JavaScript object is), but any number of `Log` objects — in this thread,
 * other worker threads and other processes — may append to the same file at
 * once.
 */
export declare class Log {
    /** The data file. */
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
    private readonly writer;
    private readonly recordFormat;
    private readonly cursor;
    private readonly controlSab;
    private readonly slotF64;
    private readonly controlI32;
    private readonly slotIndex;
    private readonly floorIndex;
    private readonly claimPosIndex;
    private readonly claimLenIndex;
    /** End of this writer's last claim: a lower bound of any position it claims next. */
    private lastEnd;
    private closed;
    /** @internal Use {@link open}. */
    constructor(path: string, controlPath: string, controlFd: number, control: ControlBlock, store: DataStore, format: RecordFormat, slotIndex: number);
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
     * A claim whose space could not be allocated. If nobody claimed after it,
     * the cursor is moved back and the log is as if it never happened;
     * otherwise the gap is counted and left to readers and recovery, which
     * treat an uncommitted claim of a writer that is no longer making it as padding.
     */
    private abandonClaim;
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

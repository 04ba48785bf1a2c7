/**
 * Errors raised by mmlog. Every condition a caller may want to handle has a
 * stable `code`; native failures keep Node's own `code`, `errno`, `syscall`
 * and `path` (they are thrown exactly as `fs` would throw them).
 * @module
 */
/** Stable error codes of {@link MmlogError}. */
export declare const ErrorCode: {
    /** The control file is not an mmlog control file (wrong magic). */
    readonly NOT_A_LOG: "ERR_MMLOG_NOT_A_LOG";
    /** The control file was written by an incompatible format version. */
    readonly VERSION: "ERR_MMLOG_VERSION";
    /** The control file is shorter or longer than its header says. */
    readonly TRUNCATED: "ERR_MMLOG_TRUNCATED";
    /**
     * The data file (or the control file) shrank under the log: truncated
     * outside mmlog (e.g. `logrotate copytruncate`). What lay past the cut is
     * lost; appends that would have gone there were refused, never acknowledged.
     */
    readonly DATA_SHRUNK: "ERR_MMLOG_DATA_SHRUNK";
    /** The data file has no control file, yet writers still have it open (its control file was removed under them). */
    readonly DATA_IN_USE: "ERR_MMLOG_DATA_IN_USE";
    /** A structure holds a value that cannot be right; nothing was changed. */
    readonly CORRUPT: "ERR_MMLOG_CORRUPT";
    /**
     * The data file is not the one its control file describes: a framed data
     * file whose META frame names another log (or is missing), or a data file
     * holding bytes past the log's end. Nothing was changed.
     */
    readonly WRONG_DATA: "ERR_MMLOG_WRONG_DATA";
    /** `PATH` or `PATH.ctl` is not a regular file: a symbolic link, FIFO, device, directory or socket. */
    readonly NOT_A_FILE: "ERR_MMLOG_NOT_A_FILE";
    /** The log was marked unusable by a process that found it inconsistent. */
    readonly PANICKED: "ERR_MMLOG_PANICKED";
    /** The log exists with a different format or setting than requested. */
    readonly OPTION_MISMATCH: "ERR_MMLOG_OPTION_MISMATCH";
    /** Every writer slot in the control block is held by a live writer. */
    readonly TOO_MANY_WRITERS: "ERR_MMLOG_TOO_MANY_WRITERS";
    /** A creator is alive but did not finish creating the log in time. */
    readonly CREATION_TIMEOUT: "ERR_MMLOG_CREATION_TIMEOUT";
    /** The control file says records were written, but the data file is gone. */
    readonly DATA_MISSING: "ERR_MMLOG_DATA_MISSING";
    /** The operation was attempted on a closed log. */
    readonly CLOSED: "ERR_MMLOG_CLOSED";
    /** The data file holds records but there is no control file to say where they end. */
    readonly NEEDS_RECOVERY: "ERR_MMLOG_NEEDS_RECOVERY";
    /**
     * A read was asked to start at a position that is not (or cannot be shown to
     * be) the start of a record of a framed log; nothing was read or written.
     */
    readonly NOT_A_BOUNDARY: "ERR_MMLOG_NOT_A_BOUNDARY";
    /**
     * A read asked for positions of a segmented log that retention (or a
     * checkpoint) deleted; the error's `firstPosition` is where the log now starts.
     */
    readonly POSITION_GONE: "ERR_MMLOG_POSITION_GONE";
    /** The operation needs a segmented log (created with `segmentSize`). */
    readonly NOT_SEGMENTED: "ERR_MMLOG_NOT_SEGMENTED";
    /**
     * No build of the native addon loads in this Node.js: the package has no
     * prebuilt binary for its platform and ABI and none was built from source
     * (installed with `--ignore-scripts`, or the build failed), or the build
     * is for another Node.js ABI. The message says how to build it.
     */
    readonly NATIVE_ADDON: "ERR_MMLOG_NATIVE_ADDON";
    /** mmlog broke one of its own invariants (a bug): the operation did nothing. */
    readonly INTERNAL: "ERR_MMLOG_INTERNAL";
};
/** One of the {@link ErrorCode} values. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];
/** An error raised by mmlog itself, identified by its stable {@link ErrorCode | code}. */
export declare class MmlogError extends Error {
    /** Stable, documented error code. */
    readonly code: ErrorCodeValue;
    /** The file the error is about, when there is one. */
    readonly path: string | undefined;
    constructor(code: ErrorCodeValue, message: string, path?: string, options?: {
        cause?: unknown;
    });
}
/**
 * A framed record that fails its checks (impossible header or CRC mismatch).
 * `start` is where the damage begins; `end` is where the next valid record
 * starts (or the end of the log), from which reading can resume.
 */
export declare class CorruptionError extends MmlogError {
    /** Position of the first damaged byte (a record boundary). */
    readonly start: number;
    /** Position of the next valid record, or the end of the log. */
    readonly end: number;
    constructor(start: number, end: number, path: string);
}
/**
 * `from` names a position of a framed log where no record starts: inside a
 * record, or in a region whose record boundaries cannot be established (no
 * valid frame, no writer's claim leads there). Nothing was read or written.
 * Start at 0, at a `pos` returned by `append()` or a reader, or at the cursor.
 */
export declare class NotABoundaryError extends MmlogError {
    /** The position asked for. */
    readonly position: number;
    constructor(position: number, path: string, why?: string);
}
/**
 * The positions asked for were in segments deleted by retention or a
 * checkpoint (`truncateBefore`). Nothing was read. Start again at
 * `firstPosition`, the first position the log still holds (readers do so
 * themselves when given `ifGone: 'oldest'`).
 */
export declare class PositionGoneError extends MmlogError {
    /** The position asked for. */
    readonly position: number;
    /** The first retained position. */
    readonly firstPosition: number;
    constructor(position: number, firstPosition: number, path: string);
}

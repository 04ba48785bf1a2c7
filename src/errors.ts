/**
 * Errors raised by mmlog. Every condition a caller may want to handle has a
 * stable `code`; native failures keep Node's own `code`, `errno`, `syscall`
 * and `path` (they are thrown exactly as `fs` would throw them).
 * @module
 */

import { constants as osConstants } from 'node:os';

/** Stable error codes of {@link MmlogError}. */
export const ErrorCode = {
  /** The control file is not an mmlog control file (wrong magic). */
  NOT_A_LOG: 'ERR_MMLOG_NOT_A_LOG',
  /** The control file was written by an incompatible format version. */
  VERSION: 'ERR_MMLOG_VERSION',
  /** The control file is shorter or longer than its header says. */
  TRUNCATED: 'ERR_MMLOG_TRUNCATED',
  /**
   * The data file (or the control file) shrank under the log: truncated
   * outside mmlog (e.g. `logrotate copytruncate`). What lay past the cut is
   * lost; appends that would have gone there were refused, never acknowledged.
   */
  DATA_SHRUNK: 'ERR_MMLOG_DATA_SHRUNK',
  /** The data file has no control file, yet writers still have it open (its control file was removed under them). */
  DATA_IN_USE: 'ERR_MMLOG_DATA_IN_USE',
  /** A structure holds a value that cannot be right; nothing was changed. */
  CORRUPT: 'ERR_MMLOG_CORRUPT',
  /**
   * The data file is not the one its control file describes: a framed data
   * file whose META frame names another log (or is missing), or a data file
   * holding bytes past the log's end. Nothing was changed.
   */
  WRONG_DATA: 'ERR_MMLOG_WRONG_DATA',
  /** `PATH` or `PATH.ctl` is not a regular file: a symbolic link, FIFO, device, directory or socket. */
  NOT_A_FILE: 'ERR_MMLOG_NOT_A_FILE',
  /** The log was marked unusable by a process that found it inconsistent. */
  PANICKED: 'ERR_MMLOG_PANICKED',
  /** The log exists with a different format or setting than requested. */
  OPTION_MISMATCH: 'ERR_MMLOG_OPTION_MISMATCH',
  /** Every writer slot in the control block is held by a live writer. */
  TOO_MANY_WRITERS: 'ERR_MMLOG_TOO_MANY_WRITERS',
  /** A creator is alive but did not finish creating the log in time. */
  CREATION_TIMEOUT: 'ERR_MMLOG_CREATION_TIMEOUT',
  /** The control file says records were written, but the data file is gone. */
  DATA_MISSING: 'ERR_MMLOG_DATA_MISSING',
  /** The operation was attempted on a closed log. */
  CLOSED: 'ERR_MMLOG_CLOSED',
  /** The data file holds records but there is no control file to say where they end. */
  NEEDS_RECOVERY: 'ERR_MMLOG_NEEDS_RECOVERY',
  /**
   * A read was asked to start at a position that is not (or cannot be shown to
   * be) the start of a record of a framed log; nothing was read or written.
   */
  NOT_A_BOUNDARY: 'ERR_MMLOG_NOT_A_BOUNDARY',
  /**
   * A read asked for positions of a segmented log that retention (or a
   * checkpoint) deleted; the error's `firstPosition` is where the log now starts.
   */
  POSITION_GONE: 'ERR_MMLOG_POSITION_GONE',
  /** The operation needs a segmented log (created with `segmentSize`). */
  NOT_SEGMENTED: 'ERR_MMLOG_NOT_SEGMENTED',
  /**
   * A shipper's sink (`mmlog/nats`: the NATS server) cannot be reached at
   * start: a bad address, nothing listening, refused credentials. (Once
   * connected, a shipper retries a lost connection with backoff instead.)
   */
  SINK_UNREACHABLE: 'ERR_MMLOG_SINK_UNREACHABLE',
  /** The JetStream stream named to `ship` or `replay` does not exist (and `createStream` was not asked), or does not take the subject. */
  NATS_STREAM_MISSING: 'ERR_MMLOG_NATS_STREAM_MISSING',
  /**
   * A record is larger than the sink takes in one message (NATS: the
   * server's `max_payload`, or the stream's `max_msg_size`, headers
   * included). The shipper stops before it: nothing past it is sent.
   */
  MESSAGE_TOO_LARGE: 'ERR_MMLOG_MESSAGE_TOO_LARGE',
  /**
   * What the sink holds does not match the log: the last message it stored
   * for this log is not a record of the log at its position (another log
   * with the same id, a rewritten stream), or a replay's local log differs
   * from the stream.
   */
  SINK_MISMATCH: 'ERR_MMLOG_SINK_MISMATCH',
  /** The sink refused a message for good (e.g. a full stream with `discard: new`). */
  SINK_REJECTED: 'ERR_MMLOG_SINK_REJECTED',
  /**
   * No build of the native addon loads in this Node.js: the package has no
   * prebuilt binary for its platform and ABI and none was built from source
   * (installed with `--ignore-scripts`, or the build failed), or the build
   * is for another Node.js ABI. The message says how to build it.
   */
  NATIVE_ADDON: 'ERR_MMLOG_NATIVE_ADDON',
  /**
   * An `fdatasync` of the log failed (EIO, ENOSPC…): the records above the
   * durable watermark may not be on disk, and since the kernel may have
   * dropped the pages it could not write, no later sync can say otherwise.
   * Every sync waiting or to come is rejected with it, and `open()` for
   * appending refuses the log, until `mmlog recover` writes the pages again.
   */
  SYNC_FAILED: 'ERR_MMLOG_SYNC_FAILED',
  /**
   * `syncSync()` could not finish: a live writer's record below the position
   * asked for stayed uncommitted for the whole wait (a stopped process).
   */
  SYNC_BLOCKED: 'ERR_MMLOG_SYNC_BLOCKED',
  /** mmlog broke one of its own invariants (a bug): the operation did nothing. */
  INTERNAL: 'ERR_MMLOG_INTERNAL',
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error raised by mmlog itself, identified by its stable {@link ErrorCode | code}. */
export class MmlogError extends Error {
  /** Stable, documented error code. */
  readonly code: ErrorCodeValue;
  /** The file the error is about, when there is one. */
  readonly path: string | undefined;

  constructor(code: ErrorCodeValue, message: string, path?: string, options?: { cause?: unknown }) {
    super(path === undefined ? message : `${message}: '${path}'`, options);
    this.name = 'MmlogError';
    this.code = code;
    this.path = path;
  }
}

/**
 * A framed record that fails its checks (impossible header or CRC mismatch),
 * or positions of a segmented log whose segment file is missing or cut short
 * below the active segment (deleted or truncated behind the log's back).
 * `start` is where the damage begins; `end` is where the next valid record
 * starts (or the end of the log), from which reading can resume.
 */
export class CorruptionError extends MmlogError {
  /** Position of the first damaged byte (a record boundary). */
  readonly start: number;
  /** Position of the next valid record, or the end of the log. */
  readonly end: number;

  /** `what`: what lies at `start`, when it is not a corrupt frame (a segment file missing or cut short). */
  constructor(start: number, end: number, path: string, what?: string) {
    super(
      ErrorCode.CORRUPT,
      what === undefined
        ? `corrupt record at position ${start} (next valid record at ${end})`
        : `${what} at position ${start} (reading can resume at ${end})`,
      path,
    );
    this.name = 'CorruptionError';
    this.start = start;
    this.end = end;
  }
}

/**
 * `from` names a position of a framed log where no record starts: inside a
 * record, or in a region whose record boundaries cannot be established (no
 * valid frame, no writer's claim leads there). Nothing was read or written.
 * Start at 0, at a `pos` returned by `append()` or a reader, or at the cursor.
 */
export class NotABoundaryError extends MmlogError {
  /** The position asked for. */
  readonly position: number;

  constructor(position: number, path: string, why = 'no record starts there') {
    super(ErrorCode.NOT_A_BOUNDARY, `position ${position} is not the start of a record (${why})`, path);
    this.name = 'NotABoundaryError';
    this.position = position;
  }
}

/**
 * The positions asked for were in segments deleted by retention or a
 * checkpoint (`truncateBefore`). Nothing was read. Start again at
 * `firstPosition`, the first position the log still holds (readers do so
 * themselves when given `ifGone: 'oldest'`).
 */
export class PositionGoneError extends MmlogError {
  /** The position asked for. */
  readonly position: number;
  /** The first retained position. */
  readonly firstPosition: number;

  constructor(position: number, firstPosition: number, path: string) {
    super(
      ErrorCode.POSITION_GONE,
      `position ${position} is no longer in the log: retention deleted it (the log now starts at ${firstPosition})`,
      path,
    );
    this.name = 'PositionGoneError';
    this.position = position;
    this.firstPosition = firstPosition;
  }
}

/** The name of a positive errno value (`'EIO'`), or `E<n>` for one this system does not name. */
export function errnoName(errno: number): string {
  for (const [name, value] of Object.entries(osConstants.errno)) if (value === errno) return name;
  return `E${errno}`;
}

/**
 * A sync of the log failed, now or earlier (see {@link ErrorCode.SYNC_FAILED}).
 * `errnoCode` is the system error (`'EIO'`, `'ENOSPC'`…); `durable` the
 * watermark, below which every record did reach the disk.
 */
export class SyncFailedError extends MmlogError {
  readonly errnoCode: string;
  readonly durable: number;

  constructor(errnoCode: string, durable: number, path: string, cause?: unknown) {
    super(
      ErrorCode.SYNC_FAILED,
      `a sync of the log failed (${errnoCode}): records from position ${durable} on may not be on disk, ` +
        'and no later sync can prove they are; run `mmlog recover` to write them again',
      path,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'SyncFailedError';
    this.errnoCode = errnoCode;
    this.durable = durable;
  }
}

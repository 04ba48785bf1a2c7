import { type RecoveryReport } from './admin/recovery.js';
import { type OpenOptions as LogSettings } from './options.js';
import { Log } from './writing/log.js';
/** Options of {@link open}: the log's settings, and what to tell the caller about recovery. */
export interface OpenOptions extends LogSettings {
    /**
     * Called with the report of the recovery `open()` runs first when a writer
     * died mid-record or the machine rebooted since the log was last opened:
     * every range padded and why, and any data found missing or corrupt.
     * Without it, missing or corrupt data is reported as a process warning
     * (code `MMLOG_RECOVERY`).
     */
    onRecovery?: (report: RecoveryReport) => void;
}
/** Checks `open()`'s arguments as `open()` does, touching no file (for streams that open the log later). */
export declare function checkOpenArguments(path: unknown, options: unknown): void;
/**
 * Opens the log at `path` for appending, creating it (and `path.ctl`, its
 * control file) if needed. Any number of processes and threads may open the
 * same log at once.
 *
 * @param path The data file. With format `raw` it is an ordinary file holding
 *   exactly the appended bytes; an existing file is appended to.
 * @throws TypeError for a path that is not a non-empty string, options that
 *   are not a plain object, an unknown option or one of the wrong type;
 *   RangeError for out-of-range options (nothing is opened then); the `fs` error (e.g. ENOENT) when the directory does
 *   not exist; {@link MmlogError} when the control file is not a valid log of
 *   this version (nothing is modified then).
 */
export declare function open(path: string, options?: OpenOptions): Log;

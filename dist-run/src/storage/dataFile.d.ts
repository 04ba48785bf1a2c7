import type { ControlBlock } from '../control/controlBlock.js';
/** The data file of an open log, checked. */
export interface DataFile {
    fd: number;
    /** Its size when it was checked. */
    size: number;
    /** False when a framed log has no META frame yet (nothing was ever appended to it). */
    initialized: boolean;
}
/**
 * Opens the data file of the log whose control file is `control` (read-write
 * or read-only; `appending` for a writer) and checks it against the control
 * file. Throws, with the file closed and nothing changed,
 * `ERR_MMLOG_NOT_A_FILE`, `ERR_MMLOG_WRONG_DATA`, `ERR_MMLOG_CORRUPT`,
 * `ERR_MMLOG_VERSION`, or the `fs` error of the open.
 */
export declare function openDataFile(path: string, control: ControlBlock, writable: boolean, appending?: boolean): DataFile;
/** Checks an open data file against its control file (see the module description). */
export declare function checkDataFile(fd: number, path: string, control: ControlBlock, appending?: boolean): {
    size: number;
    initialized: boolean;
};

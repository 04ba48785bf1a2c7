import type { LogIdentity } from '../control/header.js';
/** The META record of the framed log with this identity (see docs/format.md). */
export declare function encodeMetaRecord(identity: LogIdentity): Buffer;
/**
 * Writes what a new data file of this log starts with, and makes it durable
 * before the caller marks the data file ready (so that no crash leaves a
 * ready log without its META frame). Deterministic and idempotent: a process
 * repairing a log whose creator died may run it again. Refuses
 * (`ERR_MMLOG_WRONG_DATA`, nothing written) to write over anything but zeros
 * or the same frame: that file is not this log's.
 */
export declare function initializeDataFile(fd: number, identity: LogIdentity, path: string): void;

import type { ControlBlock } from './controlBlock.js';
/** Bytes the largest record of this log occupies. */
export declare function maxFrameOf(control: ControlBlock): number;
/**
 * How far the cursor may lie past the end of the data file in a healthy log:
 * each writer slot may hold one claim whose space its writer has not
 * allocated yet (it is about to, or it died first, or the disk was full).
 */
export declare function cursorSlack(control: ControlBlock): number;
/** Whether the machine rebooted since the log was last opened (its recovery then settles the cursor). */
export declare function rebootedSince(control: ControlBlock): boolean;
/**
 * Checks every field of the mapped control file that is not part of its
 * identity. `dataSize` reads the size of the data file (it is called after
 * the cursor is read: writers grow the file as they claim, so a size read
 * earlier could lag a busy log's cursor by more than the rule allows), or is
 * undefined when there is none (then only what does not depend on it is
 * checked); `appending` says that the caller is a writer about to append.
 * Throws `ERR_MMLOG_CORRUPT` naming the first impossible field.
 */
export declare function checkControlState(control: ControlBlock, path: string, dataSize: (() => number) | undefined, appending?: boolean): void;

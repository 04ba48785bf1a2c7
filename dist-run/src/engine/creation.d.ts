import { ControlBlock } from '../control/controlBlock.js';
import { type LogIdentity } from '../control/header.js';
import type { ResolvedOptions } from '../options.js';
/** The files of an open log. */
export interface OpenedFiles {
    control: ControlBlock;
    controlFd: number;
    controlPath: string;
    dataFd: number;
    dataPath: string;
    /** Slot 0 when this call created the log (the creator keeps it), otherwise undefined. */
    creatorSlot: number | undefined;
}
/** Opens the log at `path`, creating it if it does not exist. */
export declare function openOrCreate(path: string, options: ResolvedOptions): OpenedFiles;
/** A validated, mapped control file. */
export interface OpenControl {
    control: ControlBlock;
    fd: number;
    /** False when the file could only be opened read-only. */
    writable: boolean;
}
/**
 * Opens and validates a control file, then maps it. Validation reads the file
 * with plain reads first: nothing is mapped or written until it is known to be
 * a complete control file of this version. When `writable` is asked for but
 * the file is read-only to us, it is opened read-only (for readers).
 */
export declare function openControl(controlPath: string, writable: boolean, check?: (id: LogIdentity) => void, fallBackToReadOnly?: boolean): OpenControl;

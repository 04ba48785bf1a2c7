import type { ControlBlock } from '../control/controlBlock.js';
import { type ByteRange, type PaddedRange } from '../reading/logReader.js';
export type { ByteRange, PaddedRange, PaddingReason } from '../reading/logReader.js';
/** What {@link recover} did. */
export interface RecoveryReport {
    path: string;
    format: 'raw' | 'framed';
    /** Whether the machine was rebooted since the log was last opened (an OS crash, or a clean reboot). */
    rebooted: boolean;
    /** Whether another live writer had the log open (then the tail is left alone). */
    liveWriters: boolean;
    cursorBefore: number;
    cursorAfter: number;
    /** Where the walk started (the last known-good point) and ended. */
    scannedFrom: number;
    scannedTo: number;
    deadClaims: number;
    /**
     * Corrupt ranges found; `corruptRepaired` says whether they were padded over:
     * with plain padding when `repairCorruption` was asked for, with LOST frames
     * (which `verify` keeps reporting) when done on its own after a reboot.
     */
    corrupt: ByteRange[];
    corruptRepaired: boolean;
    /**
     * Ranges of the log where records should be and are not (framed): gaps no
     * writer's claim accounts for, such as pages of complete records that never
     * reached the disk before an OS crash, and LOST frames found from earlier
     * runs. Data was lost there. Those at the tail after a reboot are then cut
     * (see `cursorAfter`); the others hold LOST frames, which `verify` reports.
     */
    lost: ByteRange[];
    /** Every range this run wrote filler over, and why (framed). */
    padded: PaddedRange[];
    /** Bytes past the new cursor that held stale data and were zeroed. */
    tailZeroed: number;
    slotsCleared: number;
    /**
     * Whether the data file was found shorter than the log had claimed (cut
     * outside mmlog): the cursor and the allocated size were brought back to
     * what the file holds (only with no live writer).
     */
    dataShrunk: boolean;
    /** Segmented logs: rolls a dead writer left half done, finished (segments sealed, filler written). */
    rollsFinished: number;
}
/** Options of {@link recover}. */
export interface RecoverOptions {
    /**
     * Pad over corrupt frames so readers no longer stop at them, with plain
     * padding: the log verifies clean afterwards. Default: only after a reboot,
     * and then with LOST frames, so that `verify` goes on reporting the records
     * that were lost there.
     */
    repairCorruption?: boolean;
}
/** Whether a log needs recovery when opened: a reboot since, or a dead writer caught mid-claim. */
export declare function needsRecovery(control: ControlBlock): boolean;
/**
 * What `open()` does with the report of the recovery it ran: hands it to
 * `onRecovery` when given; otherwise, if records were lost or found corrupt,
 * emits a process warning (code `MMLOG_RECOVERY`) saying where, so that it
 * never goes unnoticed.
 */
export declare function announceRecovery(report: RecoveryReport, onRecovery?: (report: RecoveryReport) => void): void;
/**
 * Recovers the log at `path` (see the module description).
 * @throws TypeError / RangeError for bad arguments (nothing is opened then).
 */
export declare function recover(path: string, options?: RecoverOptions): RecoveryReport;
/**
 * {@link recover} with checked arguments. `ownSlot`: a writer slot of this
 * process to disregard as a live writer (the recovery `open()` runs after
 * taking its slot); never offered to callers of `recover`, who could
 * otherwise have a live writer's claims treated as dead.
 */
export declare function runRecovery(path: string, options: RecoverOptions, ownSlot?: number): RecoveryReport;

import type { ControlBlock } from '../control/controlBlock.js';
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
    /** Corrupt ranges found; `corruptRepaired` says whether they were padded over. */
    corrupt: {
        start: number;
        end: number;
    }[];
    corruptRepaired: boolean;
    /** Bytes past the new cursor that held stale data and were zeroed. */
    tailZeroed: number;
    slotsCleared: number;
}
/** Options of {@link recover}. */
export interface RecoverOptions {
    /** Pad over corrupt frames so readers no longer stop at them. Default: only after a reboot. */
    repairCorruption?: boolean;
    /** A slot of this process to disregard as a live writer (recovery run by `open`). @internal */
    ownSlot?: number;
}
/** Whether a log needs recovery when opened: a reboot since, or a dead writer caught mid-claim. */
export declare function needsRecovery(control: ControlBlock): boolean;
/** Recovers the log at `path` (see the module description). */
export declare function recover(path: string, options?: RecoverOptions): RecoveryReport;

import type { ControlBlock } from '../control/controlBlock.js';
/** What a retention pass did. */
export interface RetentionResult {
    /** Base positions of the segments deleted. */
    deleted: number[];
    /** The first position the log holds now. */
    firstPosition: number;
}
/**
 * Applies the log's retention limits, and with `before` a checkpoint: every
 * sealed segment wholly below `before` goes too (within the limits above).
 */
export declare function applyRetention(dir: string, control: ControlBlock, before?: number, now?: number): RetentionResult;

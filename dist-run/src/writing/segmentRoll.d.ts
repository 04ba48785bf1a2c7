/**
 * Ending a segment and starting the next (Aeron's term rotation, with one
 * global cursor). Which process does it is decided by the claims
 * themselves, with no lock and no extra step on the common path:
 *
 * - **By size.** Claims are contiguous, so exactly one claim contains each
 *   segment boundary `B`. Its writer fills the part past `B` (the head of
 *   the next segment) with filler, seals the ended segment at the start of
 *   its claim, activates the next one, and claims again: a record never
 *   straddles two segments.
 * - **By time.** A writer that finds the active segment's clock period over
 *   moves the cursor to `B` with a compare-and-swap: only one can, and it
 *   then seals and activates the same way. Nothing is filled: the positions
 *   from the seal to `B` hold nothing.
 *
 * Until the seal is recorded, the ending claim is an ordinary claim in the
 * writer's slot: readers wait for it while its writer lives, and a dead
 * writer's is padded (and the segment sealed) by readers and recovery.
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { type SegmentStore } from '../storage/segmentStore.js';
/** Finishes rolls for one writer of a segmented log. */
export declare class SegmentRoller {
    private readonly store;
    private readonly control;
    private readonly framed;
    private readonly idRegister;
    private readonly period;
    /** Called after each roll this writer made (retention runs there). */
    onRoll: (() => void) | undefined;
    constructor(store: SegmentStore, control: ControlBlock);
    /** Whether the claim `[pos, end)` crosses a segment boundary. */
    crosses(pos: number, end: number): boolean;
    /** Whether a claim at `pos` is the first of a segment (it starts at its base): its writer activates it. */
    startsSegment(pos: number): boolean;
    /**
     * For the claim `[pos, end)` that crossed the end of its segment: fills
     * `[B, end)` in the next segment, starts that segment (its first record
     * at `end`) and seals the ended one at `pos`. Throws the `fallocate` error
     * if the next segment cannot be allocated; nothing is sealed then.
     */
    finishCrossing(pos: number, end: number): void;
    /** For the claim at the base of a segment (the previous one ended exactly there, or by time): starts it. */
    startAtBoundary(pos: number): void;
    /**
     * Whether the segment holding `cursor` is due to roll: it holds records,
     * and the clock period it was activated in is over. For a timer, never
     * per append.
     */
    timeToRoll(cursor: number, now: number): boolean;
    /**
     * After this writer moved the cursor from `from` to the next boundary
     * (the roll by time): seals the segment at `from`. The next segment is
     * started by the first claim at its base.
     */
    finishTimeRoll(from: number): void;
    /**
     * At open: an active segment that holds no record yet counts its clock
     * period from now (a log created long before its first record is not
     * rolled at that record). Several writers opening at once may each do
     * it: they write the same first record and near-equal times.
     */
    restartEmptyPeriod(cursor: number, now: number): void;
    /** Milliseconds until the current clock period ends (for the roll timer), or -1 with no period. */
    msToPeriodEnd(now: number): number;
    private start;
    private seal;
    /** The entry of segment `k` is about to be written: the segment it described before is cut to its seal first. */
    private forget;
}

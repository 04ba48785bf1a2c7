/**
 * Who owns a claim nobody has committed? The answer decides whether a reader
 * waits (a live writer is making it) or moves past it (its writer is dead).
 *
 * A writer stores `claimFloor` (a lower bound of the position it will get)
 * before its fetch-add, and `claimPos`/`claimLen` right after. So for an
 * uncommitted position `p` below the cursor:
 * - a live slot with `claimPos == p`, or with `claimPos` unknown and
 *   `claimFloor <= p`, may be its owner: wait (and report it if it is stopped);
 * - a dead slot with `claimPos == p` is its owner, and gives its exact extent;
 * - a dead slot with `claimPos` unknown and `claimFloor <= p` may be its
 *   owner, which died between its fetch-add and storing `claimPos`: the
 *   extent is found by scanning forward;
 * - otherwise no writer's claim accounts for it: it is a claim whose slot was
 *   reused since, or bytes that were lost (zeroed or stale pages after an OS
 *   crash), and is reported as such.
 * Liveness is pid + process start time, so a reused pid is not mistaken for
 * the dead writer, and a slot taken in an earlier boot of the machine is dead
 * whatever its pid and start time (both are reused after a reboot).
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
/** The verdict on an uncommitted position. */
export type ClaimVerdict = 
/** A live writer may be writing it: wait. */
{
    kind: 'live';
    pid: number;
    stopped: boolean;
}
/** Its writer is dead and the slot says how long the claim is. */
 | {
    kind: 'dead';
    length: number;
}
/**
 * No live writer can own it; its length is unknown (scan for the next
 * frame). `accounted`: a dead writer may have claimed it (its slot shows a
 * claim in progress at or below it); otherwise nothing explains the gap.
 */
 | {
    kind: 'orphan';
    liveClaims: number[];
    liveFloors: number[];
    accounted: boolean;
};
/** Judges the uncommitted position `pos`. */
export declare function judgeClaim(control: ControlBlock, pos: number): ClaimVerdict;
/** Whether any live process holds a writer slot. */
export declare function anyLiveWriter(control: ControlBlock): boolean;
/**
 * The raw-format committed watermark: every byte below it belongs to a
 * completed claim. It is the cursor, lowered to the claim of every live
 * writer in the middle of an append (dead writers' claims do not hold it back:
 * raw data has no framing to mark them, so their bytes are returned as they are).
 */
export declare function rawCommitted(control: ControlBlock): number;

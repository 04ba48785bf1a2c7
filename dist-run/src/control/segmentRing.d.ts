import type { ControlBlock } from './controlBlock.js';
/** What the ring knows of one segment. */
export interface SegmentEntry {
    /** ms since the epoch when it became active; 0 when the ring no longer (or not yet) describes it. */
    activatedAt: number;
    /** Where its records end, once sealed; -1 when not sealed (or unknown). */
    sealEnd: number;
    /** ms since the epoch of the seal; 0 when not sealed. */
    sealedAt: number;
    /** Position of its first record (past the filler a crossing claim left at its head); -1 when unknown. */
    firstRecord: number;
}
/** Access to the segment ring of a segmented log's control file. */
export declare class SegmentRing {
    readonly segmentSize: number;
    private readonly control;
    constructor(control: ControlBlock);
    /** The segment holding position `pos`. */
    segmentOf(pos: number): number;
    /** The first position of segment `k`. */
    baseOf(k: number): number;
    /** Whether the ring's entry for `k` describes segment `k`. */
    describes(k: number): boolean;
    /** What the ring knows of segment `k`. */
    entry(k: number): SegmentEntry;
    /**
     * Where segment `k`'s first record is: its base, or the end of the filler
     * the claim that crossed into it left at its head; -1 when unknown.
     */
    firstRecord(k: number): number;
    /**
     * Whether the ring has forgotten segment `k`: its entry was taken over by
     * a later segment, which cuts segment `k` to its sealed end first (its
     * file's size is then where its records end).
     */
    forgot(k: number): boolean;
    /** Where segment `k`'s records end, if the ring records it sealed; else -1. */
    sealEnd(k: number): number;
    /**
     * Seals segment `k` at `end` (a record boundary: the start of the claim
     * that crossed its end, or of a roll by time). Only by the process that
     * ended it, or by recovery. The time first, so that a reader that sees the
     * end sees when.
     */
    seal(k: number, end: number, now: number): void;
    /**
     * Makes the entry describe segment `k`, activated at `now`, its first
     * record at `firstRecord` (after any filler at its head, already
     * written). Only by the claim that starts at `k`'s base or crosses into
     * it, or by creation and recovery. The fields first, the segment number
     * last: a reader that finds the number finds the fields of this segment.
     * The seal is not touched: it may come first.
     */
    activate(k: number, now: number, firstRecord?: number): void;
    /** The lowest segment retention has not deleted. */
    firstSegment(): number;
    /** Raises the lowest retained segment to `k` (never lowers it); before any file below it is deleted. */
    raiseFirstSegment(k: number): void;
    /** The first retained position: the data start, or the base of the lowest retained segment. */
    firstPosition(): number;
    /** Segments the ring describes at once: an entry is taken over by the segment this many later. */
    static get capacity(): number;
    private index;
}

import type { ControlBlock } from '../control/controlBlock.js';
import { SegmentRing } from '../control/segmentRing.js';
import { type DataStoreSettings } from './dataStore.js';
/** Settings of a {@link SegmentStore}. */
export interface SegmentStoreSettings extends Omit<DataStoreSettings, 'windowSize' | 'segment'> {
    /** Permission bits of the segment files it creates. */
    mode: number;
}
/**
 * Opens segment `k` of the log in `dir` read-write, creating it if needed
 * and allocating it whole when `allocate` (throws the `fallocate` error:
 * ENOSPC, EDQUOT).
 */
export declare function openSegment(dir: string, ring: SegmentRing, k: number, mode: number, allocate: boolean): number;
/**
 * Cuts sealed segment `k` to its sealed end if the ring still records it
 * and the file is longer. Never extends a file; a missing file (deleted by
 * retention) is fine.
 */
export declare function cutSealedSegment(dir: string, ring: SegmentRing, k: number): void;
/**
 * Points `current.log` at segment `k`: a new link renamed over the old one,
 * so the name always resolves. Best effort: the link is a convenience for
 * tools, and the log is correct without it.
 */
export declare function pointActiveLink(dir: string, ring: SegmentRing, k: number): void;
/** The mapped data of a segmented log, as one writer sees it. */
export declare class SegmentStore {
    /** The log directory. */
    readonly path: string;
    readonly ring: SegmentRing;
    base: number;
    sab: SharedArrayBuffer | undefined;
    u8: Uint8Array;
    buf: Buffer;
    i32: Int32Array;
    /** As {@link DataStore.fastEnd}: never past the end of the current segment. */
    fastEnd: number;
    private readonly control;
    private readonly settings;
    private current;
    /** The segment mapped, or -1. */
    private segment;
    /** The highest segment this store made sure exists and is allocated. */
    private preparedTo;
    constructor(dir: string, control: ControlBlock, settings: SegmentStoreSettings);
    /** Permission bits of the files it creates. */
    get mode(): number;
    /** The segment this store has mapped, or -1. */
    get currentSegment(): number;
    /**
     * Makes `[pos, end)` (inside one segment) writable through the current
     * mapping: maps the segment holding `pos` (creating it if needed), then
     * prefaults as {@link DataStore.prepare} does. Past the middle of a
     * segment, makes sure the next one exists, so that the roll into it does
     * not wait for its allocation.
     */
    prepare(pos: number, end: number): void;
    /** As {@link DataStore.prepareAhead}. */
    prepareAhead(pos: number): void;
    /** Makes sure the segment holding `end − 1` exists and is allocated (throws ENOSPC, EDQUOT). */
    reserve(end: number): void;
    /** Nothing to settle: each segment is checked as it is entered. */
    syncAllocated(): void;
    /** Writes `bytes` at position `pos` with a system call (for filling abandoned claims). */
    writeAt(pos: number, bytes: Uint8Array): void;
    /**
     * Cuts the log's files to `end` (the cursor), for the last writer to close:
     * the segment holding it to its exact bytes, and the sealed segment before
     * it to its sealed end. Never extends a file.
     */
    truncate(end: number): void;
    close(): void;
    /** Maps segment `k` (created and allocated whole if it is not yet). */
    private enter;
    private leave;
    /** Creates the next segment ahead of need. Failure (a full disk) is reported by the append that needs it. */
    private prepareNext;
    private copyViews;
}

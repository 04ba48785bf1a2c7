import type { ControlBlock } from '../control/controlBlock.js';
import { SegmentRing } from '../control/segmentRing.js';
import type { DataFileAt, ReadSource } from './readWindow.js';
/** Read-side (and padding-capable, when writable) mapping of a segmented log's segments. */
export declare class SegmentWindow implements ReadSource {
    readonly writable: boolean;
    readonly windowSize: number;
    readonly ring: SegmentRing;
    sab: SharedArrayBuffer;
    u8: Uint8Array;
    i32: Int32Array;
    base: number;
    private readonly dir;
    private readonly control;
    private fd;
    /** The segment whose file is open (and mapped), or -1. */
    private segment;
    private mapped;
    /** End (a position) of the open segment's file as last seen. */
    private fileEnd;
    /** The last segment index entry read (for a forgotten segment). */
    private indexEntry;
    constructor(dir: string, control: ControlBlock, writable: boolean);
    /** The path of the segment holding `pos`. */
    pathOf(pos: number): string;
    /**
     * The end of what may be read from `from` on without leaving its segment
     * or risking a fault: the segment's sealed end (or its end), but not past
     * its file. The file size is asked for (a syscall) only when the cached
     * one falls short of `need`.
     */
    safeEnd(from: number, need: number): number;
    /**
     * Where segment `k` (the selected one, when the ring forgot it) was
     * sealed: from the ring, else from the segment index; -1 when neither
     * records it (not sealed, or a forgotten segment whose entry is missing:
     * its file was cut to its end).
     */
    private sealEndOf;
    /** The segment index entry of segment `k`, read once per selection of it. */
    private indexed;
    /** The end of the region `pos` lies in: its segment's end. Nothing is read across it. */
    regionEnd(pos: number): number;
    /**
     * `pos`, or the base of the next segment when `pos` lies past the sealed
     * end of a segment below the cursor's (nothing is there). A segment the
     * ring no longer describes was cut to its sealed end: its file size says
     * where that is.
     */
    skipSealed(pos: number): number;
    /** Maps the segment holding `pos` if it is not the current one. */
    cover(pos: number): void;
    /** The segment file holding `pos` (now the open one), or undefined when it does not exist. */
    fileAt(pos: number): DataFileAt | undefined;
    /** Bytes `[pos, end)` copied out (the range must lie in the current segment). */
    copy(pos: number, end: number): Uint8Array;
    close(): void;
    /**
     * Opens segment `k` (not mapping it yet). False when its file does not
     * exist: not created yet (a claim ran ahead of it) or deleted by
     * retention (see {@link gone}).
     */
    private select;
    /** The error for a position whose segment file is missing. */
    gone(pos: number): Error;
    private release;
}

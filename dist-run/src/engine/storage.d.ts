import type { ControlBlock } from '../control/controlBlock.js';
/** The name of the control file of the log at `path`. */
export declare function controlPathOf(path: string): string;
/** Settings of a {@link DataStore}. */
export interface DataStoreSettings {
    chunkSize: number;
    /** Bytes the largest record occupies, header included. */
    maxFrame: number;
    /** Bytes mapped at once; rounded down to whole chunks. */
    windowSize: number;
    /** Whether to ask for huge pages (see `OpenOptions.hugePages`). */
    hugePages: boolean;
}
/** The mapped data of a log, as one writer (or reader) sees it. */
export declare class DataStore {
    readonly path: string;
    readonly fd: number;
    private readonly control;
    private readonly chunkSize;
    private readonly windowSize;
    private readonly mappingLength;
    /** The current window: its first position and views over it. */
    base: number;
    sab: SharedArrayBuffer | undefined;
    u8: Uint8Array;
    buf: Buffer;
    i32: Int32Array;
    /**
     * A claim ending at or below this position can be written into the current
     * window with no further work; past it, call {@link prepare}.
     */
    fastEnd: number;
    private windowIndex;
    private knownAllocated;
    private prefaultedTo;
    private releasedTo;
    private prefaultSupported;
    private hugePages;
    /**
     * Word 0: set to 1 by the native side when the last background populate is
     * done (1 = none in flight). Word 1: set to 1 to make it stop early.
     */
    private readonly populateDone;
    private populating;
    constructor(path: string, fd: number, control: ControlBlock, settings: DataStoreSettings);
    /** Refreshes the locally cached allocation (after registering as a writer). */
    syncAllocated(): void;
    /**
     * Makes `[pos, end)` writable through the current window: maps the window
     * holding `pos`, grows the file if needed, and does the once-per-chunk
     * prefault and release. Throws the `fallocate` error (ENOSPC, EDQUOT, EFBIG)
     * if the file cannot grow to `end`; nothing is written then.
     */
    prepare(pos: number, end: number): void;
    /**
     * Does ahead of time what the first append at `pos` would: maps its window
     * and populates the pages around it (the rest of the chunk in the
     * background), so that a writer's first appends do not pay for it. Failure
     * (a full disk) is not reported here: the append that needs the space does.
     */
    prepareAhead(pos: number): void;
    private mapWindow;
    private adviseHugePages;
    private unmapWindow;
    /** Extends the file to `target` (at least `needed`), lock-free. */
    private grow;
    /** Growth ahead of need: failure is not an error yet; the claim that needs the space reports it. */
    private tryGrow;
    private allocate;
    /**
     * Populates `[from, to)` on a threadpool thread. One request at a time: if
     * the appender outruns the populating thread, the next chunk simply faults
     * in on demand instead of requests piling up and landing behind the cursor.
     */
    private prefault;
    /**
     * Drops this process's mapping of pages below `upTo`. The pages are shared
     * file pages: dirty data stays in the page cache and reaches the disk as
     * usual; only this writer's resident set shrinks.
     */
    private release;
    /**
     * Cuts the file to `size` bytes. Only under the lifecycle lock, with no
     * other live writer (see {@link Log.trim}).
     */
    truncate(size: number): void;
    close(): void;
}

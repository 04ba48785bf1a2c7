import type { ControlBlock } from '../control/controlBlock.js';
/** Settings of a {@link DataStore}. */
export interface DataStoreSettings {
    chunkSize: number;
    /** Bytes the largest record occupies, header included. */
    maxFrame: number;
    /** Bytes mapped at once; rounded down to whole chunks. */
    windowSize: number;
    /** Whether to ask for huge pages (see `OpenOptions.hugePages`). */
    hugePages: boolean;
    /**
     * Set when the file is one segment of a segmented log: it holds the
     * positions `[origin, origin + size)` at offsets `pos - origin`, is mapped
     * whole (no record straddles two segments), and is allocated whole when it
     * is created, so it never grows here.
     */
    segment?: {
        origin: number;
        size: number;
    };
}
/** The mapped data of a log, as one writer (or reader) sees it. */
export declare class DataStore {
    readonly path: string;
    readonly fd: number;
    private readonly control;
    private readonly chunkSize;
    private readonly windowSize;
    private readonly mappingLength;
    /** Position of the file's first byte: 0, or a segment's base. */
    private readonly origin;
    /** A segment's end, or undefined when the file is a whole log sharing the control file's ALLOCATED. */
    private readonly segmentEnd;
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
    /** The flag of the background populate (see {@link AdviceFlag}); DONE is 1 when none is in flight. */
    private readonly populateFlag;
    /** End of the pages known populated (by this writer's synchronous populates, or a finished background one). */
    private populatedTo;
    private populating;
    constructor(path: string, fd: number, control: ControlBlock, settings: DataStoreSettings);
    /**
     * Refreshes the locally cached allocation (after registering as a writer),
     * checked against the real file size: growth always extends the file
     * before it raises ALLOCATED, so ALLOCATED above the file size means the
     * file was cut. If nothing was ever claimed past the cut (an interrupted
     * trim), ALLOCATED is lowered to fit; otherwise records were lost and
     * the error ({@link dataFileCut}) says how to go on.
     */
    syncAllocated(): void;
    /**
     * Makes `[pos, end)` writable through the current window: maps the window
     * holding `pos`, grows the file if needed, and does the once-per-chunk
     * prefault and release. Throws the `fallocate` error (ENOSPC, EDQUOT, EFBIG)
     * if the file cannot grow to `end`; nothing is written then.
     */
    prepare(pos: number, end: number): void;
    /**
     * End of the pages populated for this writer: what it populated itself,
     * extended by the progress of the background populate when that starts
     * there.
     */
    private readyTo;
    /**
     * Makes sure the file is allocated up to `end` (a chunk more when that
     * fits) without mapping anything: what appends do before claiming while
     * space is short. Throws the `fallocate` error (ENOSPC, EDQUOT).
     */
    reserve(end: number): void;
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
    /**
     * What is known allocated by anyone: the control file's ALLOCATED for a
     * whole-log file; for a segment, what this store allocated (the segment
     * store allocates each segment whole, before any claim lands in it).
     */
    private sharedAllocated;
    /** Extends the file to `target` (at least `needed`), lock-free. */
    private grow;
    /** Growth ahead of need: failure is not an error yet; the claim that needs the space reports it. */
    private tryGrow;
    private allocateSegment;
    private allocate;
    /**
     * Populates `[from, to)` on a thread of its own. One request at a time: if
     * the appender outruns the populating thread, it populates the pages it
     * needs itself (see {@link prepare}) instead of requests piling up and
     * landing behind the cursor.
     */
    private prefault;
    /**
     * Whether no background populate is in flight. One that failed turns
     * prefaulting off: kernels before 5.14 lack MADV_POPULATE_WRITE (EINVAL),
     * and pages then fault in on first touch.
     */
    private populateIdle;
    /**
     * Drops this process's mapping of pages below `upTo`. The pages are shared
     * file pages: dirty data stays in the page cache and reaches the disk as
     * usual; only this writer's resident set shrinks.
     */
    private release;
    /**
     * Cuts the file to `size` bytes. Only under the lifecycle lock, with no
     * other live writer (see {@link Log.trim}). Never extends it: a file
     * already shorter was cut outside mmlog, and is left for recovery.
     */
    truncate(end: number): void;
    /** Writes `bytes` at position `pos` with a system call (for filling abandoned claims). */
    writeAt(pos: number, bytes: Uint8Array): void;
    close(): void;
}

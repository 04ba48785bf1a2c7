/** The mapped bytes a check runs over: views of one window and the position of its first byte. */
export interface FrameSource {
    sab: SharedArrayBuffer;
    u8: Uint8Array;
    i32: Int32Array;
    base: number;
}
/** What a reader walks: a log's data, one mapping at a time (a window of one file, or one segment). */
export interface ReadSource extends FrameSource {
    /** Whether the mappings may be written (padding of dead claims). */
    readonly writable: boolean;
    /** Positions per mapping. */
    readonly windowSize: number;
    /** The end of what may be read from `from` on without a fault (see the implementations). */
    safeEnd(from: number, need: number): number;
    /** The end of the region `pos` lies in: nothing (no frame, no padding) is read or written across it. */
    regionEnd(pos: number): number;
    /** `pos`, or where reading resumes when nothing can lie at `pos` (past a sealed segment's end). */
    skipSealed(pos: number): number;
    /** Maps the window holding `pos`. */
    cover(pos: number): void;
    /** Bytes `[pos, end)` copied out (the range must lie in the current window). */
    copy(pos: number, end: number): Uint8Array;
    /** The open file holding `pos` and the position of its first byte; undefined when it does not exist. */
    fileAt(pos: number): DataFileAt | undefined;
    close(): void;
}
/** A data file (or segment) of a log, and the position of its first byte. */
export interface DataFileAt {
    fd: number;
    base: number;
}
/** Read-side (and padding-capable, when writable) windows over a data file. */
export declare class ReadWindow implements ReadSource {
    readonly fd: number;
    readonly writable: boolean;
    private readonly path;
    /** Positions per window (the mapping is longer by one maximum frame). */
    readonly windowSize: number;
    private readonly mappingLength;
    sab: SharedArrayBuffer;
    u8: Uint8Array;
    i32: Int32Array;
    base: number;
    private mapped;
    private knownEnd;
    constructor(path: string, fd: number, writable: boolean, maxFrame: number);
    /**
     * The end of what may be read without risking a fault: the file size. `need`
     * is the end the caller wants; the size is only asked for (a syscall) when
     * the cached value falls short of it, so a reader pays one fstat per growth.
     * (The shared `allocated` value is not trusted here: a data file truncated
     * behind the log's back would turn it into a SIGBUS.)
     */
    safeEnd(_from: number, need: number): number;
    /** One file: no region ends before the end of the log. */
    regionEnd(_pos: number): number;
    /** One file holds every position. */
    fileAt(_pos: number): DataFileAt;
    /** One file: positions are never skipped. */
    skipSealed(pos: number): number;
    /** Maps the window holding `pos` if it is not the current one. */
    cover(pos: number): void;
    /** Bytes `[pos, end)` copied out (the range must lie in the current window). */
    copy(pos: number, end: number): Uint8Array;
    private release;
    close(): void;
}

import type { FrameSource } from '../formats/frameCheck.js';
/** Read-side (and padding-capable, when writable) windows over a data file. */
export declare class ReadWindow implements FrameSource {
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
    safeEnd(need: number): number;
    /** Maps the window holding `pos` if it is not the current one. */
    cover(pos: number): void;
    /** Bytes `[pos, end)` copied out (the range must lie in the current window). */
    copy(pos: number, end: number): Uint8Array;
    private release;
    close(): void;
}

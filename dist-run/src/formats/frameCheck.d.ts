/** What is at a position. */
export declare const FrameState: {
    /** A complete frame whose CRC matches. */
    readonly VALID: 1;
    /** lenWord is zero: nobody has committed a frame here (yet). */
    readonly UNCOMMITTED: 2;
    /** A non-zero lenWord with an impossible type or length, or a CRC mismatch. */
    readonly CORRUPT: 3;
};
/** A frame found valid: its type, payload length and the bytes it occupies. */
export interface FrameInfo {
    type: number;
    length: number;
    size: number;
}
/** The mapped bytes a check runs over: views of one window and the position of its first byte. */
export interface FrameSource {
    sab: SharedArrayBuffer;
    u8: Uint8Array;
    i32: Int32Array;
    base: number;
}
/** Limits a frame must respect. */
export interface FrameLimits {
    /** Raw CRC register of the log id (see `logIdRegister`). */
    idRegister: number;
    maxRecordSize: number;
    /** The frame must end at or before this position (the readable end of the file). */
    end: number;
}
/**
 * Checks the frame at `pos` (a multiple of 8, with at least 8 readable bytes).
 * On VALID, fills `out`.
 */
export declare function checkFrame(source: FrameSource, pos: number, limits: FrameLimits, out: FrameInfo): number;
/**
 * The first position at or after `start` (8-aligned) that holds a valid
 * frame within the mapped bytes of `source` and below `limits.end`, or -1.
 * Resynchronisation after damage or a dead claim: because every CRC covers
 * the log id and the frame's own position, bytes that merely look like a
 * frame (inside a payload, or left over from another file) do not validate.
 */
export declare function findNextFrame(source: FrameSource, start: number, limits: FrameLimits): number;
/** Writes a PADDING frame over `[pos, pos + size)` (size ≥ 8, a multiple of 8), lenWord last. */
export declare function writePadding(source: FrameSource, pos: number, size: number, idRegister: number): boolean;

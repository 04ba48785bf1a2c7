import type { FrameSource } from './readWindow.js';
/** Whether frames of `type` are filler (PADDING or LOST): their CRC covers no payload. */
export declare function isFiller(type: number): boolean;
/**
 * Writes a filler frame of `type` (PADDING, or LOST over bytes nothing accounts
 * for) over `[pos, pos + size)` (size ≥ HEADER_SIZE, a multiple of ALIGNMENT),
 * lenWord last. The caller must have proven `pos` to be a record boundary.
 */
export declare function writePadding(source: FrameSource, pos: number, size: number, idRegister: number, type?: number): boolean;
/**
 * What stands in a raw log for a claim that holds no record (a dead or
 * abandoned writer's): `length` spaces ending in a newline, a blank line in a
 * text log rather than NUL bytes or half a record.
 */
export declare function blankLine(length: number): Buffer;

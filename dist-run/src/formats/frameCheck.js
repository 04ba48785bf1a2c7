/**
 * Judging the bytes at a position of a framed log: a complete, checksummed
 * frame; a claim not (yet) committed; or corruption. Shared by readers,
 * `verify` and recovery, so they can never disagree about what is valid.
 * @module
 */
import { crc32cMapped } from '../engine/hotPath.js';
import { frameSeed } from './crc32c.js';
import { frameSize, HEADER_SIZE, LENGTH_MASK, RecordType, TYPE_SHIFT } from './frame.js';
/** What is at a position. */
export const FrameState = {
    /** A complete frame whose CRC matches. */
    VALID: 1,
    /** lenWord is zero: nobody has committed a frame here (yet). */
    UNCOMMITTED: 2,
    /** A non-zero lenWord with an impossible type or length, or a CRC mismatch. */
    CORRUPT: 3,
};
/**
 * Checks the frame at `pos` (a multiple of 8, with at least 8 readable bytes).
 * On VALID, fills `out`.
 */
export function checkFrame(source, pos, limits, out) {
    const offset = pos - source.base;
    const lenWord = Atomics.load(source.i32, offset >>> 2) >>> 0;
    if (lenWord === 0)
        return FrameState.UNCOMMITTED;
    const type = lenWord >>> TYPE_SHIFT;
    const length = lenWord & LENGTH_MASK;
    if (type < RecordType.DATA || type > RecordType.META)
        return FrameState.CORRUPT;
    if (type === RecordType.DATA && length > limits.maxRecordSize)
        return FrameState.CORRUPT;
    const size = frameSize(length);
    if (pos + size > limits.end)
        return FrameState.CORRUPT;
    const covered = type === RecordType.PADDING ? 0 : length;
    const seed = frameSeed(limits.idRegister, pos, lenWord);
    const expected = crc32cMapped(source.sab, source.u8, offset + HEADER_SIZE, covered, seed);
    if (source.i32[(offset + 4) >>> 2] >>> 0 !== expected)
        return FrameState.CORRUPT;
    out.type = type;
    out.length = length;
    out.size = size;
    return FrameState.VALID;
}
/**
 * The first position at or after `start` (8-aligned) that holds a valid
 * frame within the mapped bytes of `source` and below `limits.end`, or -1.
 * Resynchronisation after damage or a dead claim: because every CRC covers
 * the log id and the frame's own position, bytes that merely look like a
 * frame (inside a payload, or left over from another file) do not validate.
 */
export function findNextFrame(source, start, limits) {
    const scratch = { type: 0, length: 0, size: 0 };
    const last = Math.min(limits.end, source.base + source.u8.length) - HEADER_SIZE;
    for (let pos = Math.ceil(start / 8) * 8; pos <= last; pos += 8) {
        // Only a non-zero word can start a frame: skip zero runs cheaply.
        if (source.i32[(pos - source.base) >>> 2] === 0)
            continue;
        if (checkFrame(source, pos, limits, scratch) === FrameState.VALID)
            return pos;
    }
    return -1;
}
/** Writes a PADDING frame over `[pos, pos + size)` (size ≥ 8, a multiple of 8), lenWord last. */
export function writePadding(source, pos, size, idRegister) {
    const offset = pos - source.base;
    if (Atomics.load(source.i32, offset >>> 2) !== 0)
        return false;
    const length = size - HEADER_SIZE;
    const lenWord = ((RecordType.PADDING << TYPE_SHIFT) | length) >>> 0;
    // A padding frame's CRC covers no payload: it is the CRC of its id, position and lenWord.
    source.i32[(offset + 4) >>> 2] = frameSeed(idRegister, pos, lenWord);
    // Only over a still-empty header: if the owner committed after all, its frame stands.
    return Atomics.compareExchange(source.i32, offset >>> 2, 0, lenWord | 0) === 0;
}
//# sourceMappingURL=frameCheck.js.map
/**
 * Fillers. Framed: PADDING and LOST frames cover bytes that hold no record (see
 * docs/format.md, *Filler frames*). Written by readers and recovery over
 * claims no live writer owns, and by a writer over its own claim abandoned
 * on a full disk; shared here, below both, so they write the same bytes.
 * Raw: a blank line ({@link blankLine}), written by recovery and writers alike.
 * @module
 */
import { CRC_OFFSET, HEADER_SIZE, LEN_WORD_OFFSET, lenWordOf, RecordType } from '../layout/frame.js';
import { frameSeed } from '../native/crc32c.js';
/** Whether frames of `type` are filler (PADDING or LOST): their CRC covers no payload. */
export function isFiller(type) {
    return type === RecordType.PADDING || type === RecordType.LOST;
}
/**
 * Writes a filler frame of `type` (PADDING, or LOST over bytes nothing accounts
 * for) over `[pos, pos + size)` (size ≥ HEADER_SIZE, a multiple of ALIGNMENT),
 * lenWord last. The caller must have proven `pos` to be a record boundary.
 */
export function writePadding(source, pos, size, idRegister, type = RecordType.PADDING) {
    const offset = pos - source.base;
    const lenWordIndex = (offset + LEN_WORD_OFFSET) >>> 2;
    if (Atomics.load(source.i32, lenWordIndex) !== 0)
        return false;
    const lenWord = lenWordOf(type, size - HEADER_SIZE);
    // A padding frame's CRC covers no payload: it is the CRC of its id, position and lenWord.
    source.i32[(offset + CRC_OFFSET) >>> 2] = frameSeed(idRegister, pos, lenWord);
    // Only over a still-empty header: if the owner committed after all, its frame stands.
    return Atomics.compareExchange(source.i32, lenWordIndex, 0, lenWord | 0) === 0;
}
/**
 * What stands in a raw log for a claim that holds no record (a dead or
 * abandoned writer's): `length` spaces ending in a newline, a blank line in a
 * text log rather than NUL bytes or half a record.
 */
export function blankLine(length) {
    const filler = Buffer.alloc(length, 0x20);
    filler[length - 1] = 0x0a;
    return filler;
}
//# sourceMappingURL=fillerFrame.js.map
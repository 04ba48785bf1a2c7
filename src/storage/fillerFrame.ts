/**
 * Fillers. Framed: PADDING and LOST frames cover bytes that hold no record (see
 * docs/format.md, *Filler frames*). Written by readers and recovery over
 * claims no live writer owns, and by a writer over its own claim abandoned
 * on a full disk; shared here, below both, so they write the same bytes.
 * Raw: a blank line ({@link blankLine}), written by recovery and writers alike.
 * @module
 */
import {
  CRC_OFFSET,
  frameSize,
  HEADER_SIZE,
  LEN_WORD_OFFSET,
  LENGTH_MASK,
  lenWordOf,
  RecordType,
  TYPE_SHIFT,
} from '../layout/frame.js';
import { frameSeed } from '../native/crc32c.js';
import type { FrameSource } from './readWindow.js';

/** Whether frames of `type` are filler (PADDING or LOST): their CRC covers no payload. */
export function isFiller(type: number): boolean {
  return type === RecordType.PADDING || type === RecordType.LOST;
}

/** The lenWord's and the CRC's shift in a header read as one little-endian 64-bit word. */
const LEN_WORD_SHIFT = BigInt(LEN_WORD_OFFSET * 8);
const CRC_SHIFT = BigInt(CRC_OFFSET * 8);
const WORD = 0xffff_ffffn;
/** A raw filler's bytes: spaces, then a newline. */
const BLANK = 0x20;
const LINE_END = 0x0a;

/**
 * Writes a filler frame of `type` (PADDING, or LOST over bytes nothing accounts
 * for) over `[pos, pos + size)` (size ≥ HEADER_SIZE, a multiple of ALIGNMENT),
 * only over a header whose lenWord is still 0; false when it is not (another
 * reader padded first, or the owner committed after all: its frame stands).
 * The caller must have proven `pos` to be a record boundary.
 *
 * LenWord and CRC go in together, by one compare-and-swap of the 8-byte
 * header (frames and mappings start at multiples of 8): two readers padding
 * the same dead claim with different extents or types must leave one whole
 * header, never one's lenWord with the other's CRC (a corrupt frame over a
 * log that lost nothing).
 */
export function writePadding(
  source: FrameSource,
  pos: number,
  size: number,
  idRegister: number,
  type: number = RecordType.PADDING,
): boolean {
  const headers = new BigUint64Array(source.sab, 0, source.sab.byteLength >>> 3);
  const index = (pos - source.base) >>> 3;
  const seen = Atomics.load(headers, index);
  if (((seen >> LEN_WORD_SHIFT) & WORD) !== 0n) return false;
  const lenWord = lenWordOf(type, size - HEADER_SIZE) >>> 0;
  // A padding frame's CRC covers no payload: it is the CRC of its id, position and lenWord.
  const crc = frameSeed(idRegister, pos, lenWord) >>> 0;
  const header = (BigInt(lenWord) << LEN_WORD_SHIFT) | (BigInt(crc) << CRC_SHIFT);
  return Atomics.compareExchange(headers, index, seen, header) === seen;
}

/**
 * What stands in a raw log for a claim that holds no record (a dead or
 * abandoned writer's): `length` spaces ending in a newline, a blank line in a
 * text log rather than NUL bytes or half a record.
 */
export function blankLine(length: number): Buffer {
  const filler = Buffer.alloc(length, BLANK);
  filler[length - 1] = LINE_END;
  return filler;
}

/**
 * Where the filler starting at position `pos` ends, read from `bytes` (which
 * hold the positions from `base` on): framed, past whole filler frames
 * (PADDING or LOST whose CRC holds for the log's `idRegister`); raw, past one
 * blank line. `pos` when no filler starts there. What lies past a segment's
 * seal may be such filler (a crossing claim's part in it, padded), never a
 * record.
 */
export function fillerEnd(bytes: Uint8Array, base: number, pos: number, framed: boolean, idRegister: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = base + bytes.length;
  if (!framed) {
    let at = pos;
    while (at < end && bytes[at - base] === BLANK) at++;
    return at < end && bytes[at - base] === LINE_END ? at + 1 : pos;
  }
  let at = pos;
  while (at + HEADER_SIZE <= end) {
    const lenWord = view.getUint32(at - base + LEN_WORD_OFFSET, true);
    if (!isFiller(lenWord >>> TYPE_SHIFT)) break;
    if (view.getUint32(at - base + CRC_OFFSET, true) !== frameSeed(idRegister, at, lenWord) >>> 0) break;
    at += frameSize(lenWord & LENGTH_MASK);
  }
  return at;
}

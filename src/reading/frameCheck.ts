/**
 * Judging the bytes at a position of a framed log: a complete, checksummed
 * frame; a claim not (yet) committed; or corruption. Shared by readers,
 * `verify` and recovery, so they can never disagree about what is valid.
 * @module
 */

import {
  ALIGNMENT,
  CRC_OFFSET,
  frameSize,
  HEADER_SIZE,
  LEN_WORD_OFFSET,
  LENGTH_MASK,
  RecordType,
  TYPE_SHIFT,
} from '../layout/frame.js';
import { crc32cMapped, frameSeed } from '../native/crc32c.js';
import { isFiller } from '../storage/fillerFrame.js';
import type { FrameSource, ReadSource } from '../storage/readWindow.js';

/** What is at a position. */
export const FrameState = {
  /** A complete frame whose CRC matches. */
  VALID: 1,
  /** lenWord is zero: nobody has committed a frame here (yet). */
  UNCOMMITTED: 2,
  /** A non-zero lenWord with an impossible type or length, or a CRC mismatch. */
  CORRUPT: 3,
} as const;

/** A frame found valid: its type, payload length and the bytes it occupies. */
export interface FrameInfo {
  type: number;
  length: number;
  size: number;
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
 * Checks the frame at `pos` (a multiple of ALIGNMENT, with at least HEADER_SIZE readable bytes).
 * On VALID, fills `out`.
 */
export function checkFrame(source: FrameSource, pos: number, limits: FrameLimits, out: FrameInfo): number {
  const offset = pos - source.base;
  const lenWord = Atomics.load(source.i32, (offset + LEN_WORD_OFFSET) >>> 2) >>> 0;
  if (lenWord === 0) return FrameState.UNCOMMITTED;
  const type = lenWord >>> TYPE_SHIFT;
  const length = lenWord & LENGTH_MASK;
  if (type < RecordType.DATA || type > RecordType.LOST) return FrameState.CORRUPT;
  const size = frameSize(length);
  if (pos + size > limits.end) return FrameState.CORRUPT;
  // A DATA frame longer than the log's maxRecordSize cannot have been written
  // under it, but a damaged control file can understate the limit: such a
  // frame is judged by its CRC like any other, when it lies in the mapped
  // bytes, so that recovery never pads over a real record.
  if (type === RecordType.DATA && length > limits.maxRecordSize && offset + size > source.u8.length) {
    return FrameState.CORRUPT;
  }
  const covered = isFiller(type) ? 0 : length;
  const seed = frameSeed(limits.idRegister, pos, lenWord);
  const expected = crc32cMapped(source.sab, source.u8, offset + HEADER_SIZE, covered, seed);
  if (source.i32[(offset + CRC_OFFSET) >>> 2] >>> 0 !== expected) return FrameState.CORRUPT;
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
export function findNextFrame(source: FrameSource, start: number, limits: FrameLimits): number {
  const scratch: FrameInfo = { type: 0, length: 0, size: 0 };
  const last = Math.min(limits.end, source.base + source.u8.length) - HEADER_SIZE;
  for (let pos = Math.ceil(start / ALIGNMENT) * ALIGNMENT; pos <= last; pos += ALIGNMENT) {
    // Only a non-zero lenWord can start a frame: skip zero runs cheaply.
    if (source.i32[(pos - source.base + LEN_WORD_OFFSET) >>> 2] === 0) continue;
    if (checkFrame(source, pos, limits, scratch) === FrameState.VALID) return pos;
  }
  return -1;
}

/** The next valid frame after `from` and below `limit`, across the windows of `source`; -1 if none. */
export function findFrameAfter(source: ReadSource, from: number, limit: number, limits: FrameLimits): number {
  const bounded = { ...limits, end: limit };
  for (let start = from + HEADER_SIZE; start < limit; ) {
    source.cover(start);
    const found = findNextFrame(source, start, bounded);
    if (found >= 0) return found;
    start = source.base + source.windowSize;
  }
  return -1;
}

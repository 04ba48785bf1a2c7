/**
 * Where a reader of a framed log may start: only at a record boundary it can
 * vouch for. A reader pads dead claims where it stands, so standing inside a
 * record would let it write filler over that record's bytes; a position that
 * cannot be proven a boundary is refused instead.
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { NotABoundaryError } from '../errors.js';
import { FREE_PID, IDLE, SlotOffset, slotOffset } from '../layout/control.js';
import { ALIGNMENT, HEADER_SIZE } from '../layout/frame.js';
import type { ReadSource } from '../storage/readWindow.js';
import { checkFrame, type FrameInfo, type FrameLimits, FrameState, findFrameAfter } from './frameCheck.js';

/**
 * Throws unless `from` is a record boundary of the framed log: the data
 * start, the cursor, a valid frame (its CRC covers its own position), the
 * position of a claim recorded in a writer slot, or a position reached by
 * walking frames from one of those. {@link NotABoundaryError} says why not; a
 * position past the cursor is a RangeError. Nothing is read past the files
 * and nothing is written.
 */
export function checkFramedStart(
  control: ControlBlock,
  window: ReadSource,
  limits: FrameLimits,
  path: string,
  from: number,
): void {
  const { dataStart } = control.identity;
  if (from > 0 && from < dataStart) throw new NotABoundaryError(from, path, 'it is inside the log header');
  const start = Math.max(from, dataStart);
  if (start % ALIGNMENT !== 0) throw new NotABoundaryError(from, path, `records start at multiples of ${ALIGNMENT}`);
  const cursor = control.cursor();
  // Every record position is below the cursor; past it lies no record start we could vouch for.
  if (start > cursor) throw new RangeError(`position ${from} is beyond the end of the log`);
  const doubt = start > dataStart && start < cursor ? boundaryDoubt(control, window, limits, start, cursor) : undefined;
  if (doubt !== undefined) throw new NotABoundaryError(from, path, doubt);
}

/**
 * Undefined when `target` (8-aligned, between the data start and `cursor`)
 * is provably a record boundary; otherwise why not.
 */
function boundaryDoubt(
  control: ControlBlock,
  window: ReadSource,
  readerLimits: FrameLimits,
  target: number,
  cursor: number,
): string | undefined {
  const unknown = 'no record can be shown to start there';
  if (claimLengthAt(control, target) >= 0) return undefined;
  const info: FrameInfo = { type: 0, length: 0, size: 0 };
  const end = Math.min(cursor, window.safeEnd(target, cursor));
  const limits = { ...readerLimits, end };
  if (target + HEADER_SIZE <= end) {
    window.cover(target);
    if (checkFrame(window, target, limits, info) === FrameState.VALID) return undefined;
  }
  // Walk from a known boundary: the committed watermark if a valid frame is there, else the data start
  // (in a segmented log, the segment's base: its first frame starts there).
  const regionEnd = window.regionEnd(target);
  const regionStart = Number.isFinite(regionEnd) ? regionEnd - window.windowSize : 0;
  let at = Math.max(control.identity.dataStart, regionStart);
  const committed = control.committed();
  if (committed > at && committed < target && committed % ALIGNMENT === 0 && committed + HEADER_SIZE <= end) {
    window.cover(committed);
    if (checkFrame(window, committed, limits, info) === FrameState.VALID) at = committed;
  }
  while (at < target) {
    if (at + HEADER_SIZE > end) return unknown;
    window.cover(at);
    const state = checkFrame(window, at, limits, info);
    if (state === FrameState.VALID) {
      if (at + info.size > target) return `it lies inside the record at ${at}`;
      at += info.size;
      continue;
    }
    const claimed = state === FrameState.UNCOMMITTED ? claimLengthAt(control, at) : -1;
    if (claimed > 0 && claimed % ALIGNMENT === 0) {
      if (at + claimed > target) return `it lies inside the claim at ${at}`;
      at += claimed;
      continue;
    }
    // A gap or damage of unknown extent: the next valid frame is a boundary, what lies before it is unknown.
    const next = findFrameAfter(window, at, end, limits);
    if (next < 0 || next > target) return unknown;
    at = next;
  }
  return at === target ? undefined : unknown;
}

/**
 * The length a writer slot records for a claim at `pos` (a claim's position
 * comes from the fetch-add on the cursor: a record boundary), or -1 when no
 * slot records a claim there.
 */
function claimLengthAt(control: ControlBlock, pos: number): number {
  const { i32, f64 } = control;
  for (let i = 0; i < control.identity.slotCount; i++) {
    const base = slotOffset(i);
    if (Atomics.load(i32, (base + SlotOffset.PID) / 4) === FREE_PID) continue;
    if (f64[(base + SlotOffset.CLAIM_FLOOR) / 8] === IDLE) continue;
    if (f64[(base + SlotOffset.CLAIM_POS) / 8] === pos) return f64[(base + SlotOffset.CLAIM_LEN) / 8];
  }
  return -1;
}

/**
 * Moving a reader past an uncommitted range that no live writer is making:
 * how far the range runs (a dead writer's claim, to the extent its slot
 * records; anything else, to the next valid frame), and the filler written
 * over it by a reader that may write. Who owns the range is judged in
 * `claims.ts`; the reader decides when to ask.
 *
 * The range starts where the reader stands, a record boundary, and ends on
 * one: the next valid frame, the end of the dead writer's claim, or a live
 * writer's claim. So filler written over it never covers a record.
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { Offset } from '../layout/control.js';
import { ALIGNMENT, frameSize, MAX_PADDING_SIZE, RecordType } from '../layout/frame.js';
import { writePadding } from '../storage/fillerFrame.js';
import type { ReadSource } from '../storage/readWindow.js';
import type { ClaimVerdict } from './claims.js';
import { type FrameLimits, findFrameAfter } from './frameCheck.js';
import type { PaddedRange } from './readerTypes.js';

/** An uncommitted range to move past: where it ends, and whether a dead writer's claim accounts for it. */
export interface DeadRange {
  end: number;
  /** False: no writer's claim explains it (lost data, marked LOST rather than padded). */
  accounted: boolean;
}

/**
 * The range to move past at the uncommitted position `pos` (below `cursor`),
 * judged not to be a live writer's; undefined when the reader must wait: a
 * live writer that has not stored its position yet may own part of it, or
 * part of it lies past the end of the file.
 */
export function deadRangeAt(
  window: ReadSource,
  limits: FrameLimits,
  pos: number,
  cursor: number,
  verdict: Exclude<ClaimVerdict, { kind: 'live' }>,
): DeadRange | undefined {
  let end: number;
  let accounted = true;
  if (verdict.kind === 'dead' && verdict.length % ALIGNMENT === 0 && pos + verdict.length <= cursor) {
    // The slot gives the extent; a valid frame inside it would mean the slot lied: stop there, and at
    // any other slot's claim (a stale record of a slot must not cover a live writer's claim).
    const claimEnd = pos + verdict.length;
    const inside = findFrameAfter(window, pos, Math.min(claimEnd, window.safeEnd(pos, claimEnd)), limits);
    end = inside < 0 ? claimEnd : inside;
    for (const claim of verdict.claimStarts) if (claim > pos && claim < end) end = claim;
    for (const floor of verdict.liveFloors) if (floor < end) return undefined;
  } else {
    const orphan =
      verdict.kind === 'orphan' ? verdict : { claimStarts: [], liveFloors: [], accounted: true, accountedBy: 1 };
    accounted = orphan.accounted;
    const next = findFrameAfter(window, pos, Math.min(cursor, window.safeEnd(pos, cursor)), limits);
    // No frame: the range runs to the cursor, the segment's end, or its seal. Past a seal lies only the
    // claim that crossed the segment's end, never readable here: a range over it could never be padded.
    end = next < 0 ? Math.min(cursor, window.recordsEnd(pos)) : next;
    for (const claim of orphan.claimStarts) if (claim > pos && claim < end) end = claim;
    // A live writer between here and `end` that has not stored its position yet: wait for it.
    for (const floor of orphan.liveFloors) if (floor < end) return undefined;
    // Each dead writer that may have claimed here made one claim at most, of one frame at most: a longer
    // gap holds bytes none of them explains (zeroed records), and is lost data, not their claims.
    if (accounted && end - pos > orphan.accountedBy * frameSize(limits.maxRecordSize)) accounted = false;
  }
  // Part of it lies past the end of the file (claimed, never grown into): it can be neither
  // padded nor read, and nothing after it is in the file. Wait for the file to grow (or for
  // recovery to cut the tail).
  if (!readableThrough(window, pos, end)) return undefined;
  return { end, accounted };
}

/** Whether `[start, end)` lies in the files, region by region (a dead claim may cross a segment's end). */
function readableThrough(window: ReadSource, start: number, end: number): boolean {
  for (let at = start; at < end; at = window.regionEnd(at)) {
    const part = Math.min(end, window.regionEnd(at));
    if (part > window.safeEnd(at, part)) return false;
  }
  return true;
}

/** Where a reader that may write pads: its mappings, and the list of ranges padded when recovery keeps one. */
export interface PaddingReader {
  readonly window: ReadSource;
  readonly control: ControlBlock;
  readonly padLog: PaddedRange[] | undefined;
}

/**
 * Pads `[start, end)` (inside the file) with filler frames of `type`
 * (PADDING for a dead claim, LOST for a gap nothing accounts for), each
 * recorded in the reader's `padLog` when it keeps one; false if its first
 * header is no longer empty (another reader padded it first, or its owner
 * committed after all: then nothing was written and the caller reads what is
 * there now).
 */
export function padDeadRange(
  { window, control, padLog }: PaddingReader,
  idRegister: number,
  start: number,
  end: number,
  type: number,
): boolean {
  for (let at = start; at < end; ) {
    const size = Math.min(end - at, MAX_PADDING_SIZE, window.regionEnd(at) - at);
    window.cover(at);
    if (writePadding(window, at, size, idRegister, type)) {
      if (type === RecordType.PADDING) control.bumpStat(Offset.STAT_CLAIMS_PADDED);
      padLog?.push({ start: at, end: at + size, reason: type === RecordType.PADDING ? 'dead-claim' : 'lost' });
    } else if (at === start) {
      return false;
    }
    at += size;
  }
  return true;
}

/**
 * Ending a segment and starting the next (Aeron's term rotation, with one
 * global cursor). Which process does it is decided by the claims
 * themselves, with no lock and no extra step on the common path:
 *
 * - **By size.** Claims are contiguous, so exactly one claim contains each
 *   segment boundary `B`. Its writer fills the part past `B` (the head of
 *   the next segment) with filler, seals the ended segment at the start of
 *   its claim, activates the next one, and claims again: a record never
 *   straddles two segments.
 * - **By time.** A writer that finds the active segment's clock period over
 *   moves the cursor to `B` with a compare-and-swap: only one can, and it
 *   then seals and activates the same way. Nothing is filled: the positions
 *   from the seal to `B` hold nothing.
 *
 * Until the seal is recorded, the ending claim is an ordinary claim in the
 * writer's slot: readers wait for it while its writer lives, and a dead
 * writer's is padded (and the segment sealed) by readers and recovery.
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { SegmentRing } from '../control/segmentRing.js';
import { logIdRegister } from '../native/crc32c.js';
import { blankLine, writePadding } from '../storage/fillerFrame.js';
import { applyRetention, type RetentionResult } from '../storage/retention.js';
import { cutSealedSegment, pointActiveLink, recordSeal } from '../storage/segmentFiles.js';
import { indexFirstRecord } from '../storage/segmentIndex.js';
import type { SegmentStore } from '../storage/segmentStore.js';

/** Finishes rolls for one writer of a segmented log. */
export class SegmentRoller {
  private readonly store: SegmentStore;
  private readonly control: ControlBlock;
  private readonly framed: boolean;
  private readonly idRegister: number;
  private readonly period: number;
  /** Whether the log has retention limits, applied when this writer opens, rolls and closes. */
  private readonly retains: boolean;

  constructor(store: SegmentStore, control: ControlBlock) {
    this.store = store;
    this.control = control;
    const id = control.identity;
    this.framed = id.format === 'framed';
    this.idRegister = logIdRegister(id.logIdLo, id.logIdHi) >>> 0;
    this.period = id.rollEvery;
    // With no limit, a pass would delete nothing and cost a stat per sealed segment: none at rolls.
    this.retains = id.retainSegments + id.retainBytes + id.retainAge > 0;
  }

  /** A checkpoint: applies retention and deletes every sealed segment wholly below `pos` (see `Log.truncateBefore`). */
  checkpoint(pos: number): number {
    if (!Number.isSafeInteger(pos) || pos < 0 || pos > this.control.cursor()) {
      throw new RangeError(`truncateBefore() takes a position from 0 to the cursor, got ${String(pos)}`);
    }
    return applyRetention(this.store.path, this.control, pos).firstPosition;
  }

  /** Applies the log's retention limits now (see `Log.applyRetention`). */
  applyRetention(): RetentionResult {
    return applyRetention(this.store.path, this.control);
  }

  /**
   * Retention after a roll, and when a writer opens or closes: a pass at a
   * roll may have been held back by another writer's claim in an older
   * segment, and a log that stops being written has no next roll. Best
   * effort: a failure must not fail the open, the append that rolled or the
   * close (`applyRetention()` reports it).
   */
  retain(): void {
    if (!this.retains) return;
    try {
      applyRetention(this.store.path, this.control);
    } catch {
      // Tried again at the next roll.
    }
  }

  /** Whether the claim `[pos, end)` crosses a segment boundary. */
  crosses(pos: number, end: number): boolean {
    const ring = this.store.ring;
    return ring.segmentOf(pos) !== ring.segmentOf(end - 1);
  }

  /** Whether a claim at `pos` is the first of a segment (it starts at its base): its writer activates it. */
  startsSegment(pos: number): boolean {
    return pos > 0 && pos % this.store.ring.segmentSize === 0;
  }

  /**
   * For the claim `[pos, end)` that crossed the end of its segment: fills
   * `[B, end)` in the next segment, starts that segment (its first record
   * at `end`) and seals the ended one at `pos`. Throws the `fallocate` error
   * if the next segment cannot be allocated; nothing is sealed then.
   */
  finishCrossing(pos: number, end: number): void {
    const store = this.store;
    const ring = store.ring;
    const k = ring.segmentOf(pos);
    const boundary = ring.baseOf(k + 1);
    store.prepare(boundary, end);
    // The filler first: a reader that finds the seal and moves to the
    // boundary must find a complete frame (or line) there.
    if (this.framed) {
      const window = { sab: store.sab as SharedArrayBuffer, u8: store.u8, i32: store.i32, base: store.base };
      writePadding(window, boundary, end - boundary, this.idRegister);
    } else {
      store.u8.set(blankLine(end - boundary), boundary - store.base);
    }
    // Started before sealed: a reader the seal sends to the next segment finds where its records start.
    this.start(k + 1, end);
    this.seal(k, pos);
  }

  /** For the claim at the base of a segment (the previous one ended exactly there, or by time): starts it. */
  startAtBoundary(pos: number): void {
    this.start(this.store.ring.segmentOf(pos), pos);
  }

  /**
   * Whether the segment holding `cursor` is due to roll: it holds records,
   * and the clock period it was activated in is over. For a timer, never
   * per append.
   */
  timeToRoll(cursor: number, now: number): boolean {
    if (this.period === 0) return false;
    const ring = this.store.ring;
    const k = ring.segmentOf(cursor);
    // An empty segment is not rolled: a quiet log does not make empty files.
    if (cursor <= Math.max(ring.baseOf(k), this.control.identity.dataStart)) return false;
    const { activatedAt } = ring.entry(k);
    // An entry not (yet) describing the segment: its roll is being finished, or recovery will.
    if (activatedAt === 0) return false;
    return Math.floor(now / this.period) > Math.floor(activatedAt / this.period);
  }

  /**
   * After this writer moved the cursor from `from` to the next boundary
   * (the roll by time): seals the segment at `from`. The next segment is
   * started by the first claim at its base.
   */
  finishTimeRoll(from: number): void {
    this.seal(this.store.ring.segmentOf(from), from);
  }

  /**
   * At open: an active segment that holds no record yet counts its clock
   * period from now (a log created long before its first record is not
   * rolled at that record). Several writers opening at once may each do
   * it: they write the same first record and near-equal times.
   */
  restartEmptyPeriod(cursor: number, now: number): void {
    if (this.period === 0) return;
    const ring = this.store.ring;
    const k = ring.segmentOf(cursor);
    const first = ring.firstRecord(k);
    if (ring.describes(k) && first >= 0 && cursor <= Math.max(first, this.control.identity.dataStart)) {
      ring.activate(k, now, first);
    }
  }

  /** Milliseconds until the current clock period ends (for the roll timer), or -1 with no period. */
  msToPeriodEnd(now: number): number {
    if (this.period === 0) return -1;
    return (Math.floor(now / this.period) + 1) * this.period - now;
  }

  private start(k: number, firstRecord: number): void {
    const ring = this.store.ring;
    this.forget(k);
    indexFirstRecord(this.store.path, k, ring.baseOf(k), firstRecord, this.store.mode);
    ring.activate(k, Date.now(), firstRecord);
    // The segment sealed one roll ago: nobody reads near its end any more. Cut on a thread of its own,
    // but not in a log that recycles: retention may retire it right away, and a cut in flight holds the
    // file, so the next segment would be allocated anew instead of reusing it.
    if (k > 1) cutSealedSegment(this.store.path, ring, k - 2, !ring.recycling);
    // A writer late with its roll (the cursor is past its segment already) leaves the link to the later one.
    if (ring.segmentOf(this.control.cursor()) === k) pointActiveLink(this.store.path, ring, k);
    this.retain();
  }

  private seal(k: number, end: number): void {
    this.forget(k);
    recordSeal(this.store.path, this.store.ring, k, end, this.store.mode);
  }

  /** The entry of segment `k` is about to be written: the segment it described before is cut to its seal first. */
  private forget(k: number): void {
    const previous = k - SegmentRing.capacity;
    if (previous >= 0) cutSealedSegment(this.store.path, this.store.ring, previous);
  }
}

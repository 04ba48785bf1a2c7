/**
 * The segment ring of a segmented log's control file: for each recent
 * segment, when it became active and where its records end once sealed.
 *
 * Segment `k` holds the positions `[k × S, (k + 1) × S)` (`S` the segment
 * size): which segment a position is in is arithmetic, known to every
 * process with no lookup. A segment ends early when the one claim that
 * crosses its end (or a roll by time) seals it: its records end at the
 * sealed end, and the positions from there to the segment's end hold
 * nothing.
 *
 * Segment `k` is activated by the one claim that starts at its base or
 * crosses into it (claims are contiguous: exactly one does), and sealed by
 * the one claim that crosses its end or the one roll by time that moves the
 * cursor to its end. Activation and seal write different fields, in either
 * order: a sealed end and a first record are valid for segment `k` only
 * when they lie in its positions, so a value left from the entry's
 * previous segment is never taken for its own.
 * @module
 */
import { Offset, SEGMENT_RING_SIZE, SegmentEntryOffset, segmentEntryOffset } from '../layout/control.js';
import type { ControlBlock } from './controlBlock.js';

const I64 = 8;

/** What the ring knows of one segment. */
export interface SegmentEntry {
  /** ms since the epoch when it became active; 0 when the ring no longer (or not yet) describes it. */
  activatedAt: number;
  /** Where its records end, once sealed; -1 when not sealed (or unknown). */
  sealEnd: number;
  /** ms since the epoch of the seal; 0 when not sealed. */
  sealedAt: number;
  /** Position of its first record (past the filler a crossing claim left at its head); -1 when unknown. */
  firstRecord: number;
}

/** Access to the segment ring of a segmented log's control file. */
export class SegmentRing {
  readonly segmentSize: number;
  /** Whether retired segment files are kept for reuse (every open of a segment then holds it: see segmentRecycling.ts). */
  readonly recycling: boolean;
  private readonly control: ControlBlock;

  /** The log's identity (format, id, sizes), as its control file holds it. */
  get identity(): ControlBlock['identity'] {
    return this.control.identity;
  }

  constructor(control: ControlBlock) {
    this.control = control;
    this.segmentSize = control.identity.segmentSize;
    this.recycling = control.identity.recycleSegments > 0;
  }

  /** The segment holding position `pos`. */
  segmentOf(pos: number): number {
    return Math.floor(pos / this.segmentSize);
  }

  /** The first position of segment `k`. */
  baseOf(k: number): number {
    return k * this.segmentSize;
  }

  /** Whether the ring's entry for `k` describes segment `k`. */
  describes(k: number): boolean {
    return Atomics.load(this.control.i64, this.index(k, SegmentEntryOffset.SEGMENT)) === BigInt(k + 1);
  }

  /** What the ring knows of segment `k`. */
  entry(k: number): SegmentEntry {
    if (!this.describes(k)) return { activatedAt: 0, sealEnd: -1, sealedAt: 0, firstRecord: -1 };
    const f64 = this.control.f64;
    const activatedAt = f64[this.index(k, SegmentEntryOffset.ACTIVATED_AT)] as number;
    const sealEnd = this.sealEnd(k);
    const sealedAt = sealEnd < 0 ? 0 : (f64[this.index(k, SegmentEntryOffset.SEALED_AT)] as number);
    return { activatedAt, sealEnd, sealedAt, firstRecord: this.firstRecord(k) };
  }

  /**
   * Where segment `k`'s first record is: its base, or the end of the filler
   * the claim that crossed into it left at its head; -1 when unknown.
   */
  firstRecord(k: number): number {
    const first = Number(Atomics.load(this.control.i64, this.index(k, SegmentEntryOffset.FIRST_RECORD)));
    return first >= this.baseOf(k) && first < this.baseOf(k + 1) ? first : -1;
  }

  /**
   * Whether the ring has forgotten segment `k`: its entry was taken over by
   * a later segment, which cuts segment `k` to its sealed end first (its
   * file's size is then where its records end).
   */
  forgot(k: number): boolean {
    return Atomics.load(this.control.i64, this.index(k, SegmentEntryOffset.SEGMENT)) > BigInt(k + 1);
  }

  /** Where segment `k`'s records end, if the ring records it sealed; else -1. */
  sealEnd(k: number): number {
    const end = Number(Atomics.load(this.control.i64, this.index(k, SegmentEntryOffset.SEAL_END)));
    return end >= this.baseOf(k) && end <= this.baseOf(k + 1) && end > 0 ? end : -1;
  }

  /**
   * Seals segment `k` at `end` (a record boundary: the start of the claim
   * that crossed its end, or of a roll by time). Only by the process that
   * ended it, or by recovery. The time first, so that a reader that sees the
   * end sees when. A segment the entry does not describe yet is activated
   * first (see {@link activateUnstarted}): otherwise the entry would go on
   * describing the segment {@link capacity} before, whose seal this one
   * would replace. False, and nothing written, when the ring has forgotten
   * segment `k` (a writer late by a whole ring): the entry is a later
   * segment's, and the caller cuts the file to its seal instead.
   */
  seal(k: number, end: number, now: number): boolean {
    if (this.forgot(k)) return false;
    if (!this.describes(k)) this.activateUnstarted(k, now);
    this.control.f64[this.index(k, SegmentEntryOffset.SEALED_AT)] = now;
    Atomics.store(this.control.i64, this.index(k, SegmentEntryOffset.SEAL_END), BigInt(end));
    return true;
  }

  /**
   * The activation made for a segment whose own activation has not been
   * seen, by its seal or by recovery: its first record at its base (readers
   * pad the head a dead claim left). The writer of the claim that crossed
   * into it may be late rather than dead, though, and it stores its first
   * record (past the filler at the head, written before) without looking:
   * that one must stand, or readers would take the filler for records. So
   * the base goes in only by a compare-and-swap from the value read, one no
   * first record of segment `k` can be (an older segment's, or none).
   */
  activateUnstarted(k: number, now: number): void {
    const i64 = this.control.i64;
    const at = this.index(k, SegmentEntryOffset.FIRST_RECORD);
    const seen = Atomics.load(i64, at);
    if (Number(seen) < this.baseOf(k) || Number(seen) >= this.baseOf(k + 1)) {
      Atomics.compareExchange(i64, at, seen, BigInt(this.baseOf(k)));
    }
    this.control.f64[this.index(k, SegmentEntryOffset.ACTIVATED_AT)] = now;
    Atomics.store(i64, this.index(k, SegmentEntryOffset.SEGMENT), BigInt(k + 1));
  }

  /**
   * Makes the entry describe segment `k`, activated at `now`, its first
   * record at `firstRecord` (after any filler at its head, already
   * written). Only by the claim that starts at `k`'s base or crosses into
   * it, or by creation and recovery. The fields first, the segment number
   * last: a reader that finds the number finds the fields of this segment.
   * The seal is not touched: it may come first. Nothing is written when the
   * ring has forgotten segment `k` (the entry is a later segment's; the
   * segment index answers for `k`).
   */
  activate(k: number, now: number, firstRecord = this.baseOf(k)): void {
    if (this.forgot(k)) return;
    const i64 = this.control.i64;
    Atomics.store(i64, this.index(k, SegmentEntryOffset.FIRST_RECORD), BigInt(firstRecord));
    this.control.f64[this.index(k, SegmentEntryOffset.ACTIVATED_AT)] = now;
    Atomics.store(i64, this.index(k, SegmentEntryOffset.SEGMENT), BigInt(k + 1));
  }

  /** The lowest segment retention has not deleted. */
  firstSegment(): number {
    return Number(Atomics.load(this.control.i64, Offset.FIRST_SEGMENT / I64));
  }

  /** Raises the lowest retained segment to `k` (never lowers it); before any file below it is deleted. */
  raiseFirstSegment(k: number): void {
    this.control.raise(Offset.FIRST_SEGMENT, k);
  }

  /** The first retained position: the data start, or the base of the lowest retained segment. */
  firstPosition(): number {
    return Math.max(this.control.identity.dataStart, this.baseOf(this.firstSegment()));
  }

  /** Segments the ring describes at once: an entry is taken over by the segment this many later. */
  static get capacity(): number {
    return SEGMENT_RING_SIZE;
  }

  private index(k: number, field: number): number {
    return (segmentEntryOffset(k) + field) / I64;
  }
}

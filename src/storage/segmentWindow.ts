/**
 * Reading a segmented log: one segment mapped at a time, and where each
 * segment's readable bytes end.
 *
 * A segment's records end at its sealed end once sealed (the ring says
 * where; a segment the ring no longer describes was cut to it, so its file
 * size says), and never past its file's size: a reader must never touch a
 * page beyond the end of a file (a SIGBUS). Past a sealed end there is
 * nothing: {@link skipSealed} moves a reader to the next segment's base.
 *
 * A segment retention deletes while it is mapped here stays readable to its
 * end (the mapping holds the file); a segment already deleted when a reader
 * comes to it is {@link PositionGoneError}. In a log that recycles retired
 * segment files, the open segment is held (a shared lock, see
 * `segmentRecycling.ts`): it is never zeroed and reused under this reader.
 * @module
 */
import { closeSync, constants as fsConstants, fstatSync } from 'node:fs';
import type { ControlBlock } from '../control/controlBlock.js';
import { SegmentRing } from '../control/segmentRing.js';
import { PositionGoneError } from '../errors.js';
import { segmentPath } from './logPaths.js';
import { type DataFileAt, MappedWindow, type ReadSource } from './readWindow.js';
import { readSegmentIndex } from './segmentIndex.js';
import { openHeldSegment } from './segmentRecycling.js';

/** Read-side (and padding-capable, when writable) mapping of a segmented log's segments. */
export class SegmentWindow extends MappedWindow implements ReadSource {
  readonly writable: boolean;
  readonly windowSize: number;
  readonly ring: SegmentRing;
  private readonly dir: string;
  private readonly control: ControlBlock;
  private fd = -1;
  /** The segment whose file is open (and mapped), or -1. */
  private segment = -1;
  /** End (a position) of the open segment's file as last seen. */
  private fileEnd = 0;
  /** The sealed end of the open segment once known, else -1 (always -1 with no segment open). */
  private sealedEnd = -1;
  /** The last segment index entry read (for a forgotten segment). */
  private indexEntry: { k: number; firstRecord: number; sealEnd: number } | undefined;

  /**
   * Set by a reader: whether `[base, first)` holds exactly the filler a
   * crossing claim leaves at a segment's head (the bytes are mapped by
   * `cover` as for reading). Asked before a first record only `segments.idx`
   * gives is taken; unset, that record is taken as given.
   */
  headProof: ((base: number, first: number) => boolean) | undefined;

  /** What a reader that comes to a deleted segment does: throw {@link PositionGoneError}, or go on at the oldest. */
  private readonly ifGone: 'throw' | 'oldest';

  constructor(dir: string, control: ControlBlock, writable: boolean, ifGone: 'throw' | 'oldest' = 'throw') {
    super();
    this.ifGone = ifGone;
    this.dir = dir;
    this.control = control;
    this.writable = writable;
    this.ring = new SegmentRing(control);
    this.windowSize = this.ring.segmentSize;
  }

  /** The path of the segment holding `pos`. */
  pathOf(pos: number): string {
    return segmentPath(this.dir, this.ring.baseOf(this.ring.segmentOf(pos)));
  }

  /**
   * The end of what may be read from `from` on without leaving its segment
   * or risking a fault: the segment's sealed end (or its end), but not past
   * its file. The file size is asked for (a syscall) only when the cached
   * one falls short of `need`.
   */
  safeEnd(from: number, need: number): number {
    const k = this.ring.segmentOf(from);
    if (!this.select(k)) return this.ring.baseOf(k);
    const sealed = this.sealEndOf(k);
    const limit = sealed >= 0 ? sealed : this.ring.baseOf(k + 1);
    // What is wanted past this segment's limit is not in its file: asking its size for that (readers
    // pass the cursor) would cost an fstat per record in every segment but the cursor's.
    if (Math.min(need, limit) > this.fileEnd) this.fileEnd = this.ring.baseOf(k) + fstatSync(this.fd).size;
    return Math.min(this.fileEnd, limit);
  }

  /**
   * Where segment `k` (the selected one, when the ring forgot it) was
   * sealed: from the ring, else from the segment index; -1 when neither
   * records it (not sealed, or a forgotten segment whose entry is missing:
   * its file was cut to its end).
   */
  private sealEndOf(k: number): number {
    // A seal never changes: once known for the open segment, it is not asked again per record.
    if (k === this.segment && this.sealedEnd >= 0) return this.sealedEnd;
    let sealed = this.ring.sealEnd(k);
    // The index also answers for a segment below the cursor's the ring holds no seal for: the entry of one
    // whose activation a dead writer skipped may hold a later segment's seal (the index is written first).
    if (sealed < 0 && (this.ring.forgot(k) || k < this.ring.segmentOf(this.control.cursor()))) {
      sealed = this.indexed(k).sealEnd;
    }
    if (k === this.segment) this.sealedEnd = sealed;
    return sealed;
  }

  /**
   * Where segment `k`'s records start and end as the control file (or, for a
   * forgotten segment, `segments.idx`) says — the first record, and the
   * sealed end or -1 — and its file's size (-1: no file). For `verify`, which
   * looks at what lies outside those limits.
   */
  limitsOf(k: number): { firstRecord: number; sealEnd: number; fileSize: number; forgotten: boolean } {
    const present = this.select(k);
    const forgotten = this.ring.forgot(k);
    return {
      forgotten,
      firstRecord: forgotten ? this.indexed(k).firstRecord : this.ring.firstRecord(k),
      sealEnd: present ? this.sealEndOf(k) : -1,
      fileSize: present ? fstatSync(this.fd).size : -1,
    };
  }

  /** The segment index entry of segment `k`, read once per selection of it. */
  private indexed(k: number): { firstRecord: number; sealEnd: number } {
    if (this.indexEntry === undefined || this.indexEntry.k !== k) {
      this.indexEntry = { k, ...readSegmentIndex(this.dir, k, this.ring.baseOf(k), this.ring.segmentSize) };
    }
    return this.indexEntry;
  }

  /** The end of the region `pos` lies in: its segment's end. Nothing is read across it. */
  regionEnd(pos: number): number {
    return this.ring.baseOf(this.ring.segmentOf(pos) + 1);
  }

  /**
   * The sealed end of `pos`'s segment when `pos` lies below it (nothing past
   * it is a record or a claim of that segment: the crossing claim that sealed
   * it starts there), else the segment's end.
   */
  recordsEnd(pos: number): number {
    const sealed = this.sealEndOf(this.ring.segmentOf(pos));
    return sealed > pos ? sealed : this.regionEnd(pos);
  }

  /**
   * `pos`, or the first position after it where a record can lie: past a
   * segment's head filler to its first record, and past the sealed end of a
   * segment below the cursor's (nothing is there) to the next segment's.
   * Asked again of its answer, it gives the same answer. A segment the ring
   * no longer describes was cut to its sealed end: its file size says where
   * that is.
   */
  skipSealed(pos: number): number {
    // Inside the open segment, past its head and below its known seal (a seal never moves): nothing to
    // skip. This is the answer for every record but a segment's first and last, asked once per record.
    if (pos > this.base && pos < this.sealedEnd) return pos;
    const k = this.ring.segmentOf(pos);
    if (k !== this.segment && k < this.ring.firstSegment()) {
      // Retention deleted the segment before this reader came to it (one it has open, it reads to its end).
      if (this.ifGone === 'oldest') return this.skipSealed(Math.max(pos, this.ring.firstPosition()));
      throw this.gone(pos);
    }
    if (pos === this.ring.baseOf(k)) {
      // The filler a crossing claim left at a segment's head holds nothing to read. segments.idx is a
      // plain file anyone can damage: where it alone says so, the filler must prove it (else read it).
      const forgotten = this.ring.forgot(k);
      const first = forgotten ? this.indexed(k).firstRecord : this.ring.firstRecord(k);
      // The segment may have been sealed right there (a roll by time before any record): skip on from it.
      if (first > pos && (!forgotten || this.headProof === undefined || this.headProof(pos, first))) {
        return this.skipSealed(first);
      }
    }
    if (k >= this.ring.segmentOf(this.control.cursor())) return pos;
    let end = this.sealEndOf(k);
    if (end < 0) {
      if (!this.ring.forgot(k) || !this.select(k)) return pos;
      this.fileEnd = this.ring.baseOf(k) + fstatSync(this.fd).size;
      end = this.fileEnd;
    }
    return pos >= end ? this.skipSealed(this.ring.baseOf(k + 1)) : pos;
  }

  /**
   * A segment below the cursor's is whole once the cursor has left it: every
   * claim in it was allocated, and a sealed segment is cut no shorter than
   * its seal. So when its file is missing (and retention, which raises the
   * first segment before it deletes, did not delete it) or ends before
   * `need`, what lies from `pos` to its records' end is gone: that end is
   * returned. Readers ask only where no writer's claim explains the stop.
   */
  missingEnd(pos: number, need: number): number {
    const k = this.ring.segmentOf(pos);
    if (k >= this.ring.segmentOf(this.control.cursor())) return -1;
    if (this.select(k)) {
      this.fileEnd = this.base + fstatSync(this.fd).size;
      if (this.fileEnd >= Math.min(need, this.recordsEnd(pos))) return -1;
    } else if (k < this.ring.firstSegment()) {
      return -1;
    }
    return this.recordsEnd(pos);
  }

  /** Maps the segment holding `pos` if it is not the current one. */
  cover(pos: number): void {
    const k = this.ring.segmentOf(pos);
    if (!this.select(k)) throw this.gone(pos);
    if (!this.mapped) this.map(this.fd, 0, this.ring.segmentSize, this.writable, segmentPath(this.dir, this.base));
  }

  /** The segment file holding `pos` (now the open one), or undefined when it does not exist. */
  fileAt(pos: number): DataFileAt | undefined {
    return this.select(this.ring.segmentOf(pos)) ? { fd: this.fd, base: this.base } : undefined;
  }

  close(): void {
    this.release();
  }

  /**
   * Opens segment `k` (not mapping it yet). False when its file does not
   * exist: not created yet (a claim ran ahead of it) or deleted by
   * retention (see {@link gone}).
   */
  private select(k: number): boolean {
    if (k === this.segment) return true;
    const path = segmentPath(this.dir, this.ring.baseOf(k));
    const flags = this.writable ? fsConstants.O_RDWR : fsConstants.O_RDONLY;
    const fd = openHeldSegment(path, flags, this.ring.recycling);
    if (fd < 0) return false;
    this.release();
    this.fd = fd;
    this.segment = k;
    this.sealedEnd = -1;
    this.base = this.ring.baseOf(k);
    this.fileEnd = this.base + fstatSync(fd).size;
    return true;
  }

  /** The error for a position whose segment file is missing. */
  gone(pos: number): Error {
    const first = this.ring.firstPosition();
    if (pos < first) return new PositionGoneError(pos, first, this.dir);
    return new PositionGoneError(pos, first, this.pathOf(pos));
  }

  private release(): void {
    this.unmap();
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.segment = -1;
    this.sealedEnd = -1;
  }
}

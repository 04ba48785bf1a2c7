/**
 * The data of a segmented log, as one writer sees it: the segment holding
 * its claims mapped whole (a {@link DataStore} over that one file), the next
 * segment created ahead of time, and sealed segments cut to their exact
 * bytes (the files themselves: `segmentFiles.ts`). The append path sees the same surface
 * as a single-file {@link DataStore}: `prepare(pos, end)` and the views of
 * the current mapping.
 *
 * - **Creation.** A segment file is created (`O_CREAT`, never truncating) and
 *   allocated whole with `fallocate` by whoever needs it first: the writer
 *   that passes the middle of the previous segment (on a thread of its own,
 *   then mapped ahead: see `nextSegment.ts`), or any writer whose claim
 *   lands in it. Both steps are idempotent, so racing writers need no
 *   lock, and a full disk is an ENOSPC error of the append that needs the
 *   space, never a SIGBUS. A log that recycles takes a retired segment
 *   file instead when one is free (see `segmentRecycling.ts`), and every
 *   segment file it opens is held (a shared lock) while open.
 * - **Cutting.** A sealed segment is cut to its sealed end by the roll after
 *   the one that sealed it (a reader still in it never sees it shrink), by
 *   the last writer to close, and by recovery.
 * @module
 */
import { closeSync, existsSync, lstatSync, unlinkSync, writeSync } from 'node:fs';
import type { ControlBlock } from '../control/controlBlock.js';
import { SegmentRing } from '../control/segmentRing.js';
import { SegmentFill } from '../layout/control.js';
import { DataStore, type DataStoreSettings } from './dataStore.js';
import { segmentPath } from './logPaths.js';
import { NextSegment } from './nextSegment.js';
import { cutSealedSegment, cutSegment, openSegment } from './segmentFiles.js';
import { startZeroFill, type ZeroFill } from './segmentZeroFill.js';

/** Settings of a {@link SegmentStore}. */
export interface SegmentStoreSettings extends Omit<DataStoreSettings, 'windowSize' | 'segment'> {
  /** Permission bits of the segment files it creates. */
  mode: number;
}

/**
 * Removes a segment file that holds nothing; a missing one is fine. Anything
 * but a regular file at its name is not mmlog's to remove: it is left (the
 * writer that reaches that segment refuses it, `ERR_MMLOG_NOT_A_FILE`).
 */
function removeSegmentFile(path: string): void {
  try {
    if (!lstatSync(path).isFile()) return;
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** The mapped data of a segmented log, as one writer sees it. */
export class SegmentStore {
  /** The log directory. */
  readonly path: string;
  readonly ring: SegmentRing;
  base = 0;
  sab: SharedArrayBuffer | undefined;
  u8: Uint8Array = new Uint8Array(0);
  buf: Buffer = Buffer.alloc(0);
  i32: Int32Array = new Int32Array(0);
  /** As {@link DataStore.fastEnd}: never past the end of the current segment. */
  fastEnd = -1;

  private readonly control: ControlBlock;
  private settings: SegmentStoreSettings;
  private current: DataStore | undefined;
  /** The segment mapped, or -1. */
  private segment = -1;
  /** The highest segment this store made sure exists and is allocated (or is filling with zeros). */
  private preparedTo = -1;
  /** The zero fill of the next segment in flight (`segmentFill: 'zeros'`). */
  private zeroFill: ZeroFill | undefined;
  /** The next segment, being allocated and mapped ahead of the roll into it. */
  private next: NextSegment | undefined;
  /** The highest segment {@link reserve} allocated. */
  private reservedTo = -1;

  constructor(dir: string, control: ControlBlock, settings: SegmentStoreSettings) {
    this.path = dir;
    this.control = control;
    this.ring = new SegmentRing(control);
    this.settings = settings;
  }

  /** Permission bits of the files it creates. */
  get mode(): number {
    return this.settings.mode;
  }

  /** The segment this store has mapped, or -1. */
  get currentSegment(): number {
    return this.segment;
  }

  /**
   * Makes `[pos, end)` (inside one segment) writable through the current
   * mapping: maps the segment holding `pos` (creating it if needed), then
   * prefaults as {@link DataStore.prepare} does. Past the middle of a
   * segment, makes sure the next one exists, so that the roll into it does
   * not wait for its allocation.
   */
  prepare(pos: number, end: number): void {
    const k = this.ring.segmentOf(pos);
    if (k !== this.segment) this.enter(k);
    const store = this.current as DataStore;
    store.prepare(pos, end);
    if (this.preparedTo <= k && end > this.ring.baseOf(k) + this.ring.segmentSize / 2) this.prepareNext(k + 1);
    else this.next?.advance();
    this.copyViews(store);
  }

  /** As {@link DataStore.prepareAhead}. */
  prepareAhead(pos: number): void {
    try {
      this.prepare(pos, pos + 1);
    } catch {
      this.fastEnd = -1;
    }
  }

  /** Makes sure the segment holding `end − 1` exists and is allocated (throws ENOSPC, EDQUOT). */
  reserve(end: number): void {
    const k = this.ring.segmentOf(Math.max(0, end - 1));
    // Space is short (this is called only then): allocated now, whatever was started ahead; once per segment.
    if (k === this.segment || k <= this.reservedTo) return;
    closeSync(openSegment(this.path, this.ring, k, this.settings.mode, true));
    this.reservedTo = k;
  }

  /** Nothing to settle: each segment is checked as it is entered. */
  syncAllocated(): void {
    this.fastEnd = -1;
  }

  /** Writes `bytes` at position `pos` with a system call (for filling abandoned claims). */
  writeAt(pos: number, bytes: Uint8Array): void {
    // A claim abandoned across a boundary: each segment gets its part.
    for (let at = pos; at < pos + bytes.length; ) {
      const k = this.ring.segmentOf(at);
      const part = Math.min(pos + bytes.length, this.ring.baseOf(k + 1)) - at;
      const fd = openSegment(this.path, this.ring, k, this.settings.mode, false);
      try {
        writeSync(fd, bytes, at - pos, part, at - this.ring.baseOf(k));
      } finally {
        closeSync(fd);
      }
      at += part;
    }
  }

  /**
   * Cuts the log's files to `end` (the cursor), for the last writer to close:
   * the segment holding it to its exact bytes, and the two sealed segments
   * before it to their sealed ends. Never extends a file.
   */
  truncate(end: number): void {
    this.dropNext();
    const k = this.ring.segmentOf(end);
    if (k > 0) cutSealedSegment(this.path, this.ring, k - 1);
    // The roll into segment k cut k - 2 on a thread of its own, which ends with its process: one that exits
    // right after that roll leaves it uncut. Cutting again is a no-op once done.
    if (k > 1) cutSealedSegment(this.path, this.ring, k - 2);
    // A segment allocated ahead holds nothing (all its positions are at or past the cursor): it goes, so
    // that a log no writer has open keeps no preallocated file (`cat *.log` would show its zeros). One this
    // store has mapped stays: its writer may still append into it.
    for (const ahead of [k + 1, end === this.ring.baseOf(k) && k > 0 ? k : -1]) {
      if (ahead > 0 && ahead !== this.segment) removeSegmentFile(segmentPath(this.path, this.ring.baseOf(ahead)));
    }
    if (end === this.ring.baseOf(k) && k > 0) return;
    if (k === this.segment) {
      (this.current as DataStore).truncate(end);
      this.fastEnd = -1;
      return;
    }
    cutSegment(this.path, this.ring, k, end);
  }

  /** As {@link DataStore.preferSmallPages}, for this segment and every later one. */
  preferSmallPages(): void {
    if (!this.settings.hugePages) return;
    this.settings = { ...this.settings, hugePages: false };
    this.current?.preferSmallPages();
  }

  close(): void {
    this.zeroFill?.cancel();
    this.dropNext();
    this.leave();
  }

  /** Maps segment `k` (created and allocated whole if it is not yet). */
  private enter(k: number): void {
    let store = this.next?.k === k ? this.next.take() : undefined;
    this.dropNext();
    this.leave();
    if (store === undefined) {
      // A sealed segment (a claim made before its seal, written late) is never allocated again: it may be cut already.
      const sealed = this.ring.sealEnd(k) >= 0 || this.ring.forgot(k);
      const fd = openSegment(this.path, this.ring, k, this.settings.mode, !sealed);
      try {
        store = this.storeOver(k, fd);
      } catch (error) {
        closeSync(fd);
        throw error;
      }
    }
    // Its size now, also for one prepared ahead: a writer entering late (a claim made long before) may
    // find the segment sealed and cut since.
    try {
      store.syncAllocated();
    } catch (error) {
      store.close();
      throw error;
    }
    this.current = store;
    this.segment = k;
    this.preparedTo = Math.max(this.preparedTo, k);
  }

  private leave(): void {
    this.current?.close();
    this.current = undefined;
    this.segment = -1;
    this.sab = undefined;
    this.u8 = new Uint8Array(0);
    this.buf = Buffer.alloc(0);
    this.i32 = new Int32Array(0);
    this.fastEnd = -1;
  }

  /** Forgets the next segment made ready (a jump, a close); it is prepared again when needed. */
  private dropNext(): void {
    if (this.next === undefined) return;
    this.next.cancel();
    this.next = undefined;
    this.preparedTo = Math.min(this.preparedTo, this.segment);
  }

  /** A store over segment `k`'s open file (taking over `fd`). */
  private storeOver(k: number, fd: number): DataStore {
    const path = segmentPath(this.path, this.ring.baseOf(k));
    return new DataStore(path, fd, this.control, {
      ...this.settings,
      windowSize: this.ring.segmentSize,
      segment: { origin: this.ring.baseOf(k), size: this.ring.segmentSize },
    });
  }

  /** Creates the next segment ahead of need. Failure (a full disk) is reported by the append that needs it. */
  private prepareNext(k: number): void {
    if (this.control.identity.segmentFill === SegmentFill.ZEROS) {
      // Filled in the background; if the roll comes first, it allocates the segment the plain way.
      this.preparedTo = k;
      const base = this.ring.baseOf(k);
      if (!existsSync(segmentPath(this.path, base))) {
        this.zeroFill?.cancel();
        this.zeroFill = startZeroFill(this.path, this.ring, k, this.settings.mode, () => this.control.cursor() < base);
      }
      return;
    }
    this.preparedTo = k;
    // Claims are past its base already: the one that crossed into it allocated it (a segment may even be
    // sealed and cut by now, and must never be allocated whole again).
    if (this.control.cursor() >= this.ring.baseOf(k)) return;
    this.next?.cancel();
    try {
      this.next = NextSegment.start(this.path, this.ring, k, this.settings.mode, (fd) => this.storeOver(k, fd));
    } catch {
      // The roll into it creates it the plain way, and reports any error.
      this.next = undefined;
    }
  }

  private copyViews(store: DataStore): void {
    this.base = store.base;
    this.sab = store.sab;
    this.u8 = store.u8;
    this.buf = store.buf;
    this.i32 = store.i32;
    // Until the next segment is prepared, the append passing the middle comes back here to prepare it
    // (with a chunk as large as the segment, no other append would).
    const middle = this.base + this.ring.segmentSize / 2;
    const prepareAt = this.preparedTo <= this.segment && store.fastEnd > middle ? middle : store.fastEnd;
    this.fastEnd = Math.min(prepareAt, this.ring.baseOf(this.segment + 1));
  }
}

/**
 * Where positions live on disk: naming of the data file, mapping windows,
 * growth, prefaulting and page release. This is the only module that knows a
 * log is one file today; segments replace it without touching the append
 * path, which only asks for "the bytes at position p" through {@link
 * DataStore.prepare} and the current window's views.
 *
 * - **Windows.** The file is mapped in large windows (1 GiB by default) that
 *   overlap by one maximum record, so every record lies inside the window its
 *   first byte falls in: no record ever straddles two mappings, whatever its
 *   size (the seed's per-chunk ring had a special case, and a slowdown, there).
 * - **Growth** uses `fallocate`, which reserves real blocks: a full disk is an
 *   ENOSPC error here instead of a SIGBUS on a store into the mapping later.
 *   It never shrinks the file, so concurrent growers need no lock.
 * - **Chunks.** Growth, prefaulting ahead (`MADV_POPULATE_WRITE`) and releasing
 *   pages behind (`MADV_DONTNEED`) happen when a writer's claims cross a chunk
 *   boundary: once per chunk, never per record.
 * - **Huge pages.** Each writer maps every page of the log it appends into, so
 *   with 4 KiB pages every page costs every writer a page-table entry, a
 *   `page_mkwrite` call and later a release. `MADV_HUGEPAGE` lets the kernel
 *   cache the file in 2 MiB folios and map each with one entry.
 * @module
 */
import { closeSync, fstatSync, ftruncateSync, readFileSync, writeSync } from 'node:fs';
import type { ControlBlock } from '../control/controlBlock.js';
import { syncingWriterAlive } from '../control/syncWords.js';
import { Offset } from '../layout/control.js';
import { AdviceFlag, native, PAGE_SIZE } from '../native/binding.js';
import { dataFileCut } from './cutFile.js';

/**
 * Bytes populated synchronously past a claim where this writer has nothing
 * populated: ~64 pages, a fraction of a millisecond, while the rest of the
 * chunk is populated in the background.
 */
const SYNC_POPULATE_BYTES = 256 * 1024;

/**
 * How far past a claim the background populate runs. It follows the claims
 * (the appender comes back to `prepare` as it passes what is populated), so
 * a short-lived writer does not pay for populating chunks it never reaches,
 * while a busy one keeps this much populated ahead of it.
 */
const POPULATE_AHEAD = 4 * 1024 * 1024;

/**
 * Size of a PMD-mapped transparent huge page (2 MiB on x86-64), or 0 when
 * this kernel has none.
 */
const HUGE_PAGE_SIZE = ((): number => {
  try {
    return Number(readFileSync('/sys/kernel/mm/transparent_hugepage/hpage_pmd_size', 'latin1').trim()) || 0;
  } catch {
    return 0;
  }
})();

function roundUp(n: number, unit: number): number {
  return Math.ceil(n / unit) * unit;
}

function roundDown(n: number, unit: number): number {
  return Math.floor(n / unit) * unit;
}

/** Settings of a {@link DataStore}. */
export interface DataStoreSettings {
  chunkSize: number;
  /** Bytes the largest record occupies, header included. */
  maxFrame: number;
  /** Bytes mapped at once; rounded down to whole chunks. */
  windowSize: number;
  /** Whether to ask for huge pages (see `OpenOptions.hugePages`). */
  hugePages: boolean;
  /**
   * Set when the file is one segment of a segmented log: it holds the
   * positions `[origin, origin + size)` at offsets `pos - origin`, is mapped
   * whole (no record straddles two segments), and is allocated whole when it
   * is created, so it never grows here.
   */
  segment?: { origin: number; size: number };
}

/** The mapped data of a log, as one writer (or reader) sees it. */
export class DataStore {
  readonly path: string;
  readonly fd: number;
  private readonly control: ControlBlock;
  private readonly chunkSize: number;
  private readonly windowSize: number;
  private readonly mappingLength: number;
  /** Position of the file's first byte: 0, or a segment's base. */
  private readonly origin: number;
  /** A segment's end, or undefined when the file is a whole log sharing the control file's ALLOCATED. */
  private readonly segmentEnd: number | undefined;

  /** The current window: its first position and views over it. */
  base = 0;
  sab: SharedArrayBuffer | undefined;
  u8: Uint8Array = new Uint8Array(0);
  buf: Buffer = Buffer.alloc(0);
  i32: Int32Array = new Int32Array(0);
  /**
   * A claim ending at or below this position can be written into the current
   * window with no further work; past it, call {@link prepare}.
   */
  fastEnd = -1;

  private windowIndex = -1;
  private knownAllocated = 0;
  private prefaultedTo = 0;
  private releasedTo = 0;
  private prefaultSupported = true;
  private hugePages: boolean;
  /** The chunk at whose entry this writer last looked for a writer that syncs (while it still takes huge pages). */
  private syncCheckedChunk = -1;
  /** The flag of the background populate (see {@link AdviceFlag}); DONE is 1 when none is in flight. */
  private readonly populateFlag = new Int32Array(native.createAdviceFlag());
  /** End of the pages known populated (by this writer's synchronous populates, or a finished background one). */
  private populatedTo = 0;
  private populating: { start: number; end: number } | undefined;

  constructor(path: string, fd: number, control: ControlBlock, settings: DataStoreSettings) {
    this.path = path;
    this.fd = fd;
    this.control = control;
    this.chunkSize = settings.chunkSize;
    const segment = settings.segment;
    this.origin = segment?.origin ?? 0;
    this.segmentEnd = segment === undefined ? undefined : segment.origin + segment.size;
    this.windowSize = segment?.size ?? Math.max(this.chunkSize, roundDown(settings.windowSize, this.chunkSize));
    this.mappingLength = segment?.size ?? this.windowSize + roundUp(settings.maxFrame, PAGE_SIZE);
    // Only whole huge pages are prefaulted and released when chunks are whole huge pages.
    this.hugePages = settings.hugePages && HUGE_PAGE_SIZE > 0 && this.chunkSize % HUGE_PAGE_SIZE === 0;
    if (this.mappingLength > native.constants.MAX_MAPPING) {
      throw new RangeError(`a window of ${this.mappingLength} bytes exceeds the mapping limit`);
    }
  }

  /**
   * Refreshes the locally cached allocation (after registering as a writer),
   * checked against the real file size: growth always extends the file
   * before it raises ALLOCATED, so ALLOCATED above the file size means the
   * file was cut. If nothing was ever claimed past the cut (an interrupted
   * trim), ALLOCATED is lowered to fit; otherwise records were lost and
   * the error ({@link dataFileCut}) says how to go on.
   */
  syncAllocated(): void {
    if (this.segmentEnd !== undefined) {
      this.knownAllocated = Math.min(this.origin + fstatSync(this.fd).size, this.segmentEnd);
      this.fastEnd = -1;
      return;
    }
    // ALLOCATED before the size: growth extends the file before it raises
    // ALLOCATED, so a size read after it is at least what it says, unless the
    // file was cut (read the other way round, a growth in between looks like a cut).
    const allocated = this.control.allocated();
    const size = fstatSync(this.fd).size;
    if (allocated > size) {
      const cursor = this.control.cursor();
      if (cursor > size) throw dataFileCut(this.path, size, cursor);
      this.control.lowerAllocated(allocated, size);
    }
    this.knownAllocated = Math.min(this.control.allocated(), size);
    this.fastEnd = -1;
  }

  /**
   * Makes `[pos, end)` writable through the current window: maps the window
   * holding `pos`, grows the file if needed, and does the once-per-chunk
   * prefault and release. Throws the `fallocate` error (ENOSPC, EDQUOT, EFBIG)
   * if the file cannot grow to `end`; nothing is written then.
   */
  prepare(pos: number, end: number): void {
    this.checkSyncingWriters(pos);
    const index = Math.floor((pos - this.origin) / this.windowSize);
    if (index !== this.windowIndex) this.mapWindow(index);
    if (end > this.knownAllocated) {
      this.knownAllocated = this.sharedAllocated();
      if (end > this.knownAllocated) this.grow(end, roundUp(end, this.chunkSize) + this.chunkSize);
    }
    const chunkEnd = roundDown(end, this.chunkSize) + this.chunkSize;
    const windowEnd = this.base + this.windowSize;
    // Keep the file allocated one chunk ahead so other writers rarely grow.
    const ahead = chunkEnd + this.chunkSize;
    if (this.knownAllocated < ahead && this.segmentEnd === undefined) {
      this.knownAllocated = this.control.allocated();
      if (this.knownAllocated < ahead) this.tryGrow(ahead);
    }
    const mappedEnd = this.base + this.mappingLength;
    // Pages are populated in batches (far cheaper than a trap per page) on a
    // background thread, ahead of the claims, so that appends rarely wait for
    // the kernel. Only where this writer has nothing populated (its first
    // chunk, or after a jump) are the next few pages populated now: enough
    // for the appends that run while the background populate starts.
    const populateEnd = Math.min(ahead, this.knownAllocated, mappedEnd);
    // An appender that catches up with the background populate (or has none)
    // populates the next pages itself, in one call: a page fault costs far
    // more per page than a populate (docs/benchmarks.md).
    if (this.prefaultSupported && end > this.readyTo()) {
      const from = Math.max(this.populatedTo, roundDown(pos, PAGE_SIZE));
      const to = Math.min(roundUp(end, PAGE_SIZE) + SYNC_POPULATE_BYTES, populateEnd);
      if (to > from) {
        try {
          native.madvise(
            this.sab as SharedArrayBuffer,
            from - this.base,
            to - from,
            native.constants.MADV_POPULATE_WRITE,
          );
          this.populatedTo = Math.max(this.populatedTo, to);
        } catch {
          this.prefaultSupported = false;
        }
      }
      this.prefaultedTo = Math.max(this.prefaultedTo, to);
    }
    // Release before starting the next populate: release() also drops pages
    // that the previous populate (if it finished late) mapped behind the
    // cursor, and it knows that range only until prefault() starts another.
    this.release(roundDown(pos, this.chunkSize));
    this.prefault(roundDown(pos, PAGE_SIZE), Math.min(populateEnd, roundUp(end, PAGE_SIZE) + POPULATE_AHEAD));
    // Back here when the claims pass what is populated, too: the background
    // populate may still be on its way.
    const ready = this.prefaultSupported ? Math.max(this.readyTo(), end) : Number.POSITIVE_INFINITY;
    this.fastEnd = Math.min(chunkEnd, this.knownAllocated, windowEnd, ready);
  }

  /**
   * End of the pages populated for this writer: what it populated itself,
   * extended by the progress of the background populate when that starts
   * there.
   */
  private readyTo(): number {
    const running = this.populating;
    if (running === undefined || running.start > this.populatedTo) return this.populatedTo;
    const flag = this.populateFlag;
    const done =
      Atomics.load(flag, AdviceFlag.DONE) === 1
        ? Atomics.load(flag, AdviceFlag.ERRNO) === 0
          ? running.end
          : running.start
        : running.start + Atomics.load(flag, AdviceFlag.PROGRESS) * 1024;
    return Math.max(this.populatedTo, done);
  }

  /**
   * Makes sure the file is allocated up to `end` (a chunk more when that
   * fits) without mapping anything: what appends do before claiming while
   * space is short. Throws the `fallocate` error (ENOSPC, EDQUOT).
   */
  reserve(end: number): void {
    this.knownAllocated = Math.max(this.knownAllocated, this.sharedAllocated());
    if (end > this.knownAllocated) this.grow(end, roundUp(end, this.chunkSize) + this.chunkSize);
  }

  /**
   * Does ahead of time what the first append at `pos` would: maps its window
   * and populates the pages around it (the rest of the chunk in the
   * background), so that a writer's first appends do not pay for it. Failure
   * (a full disk) is not reported here: the append that needs the space does.
   */
  prepareAhead(pos: number): void {
    try {
      this.prepare(pos, pos + 1);
    } catch {
      this.fastEnd = -1;
    }
  }

  /**
   * Maps the window holding `pos` and starts populating the pages from
   * `pos` on in the background, doing nothing else on this thread: for a
   * segment this writer is about to enter, so that the roll into it finds
   * them ready. The file must be allocated already. Failures are left to the
   * first {@link prepare}, which does whatever is still missing.
   */
  mapAhead(pos: number): void {
    this.checkSyncingWriters(pos);
    const index = Math.floor((pos - this.origin) / this.windowSize);
    if (index !== this.windowIndex) this.mapWindow(index);
    const from = roundDown(pos, PAGE_SIZE);
    this.prefault(from, Math.min(this.knownAllocated, this.base + this.mappingLength, from + POPULATE_AHEAD));
  }

  private mapWindow(index: number): void {
    this.unmapWindow();
    this.base = this.origin + index * this.windowSize;
    const sab = native.mmap(this.fd, this.base - this.origin, this.mappingLength, true, this.path);
    this.sab = sab;
    if (this.hugePages) this.adviseHugePages(sab);
    else this.adviseSmallPages(sab);
    this.u8 = new Uint8Array(sab);
    this.buf = Buffer.from(sab);
    this.i32 = new Int32Array(sab);
    this.windowIndex = index;
    this.prefaultedTo = this.base;
    this.populatedTo = this.base;
    this.releasedTo = this.base;
  }

  /**
   * Once per chunk entered, while this writer takes huge pages: if a live
   * writer of the log syncs, small pages from now on (see
   * {@link preferSmallPages}), so that the pages its syncs write back are
   * small whoever created them.
   */
  private checkSyncingWriters(pos: number): void {
    if (!this.hugePages) return;
    const chunk = Math.floor(pos / this.chunkSize);
    if (chunk === this.syncCheckedChunk) return;
    this.syncCheckedChunk = chunk;
    if (syncingWriterAlive(this.control)) this.preferSmallPages();
  }

  /**
   * No more huge pages for this writer's mappings, from now on: a writer of
   * the log syncs, and a sync writes back each dirty folio whole — a 2 MiB
   * huge page for a 128-byte record. What is mapped already is advised back
   * to small pages (pages faulted in before stay as they are).
   */
  preferSmallPages(): void {
    if (!this.hugePages) return;
    this.hugePages = false;
    if (this.sab === undefined) return;
    try {
      native.madvise(this.sab, 0, this.mappingLength, native.constants.MADV_NOHUGEPAGE);
      // Readahead again (see adviseHugePages): with small pages, each page a
      // fault or populate creates alone would cost a fault of its own.
      native.madvise(this.sab, 0, this.mappingLength, native.constants.MADV_NORMAL);
    } catch {
      // Best effort: the mapping works either way.
    }
  }

  /**
   * Small pages, said explicitly: the kernel maps a file's 2 MiB folios that
   * another writer created with one huge entry unless the mapping says no.
   */
  private adviseSmallPages(sab: SharedArrayBuffer): void {
    try {
      native.madvise(sab, 0, this.mappingLength, native.constants.MADV_NOHUGEPAGE);
    } catch {
      // EINVAL: a kernel built without transparent huge pages, where every page is small anyway.
    }
  }

  private adviseHugePages(sab: SharedArrayBuffer): void {
    try {
      native.madvise(sab, 0, this.mappingLength, native.constants.MADV_HUGEPAGE);
    } catch {
      // EINVAL: a kernel built without transparent huge pages. Small pages work the same.
      this.hugePages = false;
      return;
    }
    // No readahead: then every page of the file comes from a fault or a
    // populate through a huge-page mapping, which the kernel fills with 2 MiB
    // folios. Readahead state belongs to each open file, so a writer that
    // opens a file others already write (every segment, every time) and
    // meets a page their readahead marked starts a readahead of its own at
    // the smallest sizes, leaving 16–256 KiB folios that every writer then
    // maps with 4 KiB entries and faults on (docs/benchmarks.md, *Segmented
    // logs*). A writer never reads ahead of itself: nothing is lost.
    try {
      native.madvise(sab, 0, this.mappingLength, native.constants.MADV_RANDOM);
    } catch {
      // Best effort: readahead only decides folio sizes.
    }
  }

  private unmapWindow(): void {
    // A populate still running on the old window would fill its replacement
    // (anonymous memory, until the buffer is collected) for nothing.
    if (Atomics.load(this.populateFlag, AdviceFlag.DONE) === 0) Atomics.store(this.populateFlag, AdviceFlag.STOP, 1);
    if (this.sab !== undefined) native.unmap(this.sab);
    this.sab = undefined;
    this.u8 = new Uint8Array(0);
    this.buf = Buffer.alloc(0);
    this.i32 = new Int32Array(0);
    this.windowIndex = -1;
    this.fastEnd = -1;
  }

  /**
   * What is known allocated by anyone: the control file's ALLOCATED for a
   * whole-log file; for a segment, what this store allocated (the segment
   * store allocates each segment whole, before any claim lands in it).
   */
  private sharedAllocated(): number {
    return this.segmentEnd === undefined ? this.control.allocated() : this.knownAllocated;
  }

  /** Extends the file to `target` (at least `needed`), lock-free. */
  private grow(needed: number, target: number): void {
    if (this.segmentEnd !== undefined) {
      // A segment shorter than its positions (space ran out while it was being allocated): allocate it whole.
      this.allocateSegment();
      return;
    }
    try {
      this.allocate(target);
    } catch (error) {
      // The chunk-sized step did not fit: take exactly what this claim needs.
      if (target <= needed) throw error;
      this.allocate(roundUp(needed, PAGE_SIZE));
    }
  }

  /** Growth ahead of need: failure is not an error yet; the claim that needs the space reports it. */
  private tryGrow(target: number): void {
    try {
      this.allocate(target);
    } catch {
      // The window stays usable up to what is actually allocated.
    }
  }

  private allocateSegment(): void {
    const size = (this.segmentEnd as number) - this.origin;
    native.fallocate(this.fd, 0, 0, size, this.path);
    this.knownAllocated = this.origin + size;
  }

  private allocate(target: number): void {
    if (this.segmentEnd !== undefined) {
      if (target > this.knownAllocated) this.allocateSegment();
      return;
    }
    const from = this.knownAllocated;
    native.fallocate(this.fd, 0, from, target - from, this.path);
    this.control.raiseAllocated(target);
    this.control.bumpStat(Offset.STAT_GROWTHS);
    this.knownAllocated = Math.max(target, this.control.allocated());
  }

  /**
   * Populates `[from, to)` on a thread of its own. One request at a time: if
   * the appender outruns the populating thread, it populates the pages it
   * needs itself (see {@link prepare}) instead of requests piling up and
   * landing behind the cursor.
   */
  private prefault(from: number, to: number): void {
    const start = Math.max(from, this.prefaultedTo);
    if (!this.prefaultSupported || to <= start || !this.populateIdle()) return;
    this.prefaultedTo = to;
    this.populating = { start, end: to };
    const flag = this.populateFlag;
    Atomics.store(flag, AdviceFlag.STOP, 0);
    Atomics.store(flag, AdviceFlag.DONE, 0);
    try {
      native.madviseAsync(
        this.sab as SharedArrayBuffer,
        start - this.base,
        to - start,
        native.constants.MADV_POPULATE_WRITE,
        flag.buffer as SharedArrayBuffer,
      );
    } catch {
      // No thread could be started: pages fault in (or are populated by the appender).
      Atomics.store(flag, AdviceFlag.DONE, 1);
      this.populating = undefined;
    }
  }

  /**
   * Whether no background populate is in flight. One that failed turns
   * prefaulting off: kernels before 5.14 lack MADV_POPULATE_WRITE (EINVAL),
   * and pages then fault in on first touch.
   */
  private populateIdle(): boolean {
    const flag = this.populateFlag;
    if (Atomics.load(flag, AdviceFlag.DONE) === 0) return false;
    if (Atomics.load(flag, AdviceFlag.ERRNO) !== 0) this.prefaultSupported = false;
    return true;
  }

  /**
   * Drops this process's mapping of pages below `upTo`. The pages are shared
   * file pages: dirty data stays in the page cache and reaches the disk as
   * usual; only this writer's resident set shrinks.
   */
  private release(upTo: number): void {
    let from = this.releasedTo;
    // A populate that finished after the appender passed its range re-mapped
    // pages behind the cursor: release those too.
    const late = this.populating;
    if (late !== undefined && Atomics.load(this.populateFlag, AdviceFlag.DONE) === 1) {
      if (late.start < from) from = Math.max(this.base, late.start);
      this.populatedTo = this.readyTo();
      this.populating = undefined;
    }
    if (upTo <= from) return;
    native.madvise(this.sab as SharedArrayBuffer, from - this.base, upTo - from, native.constants.MADV_DONTNEED);
    this.releasedTo = Math.max(this.releasedTo, upTo);
  }

  /**
   * Cuts the file to `size` bytes. Only under the lifecycle lock, with no
   * other live writer (see {@link Log.trim}). Never extends it: a file
   * already shorter was cut outside mmlog, and is left for recovery.
   */
  truncate(end: number): void {
    const fileSize = fstatSync(this.fd).size;
    const size = end - this.origin;
    if (fileSize < size) return;
    if (this.segmentEnd !== undefined) {
      if (fileSize !== size) ftruncateSync(this.fd, size);
      this.knownAllocated = end;
      this.fastEnd = -1;
      return;
    }
    // ALLOCATED first: killed between the two, it is at most the file size,
    // which every reader and writer can live with (the opposite order would
    // leave it above the file: stores there are a SIGBUS).
    this.control.resetAllocated(size);
    // Leave an exact file alone: not even its mtime changes.
    if (fileSize !== size) ftruncateSync(this.fd, size);
    this.knownAllocated = end;
    this.fastEnd = -1;
  }

  /** Writes `bytes` at position `pos` with a system call (for filling abandoned claims). */
  writeAt(pos: number, bytes: Uint8Array): void {
    writeSync(this.fd, bytes, 0, bytes.length, pos - this.origin);
  }

  close(): void {
    this.unmapWindow();
    closeSync(this.fd);
  }
}

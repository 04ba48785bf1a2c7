/**
 * Making a range of positions durable: which files hold it and what must
 * reach the disk with them. `durability/groupCommit.ts` decides when; this
 * module knows the files.
 *
 * - A single-file log: one `fdatasync` of the data file (which also writes
 *   its size when growth changed it).
 * - A segmented log: one per segment the range touches, oldest first; when
 *   it reaches a segment whose entries this flusher has not synced yet (a
 *   roll since, even one the range only starts at), `segments.idx` and the
 *   log directory too (the new segment's name and `current.log`) — all
 *   before the caller reports anything in the new segment durable. A segment retention deleted (below
 *   the first segment) is skipped: nothing of it is kept anyway.
 * - The first flush of each {@link DataFlush} also syncs the control file
 *   and the directory entries of the log's files, so that after a power cut
 *   the log is found at all.
 * - A segment file is opened once, not once per flush: the descriptor of the
 *   newest segment flushed is kept for the next flushes (a group commit
 *   syncs the same segment over and over, and each open is one more trip
 *   through the thread pool). Safe because a segment's name never comes to
 *   mean another file: a new segment is linked in only where no file has its
 *   name, and a retired one (below the first segment) is never synced again.
 *   The cost: a writer that synced a segment and syncs no more holds that one
 *   descriptor until it syncs again or closes, so if retention deletes the
 *   segment meanwhile, its blocks are freed only then.
 *
 * Errors are the system call's, thrown (or rejected) as `fs` does; the
 * caller must treat any of them as a failed sync.
 * @module
 */
import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  constants as fsConstants,
  fstatSync,
  fsync,
  fsyncSync,
  open as openFile,
  openSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ControlBlock } from '../control/controlBlock.js';
import { SegmentRing } from '../control/segmentRing.js';
import { SEGMENT_INDEX_NAME } from '../layout/directory.js';
import { native, PAGE_SIZE } from '../native/binding.js';
import { controlPathOf, segmentPath } from './logPaths.js';

const fdatasyncAsync = promisify(fdatasync);
const fsyncAsync = promisify(fsync);
const openAsync = promisify(openFile);
const closeQuietly = (fd: number) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing held.
  }
};

/** One file to sync: `data` with fdatasync, a directory (or a file whose size matters) with fsync. */
interface Step {
  path: string;
  /** Skip it when it does not exist (an index never written). */
  optional: boolean;
  /** The segment it is: skipped when missing if retention has deleted it meanwhile (it is below the first segment). */
  segment?: number;
  /** The log directory's sync: once done, the entries of the segments up to this one are durable. */
  entriesThrough?: number;
  directory: boolean;
}

const O_DIRECTORY = fsConstants.O_DIRECTORY ?? 0;
/** Bytes mapped at once by {@link DataFlush.redirty}. */
const REDIRTY_STEP = 64 * 1024 * 1024;

/** Syncs the files of one log (see the module description). */
export class DataFlush {
  private readonly path: string;
  private readonly ring: SegmentRing | undefined;
  /** A descriptor of the single data file (not the writer's: this one outlives a close racing a sync). */
  private dataFd: number;
  private firstDone = false;
  /**
   * The highest segment whose directory entry (and `segments.idx` entry)
   * this flusher has synced: a range reaching a later one syncs them first,
   * even one that starts exactly at that segment's base.
   */
  private entriesSyncedThrough = -1;
  private closed = false;
  /** Flushes running: a descriptor is closed only when none is (its number could be reused under one). */
  private inFlight = 0;
  /** Open descriptors of segment files, by segment; all but the newest are closed once no flush runs. */
  private readonly segmentFds = new Map<number, number>();

  /** `dataFd`: a single-file log's data file descriptor held by its writer (duplicated here); else the path is opened. */
  constructor(path: string, control: ControlBlock, dataFd: number | undefined) {
    this.path = path;
    this.ring = control.identity.segmentSize > 0 ? new SegmentRing(control) : undefined;
    // The writer's own descriptor when given (the very file it maps, even if renamed since), reopened here.
    const source = dataFd === undefined ? path : `/proc/self/fd/${dataFd}`;
    this.dataFd = this.ring === undefined ? openSync(source, fsConstants.O_RDONLY) : -1;
  }

  /** The files to sync for `[from, to)`, in order. */
  private steps(from: number, to: number): Step[] {
    const steps: Step[] = [];
    const ring = this.ring;
    if (ring === undefined) {
      if (!this.firstDone) steps.push(...this.firstSteps([this.path, controlPathOf(this.path)]));
      return steps;
    }
    const first = ring.segmentOf(from);
    const last = ring.segmentOf(Math.max(from, to - 1));
    const gone = ring.firstSegment();
    for (let k = first; k <= last; k++) {
      steps.push({ path: segmentPath(this.path, ring.baseOf(k)), optional: k < gone, directory: false, segment: k });
    }
    if (last > this.entriesSyncedThrough) {
      steps.push({ path: join(this.path, SEGMENT_INDEX_NAME), optional: true, directory: false });
      steps.push({ path: this.path, optional: false, directory: true, entriesThrough: last });
    }
    if (!this.firstDone) steps.push(...this.firstSteps([this.path]));
    return steps;
  }

  /** The control file and the directories naming the log's files. */
  private firstSteps(names: string[]): Step[] {
    const steps: Step[] = [{ path: controlPathOf(this.path), optional: false, directory: false }];
    for (const dir of new Set(names.map((name) => dirname(name))))
      steps.push({ path: dir, optional: false, directory: true });
    return steps;
  }

  /** Makes `[from, to)` durable (see the module description). */
  async flush(from: number, to: number): Promise<void> {
    this.checkOpen();
    this.inFlight++;
    try {
      await this.flushSteps(this.steps(from, to));
    } finally {
      this.inFlight--;
      if (this.closed) this.closeData();
      else this.closeIdle();
    }
  }

  private async flushSteps(steps: Step[]): Promise<void> {
    if (this.dataFd >= 0) await fdatasyncAsync(this.dataFd);
    for (const step of steps) {
      if (step.segment !== undefined) {
        const fd = await this.segmentFd(step, step.segment);
        if (fd !== undefined) await fdatasyncAsync(fd);
        continue;
      }
      let fd: number;
      try {
        fd = await openAsync(step.path, fsConstants.O_RDONLY | (step.directory ? O_DIRECTORY : 0));
      } catch (error) {
        if (this.missingIsFine(step, error)) continue;
        throw error;
      }
      try {
        await (step.directory ? fsyncAsync(fd) : fdatasyncAsync(fd));
      } finally {
        closeQuietly(fd);
      }
    }
    this.done(steps);
  }

  /** {@link flush}, blocking. */
  flushSync(from: number, to: number): void {
    this.checkOpen();
    const steps = this.steps(from, to);
    if (this.dataFd >= 0) fdatasyncSync(this.dataFd);
    for (const step of steps) {
      if (step.segment !== undefined) {
        const fd = this.segmentFdSync(step, step.segment);
        if (fd !== undefined) fdatasyncSync(fd);
        continue;
      }
      let fd: number;
      try {
        fd = openSync(step.path, fsConstants.O_RDONLY | (step.directory ? O_DIRECTORY : 0));
      } catch (error) {
        if (this.missingIsFine(step, error)) continue;
        throw error;
      }
      try {
        if (step.directory) fsyncSync(fd);
        else fdatasyncSync(fd);
      } finally {
        closeQuietly(fd);
      }
    }
    this.done(steps);
    this.closeIdle();
  }

  /**
   * The open descriptor of segment `k`'s file, opening it if none is kept;
   * undefined when the step is to be skipped: a segment retention retired
   * (nothing of it is kept, and its file may be another segment's by now),
   * or a file missing for a reason that loses nothing.
   */
  private async segmentFd(step: Step, k: number): Promise<number | undefined> {
    if (this.retired(k)) return undefined;
    const kept = this.segmentFds.get(k);
    if (kept !== undefined) return kept;
    let fd: number;
    try {
      fd = await openAsync(step.path, fsConstants.O_RDONLY);
    } catch (error) {
      if (this.missingIsFine(step, error)) return undefined;
      throw error;
    }
    return this.keep(k, fd);
  }

  /** {@link segmentFd}, blocking. */
  private segmentFdSync(step: Step, k: number): number | undefined {
    if (this.retired(k)) return undefined;
    const kept = this.segmentFds.get(k);
    if (kept !== undefined) return kept;
    let fd: number;
    try {
      fd = openSync(step.path, fsConstants.O_RDONLY);
    } catch (error) {
      if (this.missingIsFine(step, error)) return undefined;
      throw error;
    }
    return this.keep(k, fd);
  }

  /** Keeps `fd` as segment `k`'s descriptor, unless another flush kept one meanwhile (then that one is used). */
  private keep(k: number, fd: number): number {
    const kept = this.segmentFds.get(k);
    if (kept !== undefined) {
      closeQuietly(fd);
      return kept;
    }
    this.segmentFds.set(k, fd);
    return fd;
  }

  private retired(k: number): boolean {
    return this.ring !== undefined && k < this.ring.firstSegment();
  }

  /**
   * With no flush running: closes every kept segment descriptor but the
   * newest (all of them once closed), and the newest too once retention
   * retired it (it would keep a deleted file's blocks allocated).
   */
  private closeIdle(): void {
    if (this.inFlight > 0) return;
    let newest = -1;
    if (!this.closed) for (const k of this.segmentFds.keys()) newest = Math.max(newest, k);
    for (const [k, fd] of this.segmentFds) {
      if (k === newest && !this.retired(k)) continue;
      closeQuietly(fd);
      this.segmentFds.delete(k);
    }
  }

  /**
   * Starts write-back of `[from, to)` without waiting for it
   * (`sync_file_range(SYNC_FILE_RANGE_WRITE)` on a native thread: it can
   * block behind a busy device), so that a later flush finds less to write.
   * Best effort: a failure here is reported by that flush.
   */
  startWriteback(from: number, to: number): void {
    if (this.closed || to <= from) return;
    const ring = this.ring;
    try {
      // The native thread works through a duplicate of the descriptor, which it closes itself.
      if (ring === undefined) {
        native.startWriteback(this.dataFd, from, to - from);
        return;
      }
      for (let k = ring.segmentOf(from); k <= ring.segmentOf(to - 1); k++) {
        const base = ring.baseOf(k);
        const start = Math.max(from, base) - base;
        const end = Math.min(to, base + ring.segmentSize) - base;
        const fd = openSync(segmentPath(this.path, base), fsConstants.O_RDONLY);
        try {
          native.startWriteback(fd, start, end - start);
        } finally {
          closeSync(fd);
        }
      }
    } catch {
      // See above.
    }
  }

  /**
   * Dirties every page of `[from, to)` in place, changing no byte (an atomic
   * add of zero to one word per page through a shared mapping), so that the
   * next flush writes them all again — what a failed flush may have left
   * clean but unwritten. Only for committed positions.
   */
  redirty(from: number, to: number): void {
    const ring = this.ring;
    if (to <= from) return;
    if (ring === undefined) {
      this.redirtyFile(this.path, from, to);
      return;
    }
    for (let k = Math.max(ring.segmentOf(from), ring.firstSegment()); k <= ring.segmentOf(to - 1); k++) {
      const base = ring.baseOf(k);
      this.redirtyFile(
        segmentPath(this.path, base),
        Math.max(from, base) - base,
        Math.min(to, base + ring.segmentSize) - base,
      );
    }
  }

  private redirtyFile(path: string, from: number, to: number): void {
    const fd = openSync(path, fsConstants.O_RDWR);
    try {
      const end = Math.min(to, fstatSync(fd).size);
      const start = from - (from % PAGE_SIZE);
      for (let at = start; at < end; at += REDIRTY_STEP) {
        const length = Math.min(REDIRTY_STEP, end - at);
        const sab = native.mmap(fd, at, length, true, path);
        try {
          const bytes = new Int8Array(sab);
          for (let i = 0; i < length; i += PAGE_SIZE) Atomics.add(bytes, i, 0);
        } finally {
          native.unmap(sab);
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Every step succeeded: what the first flush and the directory syncs made durable stays so. */
  private done(steps: Step[]): void {
    this.firstDone = true;
    for (const step of steps) {
      if (step.entriesThrough !== undefined && step.entriesThrough > this.entriesSyncedThrough) {
        this.entriesSyncedThrough = step.entriesThrough;
      }
    }
  }

  /** A step whose file is missing for a reason that loses nothing: never written, or deleted by retention. */
  private missingIsFine(step: Step, error: unknown): boolean {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    if (step.optional) return true;
    return step.segment !== undefined && this.ring !== undefined && step.segment < this.ring.firstSegment();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('DataFlush used after close');
  }

  /** Closes the descriptors, at once or when the flushes in flight end. */
  close(): void {
    this.closed = true;
    this.closeData();
  }

  private closeData(): void {
    if (this.inFlight > 0) return;
    this.closeIdle();
    if (this.dataFd < 0) return;
    closeQuietly(this.dataFd);
    this.dataFd = -1;
  }
}

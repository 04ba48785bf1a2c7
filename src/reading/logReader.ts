/**
 * The reading engine: walks a log from a position and returns what is
 * complete, stepping over padding, the claims of dead writers and (on
 * request) corruption. `read`, `follow`, `verify`, `recover` and the CLI are
 * all built on it, so they agree on what a log holds.
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { CorruptionError } from '../errors.js';
import { Offset } from '../layout/control.js';
import { frameSize, HEADER_SIZE, RecordType } from '../layout/frame.js';
import { logIdRegister } from '../native/crc32c.js';
import { openControl } from '../storage/creation.js';
import { openDataFile } from '../storage/dataFile.js';
import { controlPathOf } from '../storage/dataStore.js';
import { ReadWindow } from '../storage/readWindow.js';
import { sleepMs } from '../util/sleep.js';
import { anyLiveWriter, judgeClaim, rawCommitted } from './claims.js';
import { checkFrame, type FrameInfo, type FrameLimits, FrameState, findNextFrame, writePadding } from './frameCheck.js';

/** One record (framed) or byte range (raw) of a log. */
export interface LogRecord {
  /** Its position: pass it as `from` to resume exactly here. */
  pos: number;
  /** Its bytes (a copy: it stays valid after the reader moves on). */
  data: Uint8Array;
}

/** What a reader does on a corrupt frame: throw `ERR_MMLOG_CORRUPT`, or skip it and count it. */
export type CorruptionPolicy = 'throw' | 'skip';

/** Options of the reading functions. */
export interface ReadOptions {
  /** Position to start at: 0 (the beginning) or a `pos` returned by `append()` or a reader. */
  from?: number;
  /** Default `'throw'`. */
  onCorrupt?: CorruptionPolicy;
  /** With `onCorrupt: 'skip'`, called with each damaged range skipped (`end` is where reading resumed). */
  onSkip?: (start: number, end: number) => void;
  /**
   * Open the log read-only. By default a reader opens it read-write when it
   * can, so that it persists the padding of dead writers' claims it passes and
   * publishes the committed watermark; a read-only reader only steps over them.
   */
  readOnly?: boolean;
}

/** Nothing complete at the current position yet (a writer is at work there). */
export const PENDING = Symbol('pending');
/** The reader has reached the cursor. */
export const CAUGHT_UP = Symbol('caught up');

/** Counters of what a reader stepped over. */
export interface ReaderStats {
  records: number;
  payloadBytes: number;
  paddingFrames: number;
  paddingBytes: number;
  /** Claims of dead writers moved past (and padded, when the reader may write). */
  deadClaims: number;
  /** Ranges found corrupt and skipped. */
  corrupt: { start: number; end: number }[];
}

/** Grace before treating an unowned uncommitted claim as dead while live writers exist. */
const ORPHAN_GRACE_MS = 10;
/** How long a one-shot scan waits out that grace. */
const SETTLE_MS = 2 * ORPHAN_GRACE_MS;
/** The (shared, empty) data of records read without a copy. */
const NO_DATA = new Uint8Array(0);
/** Largest byte range a raw read returns at once. */
const RAW_CHUNK = 1024 * 1024;
/** Largest padding frame (its length must fit the 28-bit length field). */
const MAX_PADDING = 128 * 1024 * 1024;

/** Reads a log. Not for use from several threads at once (no JavaScript object is). */
export class LogReader {
  readonly control: ControlBlock;
  readonly window: ReadWindow;
  readonly framed: boolean;
  readonly stats: ReaderStats = {
    records: 0,
    payloadBytes: 0,
    paddingFrames: 0,
    paddingBytes: 0,
    deadClaims: 0,
    corrupt: [],
  };
  onCorrupt: CorruptionPolicy;
  private readonly onSkip: ((start: number, end: number) => void) | undefined;
  /** Set when the reader waits on a live writer that is stopped (SIGSTOP): it is not skipped. */
  stalledWriter: number | undefined;
  /** End of the last DATA or META frame passed (or the start position): where trailing padding begins. */
  lastRecordEnd = 0;
  /** Whether the last PENDING was a live writer's claim (rather than one waiting out its grace). */
  waitingOnLiveWriter = false;
  /** Whether the last PENDING is an unowned claim given a moment's grace while others write. */
  private inGrace = false;
  private pos: number;
  private readonly limits: FrameLimits;
  private readonly info: FrameInfo = { type: 0, length: 0, size: 0 };
  private readonly controlFd: number;
  private readonly path: string;
  private pendingAt = -1;
  private pendingSince = 0;

  private constructor(
    path: string,
    control: ControlBlock,
    controlFd: number,
    window: ReadWindow,
    options: ReadOptions,
  ) {
    this.path = path;
    this.control = control;
    this.controlFd = controlFd;
    this.window = window;
    this.framed = control.identity.format === 'framed';
    this.onCorrupt = options.onCorrupt ?? 'throw';
    this.onSkip = options.onSkip;
    this.limits = {
      idRegister: logIdRegister(control.identity.logIdLo, control.identity.logIdHi),
      maxRecordSize: control.identity.maxRecordSize,
      end: 0,
    };
    this.pos = control.identity.dataStart;
  }

  /**
   * Opens the log at `path` for reading. It is opened read-write when the
   * files allow, so that the reader can persist the padding of dead claims;
   * otherwise read-only, and dead claims are only stepped over.
   */
  static open(path: string, options: ReadOptions = {}, writable = options.readOnly !== true): LogReader {
    if (options.onCorrupt !== undefined && options.onCorrupt !== 'throw' && options.onCorrupt !== 'skip') {
      throw new RangeError(`option 'onCorrupt' must be 'throw' or 'skip', got ${String(options.onCorrupt)}`);
    }
    const { control, fd: controlFd, writable: canWrite } = openControl(controlPathOf(path), writable, undefined, true);
    let dataFd: number;
    try {
      dataFd = openDataFile(path, control, canWrite).fd;
    } catch (error) {
      control.close(controlFd);
      throw error;
    }
    const maxFrame = Math.max(frameSize(control.identity.maxRecordSize), RAW_CHUNK);
    const window = new ReadWindow(path, dataFd, canWrite, maxFrame);
    const reader = new LogReader(path, control, controlFd, window, options);
    try {
      reader.seek(options.from ?? 0);
    } catch (error) {
      reader.close();
      throw error;
    }
    return reader;
  }

  /** The next position to read. */
  get position(): number {
    return this.pos;
  }

  /** Moves to `from`, checking that it can start a record. */
  seek(from: number): void {
    if (!Number.isSafeInteger(from) || from < 0)
      throw new RangeError(`'from' must be a non-negative integer, got ${from}`);
    if (this.framed && from > 0 && from < this.control.identity.dataStart) {
      throw new RangeError(`position ${from} is not the start of a record`);
    }
    const start = Math.max(from, this.control.identity.dataStart);
    if (this.framed && start % 8 !== 0) throw new RangeError(`position ${from} is not the start of a record`);
    if (this.framed && start > this.control.cursor()) {
      // Every record position is below the cursor; past it lies no record start we could vouch for.
      throw new RangeError(`position ${from} is beyond the end of the log`);
    }
    if (this.framed && start > this.control.identity.dataStart && start < this.control.cursor()) {
      if (start + HEADER_SIZE > this.window.safeEnd(start + HEADER_SIZE)) {
        throw new RangeError(`position ${from} is beyond the end of the log`);
      }
      this.window.cover(start);
      this.limits.end = this.readableEnd(this.control.cursor());
      if (checkFrame(this.window, start, this.limits, this.info) === FrameState.CORRUPT) {
        throw new RangeError(`position ${from} is not the start of a record`);
      }
    }
    this.pos = start;
    this.lastRecordEnd = start;
  }

  /** Whether something may have changed at the current position (for followers deciding to sleep). */
  hasNews(): boolean {
    const cursor = this.control.cursor();
    if (cursor <= this.pos) return false;
    if (!this.framed) return rawCommitted(this.control) > this.pos;
    if (this.pos + HEADER_SIZE > this.window.safeEnd(this.pos + HEADER_SIZE)) return false;
    this.window.cover(this.pos);
    return Atomics.load(this.window.i32, (this.pos - this.window.base) >>> 2) !== 0;
  }

  /**
   * Like {@link next}, but waits out (synchronously, at most ~20 ms) the grace
   * given to a claim no live writer owns, so that a one-shot scan moves past
   * dead writers' claims instead of stopping at them. PENDING then means a
   * live writer's claim.
   */
  nextSettled(copy = true): LogRecord | typeof PENDING | typeof CAUGHT_UP {
    for (let waited = 0; ; waited += 5) {
      const next = this.next(copy);
      if (next !== PENDING || !this.inGrace || waited >= SETTLE_MS) return next;
      sleepMs(5);
    }
  }

  /**
   * The next record, or PENDING / CAUGHT_UP. Throws CorruptionError under the
   * 'throw' policy. With `copy` false the record's `data` is empty: for scans
   * that only check and count (verify, stat, recovery), a copy per record —
   * a fresh off-heap buffer — is most of what reading costs.
   */
  next(copy = true): LogRecord | typeof PENDING | typeof CAUGHT_UP {
    this.inGrace = false;
    return this.framed ? this.nextFrame(copy) : this.nextRawRange(copy);
  }

  private readableEnd(want: number): number {
    return Math.min(want, this.window.safeEnd(want));
  }

  private nextRawRange(copy: boolean): LogRecord | typeof PENDING | typeof CAUGHT_UP {
    const committed = rawCommitted(this.control);
    this.raiseCommitted(committed);
    if (this.pos >= committed) {
      // Raw data below the cursor but above the watermark is a live writer's claim in progress.
      this.waitingOnLiveWriter = true;
      return this.control.cursor() > this.pos ? PENDING : CAUGHT_UP;
    }
    this.window.cover(this.pos);
    const end = Math.min(this.readableEnd(committed), this.pos + RAW_CHUNK, this.window.base + this.window.u8.length);
    if (end <= this.pos) return PENDING;
    const record = { pos: this.pos, data: copy ? this.window.copy(this.pos, end) : NO_DATA };
    this.stats.records++;
    this.stats.payloadBytes += end - this.pos;
    this.pos = end;
    return record;
  }

  private nextFrame(copy: boolean): LogRecord | typeof PENDING | typeof CAUGHT_UP {
    for (;;) {
      const cursor = this.control.cursor();
      if (this.pos >= cursor) {
        this.raiseCommitted(this.pos);
        return CAUGHT_UP;
      }
      // A claim may run past the end of the file for a moment: never read there.
      if (this.pos + HEADER_SIZE > this.window.safeEnd(this.pos + HEADER_SIZE)) {
        this.waitingOnLiveWriter = anyLiveWriter(this.control);
        return this.pending();
      }
      this.window.cover(this.pos);
      this.limits.end = this.readableEnd(cursor);
      const state = checkFrame(this.window, this.pos, this.limits, this.info);
      if (state === FrameState.VALID) {
        const at = this.pos;
        this.pos += this.info.size;
        this.pendingAt = -1;
        if (this.info.type !== RecordType.PADDING) this.lastRecordEnd = this.pos;
        if (this.info.type === RecordType.DATA) {
          this.stats.records++;
          this.stats.payloadBytes += this.info.length;
          const data = copy ? this.window.copy(at + HEADER_SIZE, at + HEADER_SIZE + this.info.length) : NO_DATA;
          return { pos: at, data };
        }
        if (this.info.type === RecordType.PADDING) {
          this.stats.paddingFrames++;
          this.stats.paddingBytes += this.info.size;
        }
        continue;
      }
      if (state === FrameState.UNCOMMITTED) {
        if (!this.resolveUncommitted(cursor)) return this.pending();
        continue;
      }
      this.skipCorrupt(cursor);
    }
  }

  private pending(): typeof PENDING {
    this.raiseCommitted(this.pos);
    return PENDING;
  }

  /**
   * At an uncommitted position below the cursor: waits for a live owner
   * (returns false), or moves past a dead owner's claim (returns true).
   */
  private resolveUncommitted(cursor: number): boolean {
    const now = Date.now();
    if (this.pendingAt !== this.pos) {
      this.pendingAt = this.pos;
      this.pendingSince = now;
    }
    const verdict = judgeClaim(this.control, this.pos);
    this.waitingOnLiveWriter = verdict.kind === 'live';
    if (verdict.kind === 'live') {
      this.stalledWriter = verdict.stopped ? verdict.pid : undefined;
      return false;
    }
    this.stalledWriter = undefined;
    // A live writer's commit could in principle still be in flight on a weakly
    // ordered CPU: give unowned claims a moment while anyone is writing.
    this.inGrace = now - this.pendingSince < ORPHAN_GRACE_MS && anyLiveWriter(this.control);
    if (this.inGrace) return false;
    let end: number;
    if (verdict.kind === 'dead' && verdict.length % 8 === 0 && this.pos + verdict.length <= cursor) {
      // The slot gives the extent; a valid frame inside it would mean the slot lied: stop there.
      const inside = this.findNext(this.pos, this.readableEnd(this.pos + verdict.length));
      end = inside < 0 ? this.pos + verdict.length : inside;
    } else {
      const orphan = verdict.kind === 'orphan' ? verdict : { liveClaims: [], liveFloors: [] };
      const next = this.findNext(this.pos, this.readableEnd(cursor));
      end = next < 0 ? cursor : next;
      for (const claim of orphan.liveClaims) if (claim > this.pos && claim < end) end = claim;
      // A live writer between here and `end` that has not stored its position yet: wait for it.
      for (const floor of orphan.liveFloors) if (floor < end) return false;
    }
    // If another reader padded this claim first (perhaps with another extent),
    // or its owner committed after all, read what is there now instead.
    if (!this.padDeadClaim(this.pos, end)) return true;
    this.stats.deadClaims++;
    this.pos = end;
    this.pendingAt = -1;
    return true;
  }

  /**
   * Pads `[start, end)`; false if its first header is no longer empty (then
   * nothing was written and the caller re-reads). A read-only reader steps
   * over the claim without writing.
   */
  private padDeadClaim(start: number, end: number): boolean {
    if (!this.window.writable) return true;
    for (let at = start; at < end; ) {
      const size = Math.min(end - at, MAX_PADDING);
      if (at + HEADER_SIZE > this.window.safeEnd(at + HEADER_SIZE)) return true;
      this.window.cover(at);
      if (writePadding(this.window, at, size, this.limits.idRegister)) {
        this.control.bumpStat(Offset.STAT_CLAIMS_PADDED);
      } else if (at === start) {
        return false;
      }
      at += size;
    }
    return true;
  }

  /** Next valid frame after `from`, across windows, below `limit`; -1 if none. */
  findNext(from: number, limit: number): number {
    const limits = { ...this.limits, end: limit };
    for (let start = from + HEADER_SIZE; start < limit; ) {
      this.window.cover(start);
      const found = findNextFrame(this.window, start, limits);
      if (found >= 0) return found;
      start = this.window.base + this.window.windowSize;
    }
    return -1;
  }

  private skipCorrupt(cursor: number): void {
    const start = this.pos;
    const next = this.findNext(start, this.readableEnd(cursor));
    const end = next < 0 ? cursor : next;
    if (this.onCorrupt === 'throw') {
      throw new CorruptionError(start, end, this.path);
    }
    this.stats.corrupt.push({ start, end });
    this.onSkip?.(start, end);
    this.pos = end;
  }

  /** Publishes progress: every claim below `pos` is complete. */
  private raiseCommitted(pos: number): void {
    if (this.window.writable) this.control.raise(Offset.COMMITTED, pos);
  }

  close(): void {
    this.window.close();
    this.control.close(this.controlFd);
  }
}

/**
 * The reading engine: walks a log from a position and returns what is
 * complete, stepping over padding, the claims of dead writers and (on
 * request) corruption. `read`, `follow`, `verify`, `recover` and the CLI are
 * all built on it, so they agree on what a log holds. What it takes and
 * gives is in `readerTypes.ts`; where a framed reader may start, in
 * `boundary.ts`; how it moves past claims no live writer is making, in
 * `deadClaims.ts`.
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { CorruptionError, ErrorCode, MmlogError, NotABoundaryError, PositionGoneError } from '../errors.js';
import { frameSize, HEADER_SIZE, RecordType } from '../layout/frame.js';
import { FAULT_COUNT } from '../native/binding.js';
import { logIdRegister } from '../native/crc32c.js';
import { openControl } from '../storage/creation.js';
import { faultedFile } from '../storage/cutFile.js';
import { fillerEnd, isFiller } from '../storage/fillerFrame.js';
import { controlPathOf } from '../storage/logPaths.js';
import { openReadSource } from '../storage/readSource.js';
import type { ReadSource } from '../storage/readWindow.js';
import { SegmentWindow } from '../storage/segmentWindow.js';
import { sleepMs } from '../util/sleep.js';
import { checkFramedStart } from './boundary.js';
import { anyLiveWriter, claimExplains, judgeClaim, rawCommitted } from './claims.js';
import { deadRangeAt, padDeadRange } from './deadClaims.js';
import { checkFrame, type FrameInfo, type FrameLimits, FrameState, findFrameAfter } from './frameCheck.js';
import { countNewlines } from './lineCount.js';
import {
  addMerged,
  CAUGHT_UP,
  type CorruptionPolicy,
  emptyReaderStats,
  type LogRecord,
  type PaddedRange,
  PENDING,
  type ReaderStats,
  type ReadOptions,
} from './readerTypes.js';

/** Grace before treating an unowned uncommitted claim as dead while live writers exist. */
const ORPHAN_GRACE_MS = 10;
/** How often a one-shot scan looks again at a claim in its grace. */
const SETTLE_STEP_MS = 2;
/** The (shared, empty) data of records read without a copy. */
const NO_DATA = new Uint8Array(0);
/** Largest byte range a raw read returns at once. */
const RAW_CHUNK = 1024 * 1024;

/** Reads a log. Not for use from several threads at once (no JavaScript object is). */
export class LogReader {
  readonly control: ControlBlock;
  readonly window: ReadSource;
  readonly framed: boolean;
  /**
   * Whether this reader may write: both files are open read-write. Only then
   * does it pad dead claims and raise the committed watermark; a reader that
   * may not never stores into either mapping (the pages are read-only there).
   */
  readonly writable: boolean;
  /** Whether the control file is mapped read-write (a follower may then use the futex handshake). */
  readonly controlWritable: boolean;
  readonly stats: ReaderStats = emptyReaderStats();
  /** When set, every range this reader pads is recorded here (recovery's report). */
  padLog: PaddedRange[] | undefined;
  /**
   * Raw logs, when set before reading (verify): the reader counts the lines
   * it passes into {@link lines} and {@link lineEnd}, in the mapping, without
   * copying. Off by default: readers that return the bytes need no count.
   */
  countLines = false;
  /** Raw, with {@link countLines}: newline bytes passed, i.e. complete lines. */
  lines = 0;
  /** Raw, with {@link countLines}: the position after the last newline passed (or where reading started). */
  lineEnd = 0;
  onCorrupt: CorruptionPolicy;
  private readonly onSkip: ((start: number, end: number) => void) | undefined;
  private readonly onLost: ((start: number, end: number) => void) | undefined;
  /**
   * A writer slot of this process that makes no claim while this reader
   * runs (the one `open()` took before its recovery): it gives unowned
   * claims no grace.
   */
  ownSlot: number | undefined;
  /** Set when the reader waits on a live writer that is stopped (SIGSTOP): it is not skipped. */
  stalledWriter: number | undefined;
  /** End of the last DATA or META frame passed (or the start position): where trailing padding begins. */
  lastRecordEnd = 0;
  /** Whether the last PENDING was a live writer's claim (rather than one waiting out its grace). */
  waitingOnLiveWriter = false;
  /** Whether the last PENDING is an unowned claim given a moment's grace while others write. */
  private inGrace = false;
  /** {@link FAULT_COUNT} when this reader last checked its mappings. */
  private faultsSeen = FAULT_COUNT[0];
  private pos: number;
  private readonly limits: FrameLimits;
  private readonly info: FrameInfo = { type: 0, length: 0, size: 0 };
  private readonly controlFd: number;
  private readonly path: string;
  private pendingAt = -1;
  private pendingSince = 0;
  private readonly ifGone: 'throw' | 'oldest';

  private constructor(
    path: string,
    control: ControlBlock,
    controlFd: number,
    window: ReadSource,
    options: ReadOptions,
    controlWritable: boolean,
  ) {
    this.path = path;
    this.control = control;
    this.controlFd = controlFd;
    this.window = window;
    this.controlWritable = controlWritable;
    this.writable = controlWritable && window.writable;
    this.framed = control.identity.format === 'framed';
    this.onCorrupt = options.onCorrupt ?? 'throw';
    this.onSkip = options.onSkip;
    this.onLost = options.onLost;
    this.limits = {
      idRegister: logIdRegister(control.identity.logIdLo, control.identity.logIdHi),
      maxRecordSize: control.identity.maxRecordSize,
      end: 0,
    };
    this.pos = control.identity.dataStart;
    this.ifGone = options.ifGone ?? 'throw';
    if (window instanceof SegmentWindow) window.headProof = (base, first) => this.isHeadFiller(base, first);
  }

  /**
   * Whether `[base, first)` holds only filler: framed, whole valid filler
   * frames (PADDING or LOST) ending exactly at `first`; raw, a blank line
   * (spaces, then a newline). What proves a segment's first record when only
   * `segments.idx` gives it.
   */
  private isHeadFiller(base: number, first: number): boolean {
    if (this.window.safeEnd(base, first) < first) return false;
    this.window.cover(base);
    const head = this.window.u8.subarray(base - this.window.base, first - this.window.base);
    return fillerEnd(head, base, base, this.framed, this.limits.idRegister) === first;
  }

  /**
   * Opens the log at `path` for reading. It is opened read-write when the
   * files allow, so that the reader can persist the padding of dead claims;
   * otherwise (`writable` false, or either file read-only to this process)
   * read-only, and dead claims are only stepped over. `options` are trusted:
   * the public functions check them first (read.ts).
   */
  static open(path: string, options: ReadOptions = {}, writable = options.readOnly !== true): LogReader {
    const { control, fd: controlFd, writable: canWrite } = openControl(controlPathOf(path), writable, undefined, true);
    let window: ReadSource;
    try {
      const maxFrame = Math.max(frameSize(control.identity.maxRecordSize), RAW_CHUNK);
      window = openReadSource(path, control, canWrite, maxFrame, options.ifGone);
    } catch (error) {
      control.close(controlFd);
      throw error;
    }
    const reader = new LogReader(path, control, controlFd, window, options, canWrite);
    try {
      reader.seek(options.from ?? 0);
    } catch (error) {
      reader.close();
      throw error;
    }
    return reader;
  }

  /** The limits frames are checked against (the log's id, its largest record). */
  get frameLimits(): Readonly<FrameLimits> {
    return this.limits;
  }

  /** The next position to read. */
  get position(): number {
    return this.pos;
  }

  /**
   * Moves to `from`. Raw logs: any byte. Framed logs: only a record boundary
   * this reader can vouch for (see `boundary.ts`): it pads dead claims where it
   * stands, so it must never stand inside a record. Anything else is refused
   * with {@link NotABoundaryError}, and nothing is read or written.
   */
  seek(asked: number): void {
    if (!Number.isSafeInteger(asked) || asked < 0)
      throw new RangeError(`'from' must be a non-negative integer, got ${asked}`);
    let from = asked;
    for (;;) {
      if (this.window instanceof SegmentWindow) {
        const first = this.window.ring.firstPosition();
        if (from > 0 && from < first && this.ifGone === 'throw') throw new PositionGoneError(from, first, this.path);
        from = this.window.skipSealed(Math.max(from, first));
      }
      try {
        if (this.framed) checkFramedStart(this.control, this.window, this.limits, this.path, from);
        break;
      } catch (error) {
        // Retention deleted the segment while the start was being proven: gone, not misplaced.
        const window = this.window;
        if (!(error instanceof NotABoundaryError) || !(window instanceof SegmentWindow)) throw error;
        if (window.ring.segmentOf(from) >= window.ring.firstSegment()) throw error;
      }
    }
    const { dataStart } = this.control.identity;
    const start = Math.max(from, dataStart);
    this.pos = start;
    this.lastRecordEnd = start;
    this.lineEnd = start;
    this.pendingAt = -1;
  }

  /**
   * Like {@link next}, but waits out (synchronously) the grace given to each
   * claim no live writer owns, however many it meets in a row, so that a
   * one-shot scan moves past dead writers' claims instead of stopping at
   * them: PENDING then means a live writer's claim, or one that runs past
   * the end of the file. Recovery settles the tail where its scan stops, so
   * a scan that stopped at a dead claim still in its grace would have it
   * cut the records after it. Each grace ends (the claim is then judged for
   * good), and the reader only moves forward, so this returns.
   */
  nextSettled(copy = true): LogRecord | typeof PENDING | typeof CAUGHT_UP {
    for (;;) {
      const next = this.next(copy);
      if (next !== PENDING || !this.inGrace) return next;
      sleepMs(SETTLE_STEP_MS);
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
    let next: LogRecord | typeof PENDING | typeof CAUGHT_UP;
    try {
      next = this.framed ? this.nextFrame(copy) : this.nextRawRange(copy);
    } catch (error) {
      // Bytes of a zero page look corrupt: the cut file is the error to report.
      if (FAULT_COUNT[0] !== this.faultsSeen) this.checkFaults();
      throw error;
    }
    // A file cut under this reader: what it just read may be a zero page's.
    if (FAULT_COUNT[0] !== this.faultsSeen) this.checkFaults();
    return next;
  }

  /** Throws if a mapping of this reader took a SIGBUS (its file was cut outside mmlog). */
  private checkFaults(): void {
    this.faultsSeen = FAULT_COUNT[0];
    const cut = faultedFile(this.control.buffer, this.window.sab);
    if (cut === undefined) return;
    throw new MmlogError(
      ErrorCode.DATA_SHRUNK,
      `the ${cut} file was cut while being read (e.g. logrotate copytruncate); nothing past the cut was returned`,
      cut === 'control' ? controlPathOf(this.path) : this.path,
    );
  }

  private readableEnd(want: number): number {
    return Math.min(want, this.window.safeEnd(this.pos, want));
  }

  /** Moves past the nothing after a sealed segment's end; true if it moved. */
  private skipSealed(): boolean {
    const next = this.window.skipSealed(this.pos);
    if (next === this.pos) return false;
    this.pos = next;
    this.lastRecordEnd = next;
    this.pendingAt = -1;
    return true;
  }

  private nextRawRange(copy: boolean): LogRecord | typeof PENDING | typeof CAUGHT_UP {
    const committed = rawCommitted(this.control);
    this.raiseCommitted(committed);
    if (this.pos < committed) this.skipSealed();
    if (this.pos >= committed) {
      // Raw data below the cursor but above the watermark is a live writer's claim in progress.
      this.waitingOnLiveWriter = true;
      return this.control.cursor() > this.pos ? PENDING : CAUGHT_UP;
    }
    // Claims past the end of the file (a writer about to grow it, a claim abandoned on a full disk, a
    // writer that died first, a file cut behind the log's back): nothing to read there yet.
    if (this.readableEnd(committed) <= this.pos) {
      this.waitingOnLiveWriter = false;
      if (this.skipMissing(this.pos + 1)) return this.nextRawRange(copy);
      return PENDING;
    }
    this.window.cover(this.pos);
    const end = Math.min(this.readableEnd(committed), this.pos + RAW_CHUNK, this.window.base + this.window.u8.length);
    if (end <= this.pos) return PENDING;
    const record = { pos: this.pos, data: copy ? this.window.copy(this.pos, end) : NO_DATA, next: end };
    if (this.countLines) countNewlines(this.window, this.pos, end, this);
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
      if (this.skipSealed()) continue;
      // A claim may run past the end of the file for a moment (a writer claims, then grows the file),
      // and a dead writer's or an abandoned one may stay there: never read or write there. Nothing after
      // it can be in the file either, so there is nothing to skip to: wait (followers poll, without spinning).
      if (this.pos + HEADER_SIZE > this.window.safeEnd(this.pos, this.pos + HEADER_SIZE)) {
        const verdict = judgeClaim(this.control, this.pos);
        this.waitingOnLiveWriter = verdict.kind === 'live';
        if (!claimExplains(verdict) && this.skipMissing(this.pos + HEADER_SIZE)) continue;
        return this.pending();
      }
      this.window.cover(this.pos);
      this.limits.end = this.readableEnd(cursor);
      const state = checkFrame(this.window, this.pos, this.limits, this.info);
      if (state === FrameState.VALID) {
        const at = this.pos;
        this.pos += this.info.size;
        this.pendingAt = -1;
        if (!isFiller(this.info.type)) this.lastRecordEnd = this.pos;
        if (this.info.type === RecordType.DATA) {
          this.stats.records++;
          this.stats.payloadBytes += this.info.length;
          const data = copy ? this.window.copy(at + HEADER_SIZE, at + HEADER_SIZE + this.info.length) : NO_DATA;
          return { pos: at, data, next: this.pos };
        }
        if (this.info.type === RecordType.PADDING) {
          this.stats.paddingFrames++;
          this.stats.paddingBytes += this.info.size;
        } else if (this.info.type === RecordType.LOST) {
          this.passLost(at, this.pos);
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
   * (returns false), or moves past a dead owner's claim (returns true) —
   * padding it when this reader may write. A gap no writer's claim accounts
   * for is lost data: it is padded with a LOST frame and recorded in
   * `stats.lost`. The reader stands on a record boundary (see {@link seek}), so
   * the padding starts on one too; it ends on the next valid frame, the end of
   * the dead writer's claim, or a live writer's claim, all boundaries.
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
    this.inGrace = now - this.pendingSince < ORPHAN_GRACE_MS && anyLiveWriter(this.control, this.ownSlot);
    if (this.inGrace) return false;
    const range = deadRangeAt(this.window, this.limits, this.pos, cursor, verdict);
    if (range === undefined) return false;
    const type = range.accounted ? RecordType.PADDING : RecordType.LOST;
    // A reader that may not write steps over the range without writing. If another reader padded it
    // first (perhaps with another extent), or its owner committed after all, read what is there now instead.
    if (this.writable && !padDeadRange(this, this.limits.idRegister, this.pos, range.end, type)) return true;
    const start = this.pos;
    this.pos = range.end;
    this.pendingAt = -1;
    if (range.accounted) this.stats.deadClaims++;
    else this.passLost(start, range.end);
    return true;
  }

  /**
   * The reader has passed `[start, end)`, where records should be and are
   * not: counted, and told to `onLost` (after the reader has moved past it,
   * so that a callback that throws leaves it past the range, as it found it).
   */
  private passLost(start: number, end: number): void {
    addMerged(this.stats.lost, start, end);
    this.onLost?.(start, end);
  }

  /**
   * Where the reader stopped short of the bytes up to `need`: if they lie in
   * a segment whose file is missing or cut short (see
   * {@link ReadSource.missingEnd}), and no writer's claim explains the stop,
   * moves past that segment's records (recorded in `stats.missing`), or
   * throws under the 'throw' policy. True if it moved.
   */
  private skipMissing(need: number): boolean {
    // Raw readers stop below every claim in progress; framed ones asked the slots already.
    if (!this.framed && claimExplains(judgeClaim(this.control, this.pos))) return false;
    const end = this.window.missingEnd(this.pos, need);
    if (end < 0) return false;
    const start = this.pos;
    if (this.onCorrupt === 'throw') {
      throw new CorruptionError(start, end, this.path, "segment file missing or cut short behind the log's back");
    }
    addMerged(this.stats.missing, start, end);
    this.onSkip?.(start, end);
    this.pos = end;
    this.lastRecordEnd = end;
    this.pendingAt = -1;
    return true;
  }

  private skipCorrupt(cursor: number): void {
    const start = this.pos;
    const next = findFrameAfter(this.window, start, this.readableEnd(cursor), this.limits);
    // No frame after it before its file ends: a segment file cut short ends with a frame cut in two.
    if (next < 0 && this.skipMissing(this.window.recordsEnd(start))) return;
    const end = next < 0 ? Math.min(cursor, this.window.recordsEnd(start)) : next;
    if (this.onCorrupt === 'throw') {
      throw new CorruptionError(start, end, this.path);
    }
    this.stats.corrupt.push({ start, end });
    this.onSkip?.(start, end);
    this.pos = end;
  }

  /** Publishes progress: every claim below `pos` is complete (or padded). */
  private raiseCommitted(pos: number): void {
    if (this.writable) this.control.raiseCommitted(pos);
  }

  close(): void {
    this.window.close();
    this.control.close(this.controlFd);
  }
}

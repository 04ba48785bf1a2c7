/**
 * {@link Log}: appending to an open log.
 *
 * An append is one atomic fetch-add on the shared cursor (the claim, a
 * JavaScript `Atomics.add`) and a copy into the mapping (strings are encoded
 * straight into it); a framed record is then checksummed and committed (see
 * `framedWriter.ts`). Everything
 * else — growth, window changes, prefaulting and page release — happens in
 * {@link DataStore.prepare}, which the append calls only when its claim ends
 * past the current chunk: once per chunk, never per record. A full disk is
 * handled in `spaceShortage.ts`, rolls by time in `timeRoll.ts`, closing and
 * the last writer's trim in `closing.ts`.
 * @module
 */
import { ControlBlock } from '../control/controlBlock.js';
import { WAITERS_INDEX, wakeFollowers } from '../control/notify.js';
import { markSyncs } from '../control/syncWords.js';
import { ErrorCode, MmlogError } from '../errors.js';
import { IDLE, Offset, SlotOffset } from '../layout/control.js';
import { FAULT_COUNT as FAULTS } from '../native/binding.js';
import type { AppendStore } from '../storage/appendStore.js';
import { cutUnderWriter, faultedFile } from '../storage/cutFile.js';
import { DataStore } from '../storage/dataStore.js';
import type { RetentionResult } from '../storage/retention.js';
import { SegmentStore } from '../storage/segmentStore.js';
import { describeValue } from '../util/arguments.js';
import { isDetached, uint8ArrayLength } from '../util/byteView.js';
import { forgetOpenLog, type HeldFiles, registerOpenLog, releaseFiles, trimIfAlone } from './closing.js';
import { type DurabilityPort, syncTargetOf } from './durabilityPort.js';
import { type RecordWriter, utf8Length, writerFor } from './recordWriter.js';
import { SegmentRoller } from './segmentRoll.js';
import { SPACE_SHORT_INDEX, SpaceShortage } from './spaceShortage.js';
import { TimeRoll } from './timeRoll.js';

const CURSOR_INDEX = Offset.CURSOR / 8;

/**
 * A log open for appending. Not thread-safe in the JavaScript sense (no
 * JavaScript object is), but any number of `Log` objects — in this thread,
 * other worker threads and other processes — may append to the same file at
 * once.
 */
export class Log {
  /** The data file, or the directory of a segmented log. */
  readonly path: string;
  /** The control file beside it. */
  readonly controlPath: string;
  /** `'raw'` or `'framed'`, as the log was created. */
  readonly format: 'raw' | 'framed';
  /** The largest payload {@link append} accepts, in bytes. */
  readonly maxRecordSize: number;

  private readonly control: ControlBlock;
  private readonly store: AppendStore;
  /** Set for a segmented log: ends segments and starts the next ones. */
  private readonly roller: SegmentRoller | undefined;
  /** Set for a segmented log that rolls by time. */
  private readonly timeRoll: TimeRoll | undefined;
  private readonly writer: RecordWriter;
  private readonly cursor: BigInt64Array;
  private readonly slotF64: Float64Array;
  private readonly controlI32: Int32Array;
  /** What this writer gives back at close. */
  private readonly held: HeldFiles;
  private readonly floorIndex: number;
  private readonly claimPosIndex: number;
  private readonly claimLenIndex: number;
  /** End of this writer's last claim: a lower bound of any position it claims next. */
  private lastEnd = 0;
  /** The cursor when this writer opened: {@link lastEnd} still equal to it means nothing was appended. */
  private readonly openedAt: number;
  /** Group commit and interval durability (see `durability/`). */
  private readonly durability: DurabilityPort;
  /** Whether this writer has synced (its mappings then take small pages). */
  private syncs = false;
  private closed = false;
  /** {@link FAULTS} when this log last checked its mappings. */
  private faultsSeen = FAULTS[0];
  /** Set once a mapping of this log faulted: every later append throws it. */
  private broken: MmlogError | undefined;
  /** This writer's side of a full disk: claims it abandoned, the shortage flag. */
  private readonly space: SpaceShortage;

  /** @internal Use `open()`. */
  constructor(
    path: string,
    controlPath: string,
    controlFd: number,
    control: ControlBlock,
    store: AppendStore,
    slotIndex: number,
    makeDurability: (appendedTo: () => number) => DurabilityPort,
    roller?: SegmentRoller,
  ) {
    // The class is exported for its type and for `instanceof`; built from anything but open()'s
    // own parts it would close and write through whatever descriptors and buffers it was given.
    const ownStore = store instanceof DataStore || store instanceof SegmentStore;
    if (
      !(control instanceof ControlBlock) ||
      !ownStore ||
      typeof makeDurability !== 'function' ||
      (roller !== undefined && !(roller instanceof SegmentRoller))
    ) {
      throw new TypeError('a Log is made by open(), not by its constructor');
    }
    this.path = path;
    this.controlPath = controlPath;
    this.control = control;
    this.store = store;
    this.format = control.identity.format;
    this.writer = writerFor(control.identity);
    this.maxRecordSize = control.identity.maxRecordSize;
    this.cursor = control.i64;
    this.slotF64 = control.f64;
    this.controlI32 = control.i32;
    // Any position this writer claims is at least the cursor seen now.
    this.lastEnd = control.cursor();
    this.openedAt = this.lastEnd;
    this.held = { control, controlFd, controlPath, store, slotIndex };
    const slotBase = control.slotOffset(slotIndex) / 8;
    this.floorIndex = slotBase + SlotOffset.CLAIM_FLOOR / 8;
    this.claimPosIndex = slotBase + SlotOffset.CLAIM_POS / 8;
    this.claimLenIndex = slotBase + SlotOffset.CLAIM_LEN / 8;
    this.roller = roller;
    this.space = new SpaceShortage(control, store);
    this.durability = makeDurability(() => this.appendedEnd());
    registerOpenLog(this);
    // A log reopened after a pause applies its limits now, not at its next roll (ages passed meanwhile).
    roller?.retain();
    if (roller !== undefined && control.identity.rollEvery > 0) {
      roller.restartEmptyPeriod(control.cursor(), Date.now());
      const words = { floor: this.floorIndex, claimPos: this.claimPosIndex, claimLen: this.claimLenIndex };
      this.timeRoll = new TimeRoll(control, roller, words);
      this.rollByTime();
      this.timeRoll.schedule(() => this.rollByTime());
    }
  }

  /**
   * Appends one record and returns its position: the byte offset of the
   * record in the log, stable for the life of the log. Synchronous, and on
   * the common path free of system calls. When it returns, the record is in
   * the shared page cache: it survives this process being killed, and reaches
   * the disk with normal write-back.
   *
   * @param data A string (encoded as UTF-8) or bytes.
   * @throws TypeError if `data` is neither; RangeError if it is larger than
   *   {@link maxRecordSize}; the `fallocate` error (ENOSPC, EDQUOT) if the disk
   *   is full — the record is then not written, and nothing before it is harmed.
   */
  append(data: string | Uint8Array): number {
    if (this.closed) throw new MmlogError(ErrorCode.CLOSED, 'append on a closed log', this.path);
    if (this.broken !== undefined) throw this.broken;
    let length: number;
    if (typeof data === 'string') length = utf8Length(data);
    else if ((length = uint8ArrayLength(data)) <= 0) refuseBytes(data, length);
    if (length > this.maxRecordSize) {
      throw new RangeError(`a record of ${length} bytes exceeds maxRecordSize (${this.maxRecordSize} bytes)`);
    }
    const total = this.writer.frameSize(length);
    // After an allocation failed anywhere, space is secured before claiming,
    // so that retries on a full disk cannot leave a trail of abandoned claims.
    if (this.controlI32[SPACE_SHORT_INDEX] !== 0) this.ensureSpace(total);
    const slots = this.slotF64;
    // Announce a claim before making it, so an observer that finds a claim
    // nobody has committed can tell whether a live writer may own it.
    slots[this.floorIndex] = this.lastEnd;
    // The claim: one fetch-add on the shared cursor.
    let pos = Number(Atomics.add(this.cursor, CURSOR_INDEX, BigInt(total)));
    // A cut control file would hand out positions from a zero page: check
    // before writing anywhere (one load; a native call only after a fault).
    if (FAULTS[0] !== this.faultsSeen) this.checkFaults();
    // Length first: a reader that finds this claim's position in the slot must
    // never pair it with the previous claim's length (a kill between the two).
    slots[this.claimLenIndex] = total;
    slots[this.claimPosIndex] = pos;
    const store = this.store;
    if (pos + total > store.fastEnd) pos = this.makeRoom(pos, pos + total);
    this.writer.write(store, pos, data, length);
    // A cut data file: the record went to a zero page and is not acknowledged.
    if (FAULTS[0] !== this.faultsSeen) this.checkFaults();
    slots[this.claimPosIndex] = IDLE;
    slots[this.floorIndex] = IDLE;
    this.lastEnd = pos + total;
    // One plain load per append; a syscall only when a follower is asleep.
    if (this.controlI32[WAITERS_INDEX] !== 0) wakeFollowers(this.control);
    return pos;
  }

  /**
   * Some log mapping of this process faulted (SIGBUS: a file was cut under
   * it). If it was one of this log's, the log is broken for good: throw now
   * and on every later append.
   */
  private checkFaults(): void {
    if (this.findFault()) throw this.broken;
  }

  /** Whether a mapping of this log faulted; if so, {@link broken} is set. */
  private findFault(): boolean {
    this.faultsSeen = FAULTS[0];
    if (this.broken !== undefined) return true;
    const cut = faultedFile(this.control.buffer, this.store.sab);
    if (cut === undefined) return false;
    this.slotF64[this.claimPosIndex] = IDLE;
    this.slotF64[this.floorIndex] = IDLE;
    this.broken = cutUnderWriter(cut, this.path, this.controlPath);
    return true;
  }

  /**
   * Maps, grows and prefaults for a claim past the prepared chunk. Run by the
   * first append of every `Log` (see `open()`), so that V8 has seen this
   * call before it optimizes `append`: a branch never taken before
   * optimization deoptimizes `append` when first taken.
   */
  private makeRoom(pos: number, end: number): number {
    const roller = this.roller;
    if (roller?.crosses(pos, end)) return this.crossSegment(pos, end);
    try {
      this.store.prepare(pos, end);
    } catch (error) {
      this.abandonClaim(pos, end);
      throw error;
    }
    if (roller?.startsSegment(pos)) roller.startAtBoundary(pos);
    // Space came back (another writer may have cleared the shortage first).
    this.space.blankAbandoned();
    return pos;
  }

  /**
   * This writer's claim `[pos, end)` contains a segment boundary: it is the
   * one claim that does, so this writer ends the segment (see
   * `segmentRoll.ts`), then claims again, in the next segment. Returns the
   * new claim's position (its slot records it, as any claim).
   */
  private crossSegment(pos: number, end: number): number {
    try {
      (this.roller as SegmentRoller).finishCrossing(pos, end);
    } catch (error) {
      this.abandonClaim(pos, end);
      throw error;
    }
    const slots = this.slotF64;
    const total = end - pos;
    slots[this.claimPosIndex] = IDLE;
    slots[this.floorIndex] = end;
    this.lastEnd = end;
    const next = Number(Atomics.add(this.cursor, CURSOR_INDEX, BigInt(total)));
    if (FAULTS[0] !== this.faultsSeen) this.checkFaults();
    slots[this.claimLenIndex] = total;
    slots[this.claimPosIndex] = next;
    if (next + total > this.store.fastEnd) return this.makeRoom(next, next + total);
    return next;
  }

  /** Rolls to a new segment if the active one's clock period is over (see `timeRoll.ts`). */
  private rollByTime(): void {
    const timeRoll = this.timeRoll;
    if (timeRoll === undefined || this.closed || this.broken !== undefined) return;
    timeRoll.roll(this.lastEnd, (end) => {
      this.lastEnd = end;
    });
  }

  /**
   * A claim whose space could not be allocated: abandoned (see
   * `spaceShortage.ts`), and no longer in this writer's slot.
   */
  private abandonClaim(pos: number, end: number): void {
    this.space.abandon(pos, end);
    this.slotF64[this.claimPosIndex] = IDLE;
    this.slotF64[this.floorIndex] = IDLE;
  }

  /** Space was short: secures it before claiming (throwing the `fallocate` error with nothing claimed). */
  private ensureSpace(total: number): void {
    this.space.secure(total);
  }

  /**
   * Resolves once every record up to and including the one at `pos` — by
   * default, the last record this `Log` appended — is on stable storage, in
   * whichever process it was appended. Concurrent syncs of every process
   * share one `fdatasync` (group commit, see `durability/groupCommit.ts`).
   * @throws RangeError (rejected) for a `pos` that is not a position below
   *   the cursor; `ERR_MMLOG_SYNC_FAILED` (a {@link SyncFailedError}) if a
   *   sync of the log failed, now or before; `ERR_MMLOG_CLOSED` if the log is
   *   closed before the sync finishes.
   */
  sync(pos?: number): Promise<void> {
    try {
      const target = this.syncTarget('sync', pos);
      this.syncing();
      return this.durability.sync(target);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Appends one record, then resolves with its position once it is on stable
   * storage: {@link append} followed by {@link sync}, where the sync shares
   * its `fdatasync` with every other sync in flight. The record is appended
   * (and readable) at once, whatever the sync's outcome.
   */
  async appendDurable(data: string | Uint8Array): Promise<number> {
    const pos = this.append(data);
    this.syncing();
    await this.durability.sync(this.lastEnd);
    return pos;
  }

  /**
   * {@link sync}, blocking: for shutdown paths and exit handlers. Syncs what
   * is committed itself rather than waiting for another process's group
   * commit.
   */
  syncSync(pos?: number): void {
    const target = this.syncTarget('syncSync', pos);
    this.syncing();
    this.durability.syncSync(target);
  }

  /**
   * This writer syncs: its slot says so, and every writer of the log (this
   * one at once, the others at their next chunk) takes small pages from now
   * on, since a sync writes each dirty folio back whole (a 2 MiB huge page
   * per sync otherwise; docs/benchmarks.md).
   */
  private syncing(): void {
    if (this.syncs) return;
    this.syncs = true;
    markSyncs(this.held.control, this.held.slotIndex);
    this.store.preferSmallPages();
  }

  /** The durable watermark: every record below this position is on stable storage. */
  get durable(): number {
    return this.durability.durable;
  }

  /** The watermark a sync of `pos` (or of this writer's records) waits for. */
  private syncTarget(what: string, pos: number | undefined): number {
    if (this.closed) throw new MmlogError(ErrorCode.CLOSED, `${what} on a closed log`, this.path);
    return pos === undefined ? this.appendedEnd() : syncTargetOf(what, pos, this.control.cursor());
  }

  /** The end of this writer's last record, or 0 if it appended none. */
  private appendedEnd(): number {
    return this.lastEnd === this.openedAt ? 0 : this.lastEnd;
  }

  /**
   * A checkpoint (segmented logs): deletes every sealed segment wholly below
   * `pos`, and whatever the log's retention limits let go of — never the
   * active segment, one a writer may still be writing, or one holding (or
   * past) a named consumer's position. Returns the first position the log
   * holds afterwards (at most `pos`: segments are deleted whole).
   * @throws RangeError for a `pos` that is not a position of the log;
   *   `ERR_MMLOG_NOT_SEGMENTED` for a single-file log.
   */
  truncateBefore(pos: number): number {
    return this.segmented('truncateBefore').checkpoint(pos);
  }

  /**
   * Applies the log's retention limits now (they are also applied, best
   * effort, when a writer opens, rolls or closes): deletes the sealed
   * segments they let go of, and returns the base positions deleted and the
   * first position kept.
   */
  applyRetention(): RetentionResult {
    return this.segmented('applyRetention').applyRetention();
  }

  /** The roller of this open, segmented log, for `what`. */
  private segmented(what: string): SegmentRoller {
    if (this.closed) throw new MmlogError(ErrorCode.CLOSED, `${what} on a closed log`, this.path);
    if (this.roller !== undefined) return this.roller;
    throw new MmlogError(
      ErrorCode.NOT_SEGMENTED,
      `${what} needs a segmented log (created with segmentSize)`,
      this.path,
    );
  }

  /**
   * Cuts the data file's preallocated tail so that it holds exactly the
   * claimed bytes. Does nothing and returns false while another live writer
   * has the log open (it may be about to write into that tail). Idempotent.
   * {@link close} does this automatically for the last writer.
   */
  trim(): boolean {
    if (this.closed) throw new MmlogError(ErrorCode.CLOSED, 'trim on a closed log', this.path);
    return this.trimIfAlone(false);
  }

  /** The last writer's trim (see `closing.ts`): a mapping of this log that faulted counts as a cut file. */
  private trimIfAlone(releaseSlot: boolean): boolean {
    const faulted = () => (FAULTS[0] !== this.faultsSeen ? this.findFault() : this.broken !== undefined);
    return trimIfAlone(this.held, faulted, releaseSlot);
  }

  /**
   * Closes the log. The last writer to close trims the preallocated tail.
   * A segmented log's retention limits are applied (best effort) first.
   * Syncs still waiting are rejected (`ERR_MMLOG_CLOSED`); with interval
   * durability, what this writer appended is first synced, and a failure of
   * that sync is thrown once the log is closed. Calling it again does nothing.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    forgetOpenLog(this);
    this.timeRoll?.stop();
    if (this.broken === undefined) {
      this.space.blankAbandoned();
      this.roller?.retain();
    }
    let failed: unknown;
    try {
      this.durability.close(this.appendedEnd());
    } catch (error) {
      failed = error;
    }
    try {
      this.trimIfAlone(true);
    } finally {
      releaseFiles(this.held);
    }
    if (failed !== undefined) throw failed;
  }

  /** Whether {@link close} has been called. */
  get isClosed(): boolean {
    return this.closed;
  }
}

/**
 * Throws for what `append` cannot take as bytes: anything but a Uint8Array
 * (`length` -1), or one whose buffer was detached. An empty one passes.
 */
function refuseBytes(data: unknown, length: number): void {
  if (length < 0) throw new TypeError(`append() takes a string or a Uint8Array, got ${describeValue(data)}`);
  if (isDetached(data as Uint8Array)) {
    throw new TypeError('append() got a Uint8Array whose buffer was detached (transferred): it holds no bytes');
  }
}

/**
 * {@link Log}: appending to an open log.
 *
 * An append is one atomic fetch-add on the shared cursor (the claim, a
 * JavaScript `Atomics.add`) and a copy into the mapping (strings are encoded
 * straight into it); a framed record is then checksummed and committed (see
 * `framedWriter.ts`). Everything
 * else — growth, window changes, prefaulting and page release — happens in
 * {@link DataStore.prepare}, which the append calls only when its claim ends
 * past the current chunk: once per chunk, never per record.
 * @module
 */
import { closeSync } from 'node:fs';
import type { ControlBlock } from '../control/controlBlock.js';
import { lockLifecycle, unlockLifecycle } from '../control/lifecycleLock.js';
import { WAITERS_INDEX, wakeFollowers } from '../control/notify.js';
import { ErrorCode, MmlogError } from '../errors.js';
import { IDLE, Offset, SlotOffset } from '../layout/control.js';
import { native } from '../native/binding.js';
import type { DataStore } from '../storage/dataStore.js';
import { type RecordWriter, utf8Length, writerFor } from './recordWriter.js';

const CURSOR_INDEX = Offset.CURSOR / 8;

/** Logs open in this thread, closed at exit so the last writer trims the file. */
const openLogs = new Set<Log>();
let exitHookInstalled = false;

function closeAllAtExit(): void {
  for (const log of openLogs) {
    try {
      log.close();
    } catch {
      // Exiting anyway; the data is in the page cache already.
    }
  }
}

function registerOpenLog(log: Log): void {
  openLogs.add(log);
  if (!exitHookInstalled) {
    process.on('exit', closeAllAtExit);
    exitHookInstalled = true;
  }
}

/**
 * A log open for appending. Not thread-safe in the JavaScript sense (no
 * JavaScript object is), but any number of `Log` objects — in this thread,
 * other worker threads and other processes — may append to the same file at
 * once.
 */
export class Log {
  /** The data file. */
  readonly path: string;
  /** The control file beside it. */
  readonly controlPath: string;
  /** `'raw'` or `'framed'`, as the log was created. */
  readonly format: 'raw' | 'framed';
  /** The largest payload {@link append} accepts, in bytes. */
  readonly maxRecordSize: number;

  private readonly control: ControlBlock;
  private readonly controlFd: number;
  private readonly store: DataStore;
  private readonly writer: RecordWriter;
  private readonly cursor: BigInt64Array;
  private readonly slotF64: Float64Array;
  private readonly controlI32: Int32Array;
  private readonly slotIndex: number;
  private readonly floorIndex: number;
  private readonly claimPosIndex: number;
  private readonly claimLenIndex: number;
  /** End of this writer's last claim: a lower bound of any position it claims next. */
  private lastEnd = 0;
  private closed = false;

  /** @internal Use `open()`. */
  constructor(
    path: string,
    controlPath: string,
    controlFd: number,
    control: ControlBlock,
    store: DataStore,
    slotIndex: number,
  ) {
    this.path = path;
    this.controlPath = controlPath;
    this.controlFd = controlFd;
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
    this.slotIndex = slotIndex;
    const slotBase = control.slotOffset(slotIndex) / 8;
    this.floorIndex = slotBase + SlotOffset.CLAIM_FLOOR / 8;
    this.claimPosIndex = slotBase + SlotOffset.CLAIM_POS / 8;
    this.claimLenIndex = slotBase + SlotOffset.CLAIM_LEN / 8;
    registerOpenLog(this);
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
    let length: number;
    if (typeof data === 'string') length = utf8Length(data);
    else if (data instanceof Uint8Array) length = data.byteLength;
    else throw new TypeError(`append() takes a string or a Uint8Array, got ${describe(data)}`);
    if (length > this.maxRecordSize) {
      throw new RangeError(`a record of ${length} bytes exceeds maxRecordSize (${this.maxRecordSize} bytes)`);
    }
    const total = this.writer.frameSize(length);
    const slots = this.slotF64;
    // Announce a claim before making it, so an observer that finds a claim
    // nobody has committed can tell whether a live writer may own it.
    slots[this.floorIndex] = this.lastEnd;
    // The claim: one fetch-add on the shared cursor.
    const pos = Number(Atomics.add(this.cursor, CURSOR_INDEX, BigInt(total)));
    // Length first: a reader that finds this claim's position in the slot must
    // never pair it with the previous claim's length (a kill between the two).
    slots[this.claimLenIndex] = total;
    slots[this.claimPosIndex] = pos;
    const end = pos + total;
    const store = this.store;
    if (end > store.fastEnd) this.makeRoom(pos, end);
    this.writer.write(store, pos, data, length);
    slots[this.claimPosIndex] = IDLE;
    slots[this.floorIndex] = IDLE;
    this.lastEnd = end;
    // One plain load per append; a syscall only when a follower is asleep.
    if (this.controlI32[WAITERS_INDEX] !== 0) wakeFollowers(this.control);
    return pos;
  }

  /**
   * Maps, grows and prefaults for a claim past the prepared chunk. Run by the
   * first append of every `Log` (see `open()`), so that V8 has seen this
   * call before it optimizes `append`: a branch never taken before
   * optimization deoptimizes `append` when first taken.
   */
  private makeRoom(pos: number, end: number): void {
    try {
      this.store.prepare(pos, end);
    } catch (error) {
      this.abandonClaim(pos, end);
      throw error;
    }
  }

  /**
   * A claim whose space could not be allocated. If nobody claimed after it,
   * the cursor is moved back and the log is as if it never happened;
   * otherwise the gap is counted and left to readers and recovery, which
   * treat an uncommitted claim of a writer that is no longer making it as padding.
   */
  private abandonClaim(pos: number, end: number): void {
    const undone = Atomics.compareExchange(this.cursor, CURSOR_INDEX, BigInt(end), BigInt(pos)) === BigInt(end);
    if (!undone) this.control.bumpStat(Offset.STAT_CLAIMS_ABANDONED);
    this.slotF64[this.claimPosIndex] = IDLE;
    this.slotF64[this.floorIndex] = IDLE;
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

  private trimIfAlone(releaseSlot: boolean): boolean {
    lockLifecycle(this.controlFd, this.controlPath);
    try {
      const alone = this.control.otherLiveWriters(this.slotIndex).length === 0;
      if (alone) {
        this.store.truncate(this.control.cursor());
        this.control.bumpStat(Offset.STAT_TRIMS);
      }
      if (releaseSlot) this.control.releaseSlot(this.slotIndex);
      return alone;
    } finally {
      unlockLifecycle(this.controlFd, this.controlPath);
    }
  }

  /**
   * Closes the log. The last writer to close trims the preallocated tail.
   * Calling it again does nothing.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    openLogs.delete(this);
    try {
      this.trimIfAlone(true);
    } finally {
      this.store.close();
      native.unmap(this.control.buffer);
      closeSync(this.controlFd);
    }
  }

  /** Whether {@link close} has been called. */
  get isClosed(): boolean {
    return this.closed;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}

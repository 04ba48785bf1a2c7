/**
 * The shared control block: typed, atomic access to a mapped control file.
 * Every process and thread that has the log open maps the same pages, so the
 * `Atomics` used here are real cross-process atomics.
 * @module
 */
import { closeSync } from 'node:fs';
import { Flag, FREE_PID, HeaderField, IDLE, Offset, SlotOffset, SlotRole, slotOffset } from '../layout/control.js';
import { native } from '../native/binding.js';
import type { LogIdentity } from './header.js';
import { BOOT_ID, BOOT_WORDS, isProcessAlive, SELF_START_TIME } from './processIdentity.js';

const I64 = 8;
const I32 = 4;

/** A view of one writer slot, as read by an observer. */
export interface SlotSnapshot {
  index: number;
  pid: number;
  threadId: number;
  startTime: number;
  role: number;
  claimFloor: number;
  claimPos: number;
  claimLen: number;
  openedAt: number;
  /**
   * Whether the owning process is still running: it ran in this boot of the
   * machine, and a process with its pid and start time exists.
   */
  alive: boolean;
}

/** Typed access to a mapped control file. */
export class ControlBlock {
  readonly buffer: SharedArrayBuffer;
  readonly identity: LogIdentity;
  /** Views over the whole control file, for atomics. */
  readonly i32: Int32Array;
  readonly i64: BigInt64Array;
  readonly f64: Float64Array;

  constructor(buffer: SharedArrayBuffer, identity: LogIdentity) {
    this.buffer = buffer;
    this.identity = identity;
    this.i32 = new Int32Array(buffer);
    this.i64 = new BigInt64Array(buffer);
    this.f64 = new Float64Array(buffer);
  }

  /** Unmaps this control block and closes its file descriptor. */
  close(fd: number): void {
    native.unmap(this.buffer);
    closeSync(fd);
  }

  /** The next free position: everything below has been claimed. */
  cursor(): number {
    return Number(Atomics.load(this.i64, Offset.CURSOR / I64));
  }

  /** Bytes of the data file known to be allocated. */
  allocated(): number {
    return Number(Atomics.load(this.i64, Offset.ALLOCATED / I64));
  }

  /** Raises ALLOCATED to `size` unless it is already larger; never lowers it. */
  raiseAllocated(size: number): void {
    this.raise(Offset.ALLOCATED, size);
  }

  /** Raises the i64 field at byte `offset` to `value` unless it is already larger (a CAS-max). */
  raise(offset: number, value: number): void {
    const target = BigInt(value);
    let seen = Atomics.load(this.i64, offset / I64);
    while (seen < target) {
      const prior = Atomics.compareExchange(this.i64, offset / I64, seen, target);
      if (prior === seen) return;
      seen = prior;
    }
  }

  /**
   * Lowers ALLOCATED from `seen` to `size` unless it changed meanwhile. For an
   * ALLOCATED found above the real file size (a trim interrupted between
   * setting it and cutting the file, or a file cut outside mmlog).
   */
  lowerAllocated(seen: number, size: number): void {
    Atomics.compareExchange(this.i64, Offset.ALLOCATED / I64, BigInt(seen), BigInt(size));
  }

  /** Sets ALLOCATED exactly; only under the lifecycle lock with no other live writer (trim). */
  resetAllocated(size: number): void {
    Atomics.store(this.i64, Offset.ALLOCATED / I64, BigInt(size));
  }

  /** Sets the cursor exactly; only by recovery, under its lock, with no other live writer. */
  resetCursor(pos: number): void {
    Atomics.store(this.i64, Offset.CURSOR / I64, BigInt(pos));
  }

  /** The committed watermark: every claim below it is complete. */
  committed(): number {
    return Number(Atomics.load(this.i64, Offset.COMMITTED / I64));
  }

  /** Raises the committed watermark to `pos` unless it is already higher. */
  raiseCommitted(pos: number): void {
    this.raise(Offset.COMMITTED, pos);
  }

  /** Sets the committed watermark exactly; only by recovery, under its lock. */
  resetCommitted(pos: number): void {
    Atomics.store(this.i64, Offset.COMMITTED / I64, BigInt(pos));
  }

  /**
   * Whether the log was last opened (created or recovered) in this boot of
   * the machine. Otherwise the machine rebooted (or crashed) since, and every
   * process recorded in the slots is gone.
   */
  openedInThisBoot(): boolean {
    return BOOT_ID.equals(this.bootIdBytes());
  }

  /** Records this boot of the machine as the one the log was last opened in. */
  recordBootId(): void {
    BOOT_ID.copy(this.bootIdBytes());
  }

  private bootIdBytes(): Buffer {
    return Buffer.from(this.buffer, Offset.BOOT_ID, HeaderField.BOOT_ID.size);
  }

  flags(): number {
    return Atomics.load(this.i32, Offset.FLAGS / I32);
  }

  setFlag(flag: number): void {
    Atomics.or(this.i32, Offset.FLAGS / I32, flag);
  }

  clearFlag(flag: number): void {
    Atomics.and(this.i32, Offset.FLAGS / I32, ~flag);
  }

  get dataReady(): boolean {
    return (this.flags() & Flag.DATA_READY) !== 0;
  }

  /** Adds `n` to a u32 statistic. */
  bumpStat(offset: number, n = 1): void {
    Atomics.add(this.i32, offset / I32, n);
  }

  stat(offset: number): number {
    return Atomics.load(this.i32, offset / I32) >>> 0;
  }

  // ------------------------------------------------------------------ slots

  /**
   * Whether slot `index` was taken in this boot of the machine. A slot of an
   * earlier boot belongs to a dead process whatever its pid and start time say
   * (after a reboot both are reused). A slot with no boot tag (written by an
   * earlier build) is judged by the header's boot id.
   */
  slotOfThisBoot(index: number): boolean {
    const at = (this.slotOffset(index) + SlotOffset.BOOT_TAG) / I32;
    const lo = Atomics.load(this.i32, at);
    const hi = Atomics.load(this.i32, at + 1);
    if (lo === 0 && hi === 0) return this.openedInThisBoot();
    return lo === BOOT_WORDS[0] && hi === BOOT_WORDS[1];
  }

  /**
   * Whether the owner of slot `index` (pid and start time as given) is a
   * running process of this boot and, for a slot of this process, a thread
   * that is not torn down (which only this process can tell).
   */
  ownerAlive(index: number, pid: number, startTime: number): boolean {
    if (pid === FREE_PID || !this.slotOfThisBoot(index) || !isProcessAlive(pid, startTime)) return false;
    if (pid !== process.pid) return true;
    return native.isThreadAlive(this.i32[(this.slotOffset(index) + SlotOffset.THREAD_ID) / I32]);
  }

  /** Byte offset of slot `index`. */
  slotOffset(index: number): number {
    return slotOffset(index);
  }

  /** Reads one slot; `alive` checks the owner process. */
  readSlot(index: number): SlotSnapshot {
    const base = this.slotOffset(index);
    const pid = Atomics.load(this.i32, (base + SlotOffset.PID) / I32);
    const startTime = this.f64[(base + SlotOffset.START_TIME) / I64];
    const threadId = this.i32[(base + SlotOffset.THREAD_ID) / I32];
    return {
      index,
      pid,
      threadId,
      startTime,
      role: this.i32[(base + SlotOffset.ROLE) / I32],
      claimFloor: this.f64[(base + SlotOffset.CLAIM_FLOOR) / I64],
      claimPos: this.f64[(base + SlotOffset.CLAIM_POS) / I64],
      claimLen: this.f64[(base + SlotOffset.CLAIM_LEN) / I64],
      openedAt: this.f64[(base + SlotOffset.OPENED_AT) / I64],
      alive: this.ownerAlive(index, pid, startTime),
    };
  }

  /** Snapshots of every occupied slot. */
  occupiedSlots(): SlotSnapshot[] {
    const slots: SlotSnapshot[] = [];
    for (let i = 0; i < this.identity.slotCount; i++) {
      if (Atomics.load(this.i32, (this.slotOffset(i) + SlotOffset.PID) / I32) !== FREE_PID)
        slots.push(this.readSlot(i));
    }
    return slots;
  }

  /**
   * Takes a free slot, or the slot of a dead process, for this thread.
   * Returns the slot index, or -1 when every slot belongs to a live owner
   * (or, unless `takeDeadClaims`, to a live owner or a dead one caught
   * mid-claim, whose claim the caller should let recovery settle first).
   */
  acquireSlot(role: number, threadId: number, takeDeadClaims = true): number {
    for (let pass = 0; pass < (takeDeadClaims ? 3 : 2); pass++) {
      for (let i = 0; i < this.identity.slotCount; i++) {
        const pidIndex = (this.slotOffset(i) + SlotOffset.PID) / I32;
        const owner = Atomics.load(this.i32, pidIndex);
        let expected = FREE_PID;
        if (owner !== FREE_PID) {
          // First pass: free slots only. Then dead owners: idle ones first, and
          // only last those caught mid-claim, whose slot is what tells readers
          // and recovery that the claim's bytes are a dead writer's (not lost data).
          if (pass === 0) continue;
          const snapshot = this.readSlot(i);
          if (snapshot.alive || snapshot.pid !== owner) continue;
          if (pass === 1 && snapshot.claimFloor !== IDLE) continue;
          expected = owner;
        }
        // Clear the fields before publishing ownership is not enough on its
        // own (another reclaimer may race), so ownership is taken first and
        // the fields are written by the winner only.
        if (Atomics.compareExchange(this.i32, pidIndex, expected, process.pid) !== expected) continue;
        if (expected !== FREE_PID) this.bumpStat(Offset.STAT_SLOTS_RECLAIMED);
        const base = this.slotOffset(i);
        this.f64[(base + SlotOffset.START_TIME) / I64] = SELF_START_TIME;
        this.i32[(base + SlotOffset.BOOT_TAG) / I32] = BOOT_WORDS[0];
        this.i32[(base + SlotOffset.BOOT_TAG) / I32 + 1] = BOOT_WORDS[1];
        this.i32[(base + SlotOffset.THREAD_ID) / I32] = threadId;
        this.i32[(base + SlotOffset.ROLE) / I32] = role;
        this.i32[(base + SlotOffset.SYNCING) / I32] = 0;
        this.f64[(base + SlotOffset.CLAIM_FLOOR) / I64] = IDLE;
        this.f64[(base + SlotOffset.CLAIM_POS) / I64] = IDLE;
        this.f64[(base + SlotOffset.CLAIM_LEN) / I64] = 0;
        this.f64[(base + SlotOffset.OPENED_AT) / I64] = Date.now();
        this.holdSlot(i, threadId);
        return i;
      }
    }
    return -1;
  }

  /**
   * Registers slot `index`, taken by this thread, so that it is freed if the
   * thread is torn down still holding it (a worker thread that exits or is
   * terminated without closing its logs).
   */
  holdSlot(index: number, threadId: number): void {
    native.holdSlot(this.buffer, this.slotOffset(index), threadId);
  }

  /** Gives slot `index` back; the caller must own it. */
  releaseSlot(index: number): void {
    const base = this.slotOffset(index);
    native.unholdSlot(this.buffer, base);
    this.f64[(base + SlotOffset.CLAIM_FLOOR) / I64] = IDLE;
    this.f64[(base + SlotOffset.CLAIM_POS) / I64] = IDLE;
    this.i32[(base + SlotOffset.ROLE) / I32] = SlotRole.NONE;
    Atomics.store(this.i32, (base + SlotOffset.SYNCING) / I32, 0);
    Atomics.store(this.i32, (base + SlotOffset.PID) / I32, FREE_PID);
  }

  /** Live writers other than slot `except`. */
  otherLiveWriters(except: number): SlotSnapshot[] {
    return this.occupiedSlots().filter((s) => s.index !== except && s.alive && s.role === SlotRole.WRITER);
  }
}

/**
 * The shared words of group commit (header line 4 and each slot's SYNCING):
 * the durable watermark, the highest position anyone waits for, the futex
 * word sync waiters sleep on, who leads, which writers sync, and whether a
 * sync failed. What to do with them is `durability/groupCommit.ts`; this
 * module only reads and writes them, each in the one way the protocol allows.
 * @module
 */
import { Flag, FREE_PID, Offset, SlotOffset, SyncingBit } from '../layout/control.js';
import { type FutexResult, native } from '../native/binding.js';
import type { ControlBlock } from './controlBlock.js';

const I64 = 8;
const I32 = 4;
/** A futex wake count that wakes every sleeper. */
const WAKE_ALL = 0x7fffffff;

/** The durable watermark: every record below it is on stable storage. */
export function durable(control: ControlBlock): number {
  return Number(Atomics.load(control.i64, Offset.DURABLE / I64));
}

/** Raises the durable watermark to `pos` (never lowers it); only after the sync that covered `pos` succeeded. */
export function raiseDurable(control: ControlBlock, pos: number): void {
  control.raise(Offset.DURABLE, pos);
}

/** Sets the durable watermark exactly: only recovery, which proved what the files hold. */
export function resetDurable(control: ControlBlock, pos: number): void {
  Atomics.store(control.i64, Offset.DURABLE / I64, BigInt(pos));
}

/** The highest position some waiter asked to be made durable. */
export function syncRequested(control: ControlBlock): number {
  return Number(Atomics.load(control.i64, Offset.SYNC_REQUESTED / I64));
}

/** Asks, for every process, that everything below `pos` be made durable. */
export function requestSync(control: ControlBlock, pos: number): void {
  control.raise(Offset.SYNC_REQUESTED, pos);
}

/** The value to hand {@link waitForSync}, read before the last check of the watermark. */
export function syncSeq(control: ControlBlock): number {
  return Atomics.load(control.i32, Offset.DURABLE_SEQ / I32);
}

/** Wakes every process waiting for a sync: the watermark rose, a sync failed, or the leader stepped down. */
export function wakeSyncWaiters(control: ControlBlock): void {
  Atomics.add(control.i32, Offset.DURABLE_SEQ / I32, 1);
  native.futexWake(control.buffer, Offset.DURABLE_SEQ, WAKE_ALL);
}

/**
 * Sleeps, off the event loop, until a {@link wakeSyncWaiters} after `seq`
 * was read finds the durable watermark at `target` or more, nobody leading,
 * or a sync failed (`'ok'`; also when the control file is unmapped); or
 * until `timeoutMs` passes (`'timed-out'`). The other wakes (a round that
 * covered only other processes' records) never reach JavaScript.
 */
export function waitForSync(
  control: ControlBlock,
  seq: number,
  target: number,
  timeoutMs: number,
): Promise<FutexResult> {
  const until = new Float64Array([Offset.DURABLE, target, Offset.SYNC_LEADER, Offset.FLAGS, Flag.SYNC_FAILED]);
  return native.futexWaitAsync(control.buffer, Offset.DURABLE_SEQ, seq, timeoutMs, until);
}

/** The errno of the sync that failed, or 0 if none did (or the failure was cleared by recovery). */
export function syncFailure(control: ControlBlock): number {
  if ((control.flags() & Flag.SYNC_FAILED) === 0) return 0;
  return Atomics.load(control.i32, Offset.SYNC_ERRNO / I32) || -1;
}

/** Records a failed sync: from now on no sync succeeds, until recovery clears it. */
export function markSyncFailed(control: ControlBlock, errno: number): void {
  Atomics.store(control.i32, Offset.SYNC_ERRNO / I32, errno);
  control.setFlag(Flag.SYNC_FAILED);
}

/** Clears a failed sync: only recovery, once it has written and synced the pages again. */
export function clearSyncFailure(control: ControlBlock): void {
  control.clearFlag(Flag.SYNC_FAILED);
  Atomics.store(control.i32, Offset.SYNC_ERRNO / I32, 0);
}

function syncingIndex(control: ControlBlock, slot: number): number {
  return (control.slotOffset(slot) + SlotOffset.SYNCING) / I32;
}

/**
 * Takes the lead of the group commit for the writer of `slot`, if nobody
 * leads: marks the slot first, so that a leader named by syncLeader always
 * has its mark (a slot freed and taken again has none).
 */
export function takeLead(control: ControlBlock, slot: number, from = 0): boolean {
  Atomics.or(control.i32, syncingIndex(control, slot), SyncingBit.LEADS);
  if (Atomics.compareExchange(control.i32, Offset.SYNC_LEADER / I32, from, slot + 1) === from) return true;
  Atomics.and(control.i32, syncingIndex(control, slot), ~SyncingBit.LEADS);
  return false;
}

/** Gives the lead back (if `slot` still has it) and clears the slot's mark. */
export function giveUpLead(control: ControlBlock, slot: number): void {
  Atomics.compareExchange(control.i32, Offset.SYNC_LEADER / I32, slot + 1, 0);
  Atomics.and(control.i32, syncingIndex(control, slot), ~SyncingBit.LEADS);
}

/** Marks the writer of `slot` as one that syncs (see {@link SyncingBit.SYNCS}). */
export function markSyncs(control: ControlBlock, slot: number): void {
  Atomics.or(control.i32, syncingIndex(control, slot), SyncingBit.SYNCS);
}

/** Whether a live writer of the log syncs: then every writer takes small pages (see {@link SyncingBit.SYNCS}). */
export function syncingWriterAlive(control: ControlBlock): boolean {
  for (let slot = 0; slot < control.identity.slotCount; slot++) {
    if ((Atomics.load(control.i32, syncingIndex(control, slot)) & SyncingBit.SYNCS) === 0) continue;
    const base = control.slotOffset(slot);
    const pid = Atomics.load(control.i32, (base + SlotOffset.PID) / I32);
    if (pid !== FREE_PID && control.ownerAlive(slot, pid, control.f64[(base + SlotOffset.START_TIME) / I64])) {
      return true;
    }
  }
  return false;
}

/** The syncLeader word as it is: 0, or a slot index + 1. */
export function leaderWord(control: ControlBlock): number {
  return Atomics.load(control.i32, Offset.SYNC_LEADER / I32);
}

/**
 * Whether the leader named by `word` is gone: the word names no slot, the
 * slot is free or not marked as leading, or its owner (process, or thread of
 * this process) is dead.
 */
export function leaderGone(control: ControlBlock, word: number): boolean {
  if (word === 0) return false;
  const slot = word - 1;
  if (slot < 0 || slot >= control.identity.slotCount) return true;
  if ((Atomics.load(control.i32, syncingIndex(control, slot)) & SyncingBit.LEADS) === 0) return true;
  const base = control.slotOffset(slot);
  const pid = Atomics.load(control.i32, (base + SlotOffset.PID) / I32);
  if (pid === FREE_PID) return true;
  return !control.ownerAlive(slot, pid, control.f64[(base + SlotOffset.START_TIME) / I64]);
}

/** Records how long one group commit took. */
export function recordSyncTime(control: ControlBlock, ms: number): void {
  const f64 = control.f64;
  f64[Offset.STAT_SYNCS / I64] += 1;
  f64[Offset.STAT_SYNC_TOTAL_MS / I64] += ms;
  f64[Offset.STAT_SYNC_LAST_MS / I64] = ms;
  if (ms > f64[Offset.STAT_SYNC_MAX_MS / I64]) f64[Offset.STAT_SYNC_MAX_MS / I64] = ms;
}

/** The sync statistics. */
export function syncStats(control: ControlBlock): { syncs: number; totalMs: number; lastMs: number; maxMs: number } {
  const f64 = control.f64;
  return {
    syncs: f64[Offset.STAT_SYNCS / I64],
    totalMs: f64[Offset.STAT_SYNC_TOTAL_MS / I64],
    lastMs: f64[Offset.STAT_SYNC_LAST_MS / I64],
    maxMs: f64[Offset.STAT_SYNC_MAX_MS / I64],
  };
}

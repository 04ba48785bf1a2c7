/**
 * Who owns a claim nobody has committed? The answer decides whether a reader
 * waits (a live writer is making it) or moves past it (its writer is dead).
 *
 * A writer stores `claimFloor` (a lower bound of the position it will get)
 * before its fetch-add, and `claimPos`/`claimLen` right after. So for an
 * uncommitted position `p` below the cursor:
 * - a live slot with `claimPos == p`, or with `claimPos` unknown and
 *   `claimFloor <= p`, may be its owner: wait (and report it if it is stopped);
 * - a dead slot with `claimPos == p` is its owner, and gives its exact extent;
 * - a slot whose claim `[claimPos, claimPos + claimLen)` holds `p` inside
 *   it owns `p` too (live: wait; dead: the claim's rest is padded as its).
 *   A reader stands there only when part of the claim is behind it: the
 *   head of a segment whose crossing claim's writer is late (the seal of
 *   that segment activated it with its first record at its base), or a dead
 *   claim across a segment's end that another reader has padded up to that
 *   end and not yet past it;
 * - a dead slot with `claimPos` unknown and `claimFloor <= p` may be its
 *   owner, which died between its fetch-add and storing `claimPos`: the
 *   extent is found by scanning forward;
 * - otherwise no writer's claim accounts for it: it is a claim whose slot was
 *   reused since, or bytes that were lost (zeroed or stale pages after an OS
 *   crash), and is reported as such.
 * Liveness is pid + process start time, so a reused pid is not mistaken for
 * the dead writer, and a slot taken in an earlier boot of the machine is dead
 * whatever its pid and start time (both are reused after a reboot).
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { isProcessAlive, isProcessStopped } from '../control/processIdentity.js';
import { FREE_PID, IDLE, SlotOffset, slotOffset } from '../layout/control.js';

/** The verdict on an uncommitted position. */
export type ClaimVerdict =
  /** A live writer may be writing it: wait. */
  | { kind: 'live'; pid: number; stopped: boolean }
  /**
   * Its writer is dead and the slot says how long the claim is, from the
   * position judged on; `claimStarts` and `liveFloors` as for an orphan (the
   * extent stops at them: a slot's record is trusted no further than the
   * other slots allow).
   */
  | { kind: 'dead'; length: number; claimStarts: number[]; liveFloors: number[] }
  /**
   * No live writer can own it; its length is unknown (scan for the next
   * frame). `accounted`: a dead writer may have claimed it (its slot shows a
   * claim in progress at or below it); otherwise nothing explains the gap.
   * `accountedBy`: how many dead writers' slots do (each made one claim at
   * most, of one frame at most).
   * `claimStarts`: where the claims in progress that slots record start
   * (live writers' and dead ones'), record boundaries the range must stop
   * at: a dead claim past it is settled on its own terms (one that crossed
   * a segment's end is a roll that recovery finishes); `liveFloors`: the
   * floors of live writers that have not stored their claim's position yet.
   */
  | { kind: 'orphan'; claimStarts: number[]; liveFloors: number[]; accounted: boolean; accountedBy: number };

const aliveCache = new Map<string, { alive: boolean; at: number }>();
const ALIVE_TTL_MS = 100;

/** Liveness of the owner of slot `index`: of this boot, and its pid and start time match. */
function alive(control: ControlBlock, index: number, pid: number, startTime: number): boolean {
  if (!control.slotOfThisBoot(index)) return false;
  const key = `${pid}:${startTime}`;
  const now = Date.now();
  const cached = aliveCache.get(key);
  if (cached !== undefined && now - cached.at < ALIVE_TTL_MS) return cached.alive;
  const result = isProcessAlive(pid, startTime);
  aliveCache.set(key, { alive: result, at: now });
  if (aliveCache.size > 4096) aliveCache.clear();
  return result;
}

/** Judges the uncommitted position `pos`. */
export function judgeClaim(control: ControlBlock, pos: number): ClaimVerdict {
  const { i32, f64 } = control;
  let dead: number | undefined;
  let accountedBy = 0;
  const claimStarts: number[] = [];
  const liveFloors: number[] = [];
  for (let i = 0; i < control.identity.slotCount; i++) {
    const base = slotOffset(i);
    const pid = Atomics.load(i32, (base + SlotOffset.PID) / 4);
    if (pid === FREE_PID) continue;
    const floor = f64[(base + SlotOffset.CLAIM_FLOOR) / 8];
    if (floor === IDLE) continue;
    const claimPos = f64[(base + SlotOffset.CLAIM_POS) / 8];
    // Read after claimPos: a writer stores a claim's length before its position.
    const claimEnd = claimPos === IDLE ? IDLE : claimPos + f64[(base + SlotOffset.CLAIM_LEN) / 8];
    const owns = claimPos === pos || (claimPos === IDLE ? floor <= pos : claimPos < pos && pos < claimEnd);
    if (claimPos !== IDLE) claimStarts.push(claimPos);
    if (alive(control, i, pid, f64[(base + SlotOffset.START_TIME) / 8])) {
      if (owns) return { kind: 'live', pid, stopped: isProcessStopped(pid) };
      if (claimPos === IDLE) liveFloors.push(floor);
    } else if (owns) {
      accountedBy++;
      if (claimPos !== IDLE) dead = claimEnd - pos;
    }
  }
  if (dead !== undefined && dead > 0) return { kind: 'dead', length: dead, claimStarts, liveFloors };
  return { kind: 'orphan', claimStarts, liveFloors, accounted: accountedBy > 0, accountedBy };
}

/**
 * Whether a writer's claim, live or dead, accounts for a position a reader
 * stopped at (a live writer's append in progress, or a dead writer's claim
 * that may run past the end of its file): not damage.
 */
export function claimExplains(verdict: ClaimVerdict): boolean {
  return verdict.kind !== 'orphan' || verdict.accounted;
}

/** Whether any live process holds a writer slot (slot `except` aside). */
export function anyLiveWriter(control: ControlBlock, except?: number): boolean {
  const { i32, f64 } = control;
  for (let i = 0; i < control.identity.slotCount; i++) {
    if (i === except) continue;
    const base = slotOffset(i);
    const pid = Atomics.load(i32, (base + SlotOffset.PID) / 4);
    if (pid !== FREE_PID && alive(control, i, pid, f64[(base + SlotOffset.START_TIME) / 8])) return true;
  }
  return false;
}

/**
 * The raw-format committed watermark: every byte below it belongs to a
 * completed claim. It is the cursor, lowered to the claim of every live
 * writer in the middle of an append (dead writers' claims do not hold it back:
 * raw data has no framing to mark them, so their bytes are returned as they are).
 */
export function rawCommitted(control: ControlBlock): number {
  // Read the cursor first: a writer that claims after this read claims above it.
  let watermark = control.cursor();
  const { i32, f64 } = control;
  for (let i = 0; i < control.identity.slotCount; i++) {
    const base = slotOffset(i);
    const pid = Atomics.load(i32, (base + SlotOffset.PID) / 4);
    if (pid === FREE_PID) continue;
    const floor = f64[(base + SlotOffset.CLAIM_FLOOR) / 8];
    if (floor === IDLE || floor >= watermark) continue;
    if (!alive(control, i, pid, f64[(base + SlotOffset.START_TIME) / 8])) continue;
    const claimPos = f64[(base + SlotOffset.CLAIM_POS) / 8];
    watermark = Math.min(watermark, claimPos === IDLE ? floor : claimPos);
  }
  return watermark;
}

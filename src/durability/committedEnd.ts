/**
 * How far a sync may raise the durable watermark: the committed end, below
 * which every live writer's claim is complete.
 *
 * The cursor is read first, then every slot. A claim below that cursor was
 * made (its fetch-add done) before the read, so its writer had already
 * stored its CLAIM_FLOOR: the slot shows either the claim's position
 * (CLAIM_POS), or at least its floor, or nothing because the record is
 * complete. The committed end is the cursor, lowered to the lowest claim (or
 * floor) still in progress. Every value it can take — the cursor, a claim's
 * position, a floor (the end of the writer's previous claim) — is a record
 * boundary, so a watermark raised to it never ends inside a record.
 *
 * Claims of dead writers never complete; they are not records (readers pad
 * over them), so they do not hold the watermark back. Nor does a claim
 * shown in a slot of this very thread: an append runs start to end without
 * yielding, so while this code runs no append of this thread is in
 * progress, and such a slot (a damaged or forged one) will never complete.
 * @module
 */
import { threadId } from 'node:worker_threads';
import type { ControlBlock } from '../control/controlBlock.js';
import { FREE_PID, IDLE, SlotOffset } from '../layout/control.js';

const I64 = 8;
const I32 = 4;

/** The committed end of the log now (see the module description). */
export function committedEnd(control: ControlBlock): number {
  let end = control.cursor();
  const { i32, f64 } = control;
  for (let i = 0; i < control.identity.slotCount; i++) {
    const base = control.slotOffset(i);
    const pid = Atomics.load(i32, (base + SlotOffset.PID) / I32);
    if (pid === FREE_PID) continue;
    const floor = f64[(base + SlotOffset.CLAIM_FLOOR) / I64];
    if (floor === IDLE) continue;
    const claimPos = f64[(base + SlotOffset.CLAIM_POS) / I64];
    const from = claimPos === IDLE ? floor : claimPos;
    if (from >= end) continue;
    if (pid === process.pid && i32[(base + SlotOffset.THREAD_ID) / I32] === threadId) continue;
    if (control.ownerAlive(i, pid, f64[(base + SlotOffset.START_TIME) / I64])) end = from;
  }
  return end;
}

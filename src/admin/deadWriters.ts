/**
 * What recovery does about dead writers' claims beyond what its walk pads:
 * a raw log's dead claims blanked (it has no frames to pad with), and the
 * slots of dead writers freed once their claims are resolved.
 * @module
 */
import { writeSync } from 'node:fs';
import type { ControlBlock } from '../control/controlBlock.js';
import { processStartTime } from '../control/processIdentity.js';
import { FREE_PID, IDLE, SlotOffset } from '../layout/control.js';
import type { LogReader } from '../reading/logReader.js';
import { blankLine } from '../storage/fillerFrame.js';

/**
 * Raw data has no frames to mark a dead writer's claim; when its slot
 * recorded the extent, the claim becomes spaces ending in a newline — a blank
 * line in a text log — instead of NUL bytes or half a record. A claim past
 * the end of the file (its writer died before growing it) is written too,
 * extending the file, so that readers waiting there move on; if the disk is
 * full it is left for a later run.
 */
export function blankDeadRawClaims(reader: LogReader): number {
  const { control, window } = reader;
  let blanked = 0;
  for (const slot of control.occupiedSlots()) {
    if (slot.alive || slot.claimFloor === IDLE || slot.claimPos === IDLE || slot.claimLen <= 0) continue;
    if (slot.claimPos + slot.claimLen > control.cursor()) continue;
    // A claim across a segment's end was a roll: finishDeadRolls settled it.
    if (window.regionEnd(slot.claimPos) < slot.claimPos + slot.claimLen) continue;
    const filler = blankLine(slot.claimLen);
    try {
      const file = window.fileAt(slot.claimPos);
      if (file === undefined) continue;
      writeSync(file.fd, filler, 0, filler.length, slot.claimPos - file.base);
    } catch {
      continue;
    }
    blanked++;
  }
  return blanked;
}

/**
 * Frees the slots of dead writers (after a reboot: every slot of the previous
 * boot) whose claims are resolved: behind `resolvedTo` (where the walk
 * stopped), or past the cursor (cut). A dead claim still ahead of the walk
 * keeps its slot, which tells later readers that the gap is a dead writer's
 * claim and not lost data. A writer that died between its fetch-add and
 * storing its claim's position left only a lower bound (its floor): its
 * claim lies somewhere below the cursor, so it is resolved only once the
 * walk reached the cursor.
 */
export function clearResolvedSlots(control: ControlBlock, resolvedTo: number, framed: boolean): number {
  let cleared = 0;
  const slots = control.occupiedSlots();
  // Read after the slots: a writer seen dead there claimed below it.
  const cursor = control.cursor();
  for (const slot of slots) {
    if (slot.alive) continue;
    if (framed && slot.claimFloor !== IDLE) {
      const unresolved =
        slot.claimPos === IDLE
          ? slot.claimFloor < cursor && resolvedTo < cursor
          : slot.claimPos >= resolvedTo && slot.claimPos < cursor;
      if (unresolved) continue;
    }
    // A slot of this boot whose pid is running (with another start time) may be one a writer is taking
    // this instant: its pid is published before its start time. Freeing it would hide that writer's
    // claims from readers; a pid merely reused by another program keeps the slot a while longer.
    if (control.slotOfThisBoot(slot.index) && processStartTime(slot.pid) !== undefined) continue;
    const base = control.slotOffset(slot.index);
    if (Atomics.compareExchange(control.i32, (base + SlotOffset.PID) / 4, slot.pid, FREE_PID) === slot.pid) cleared++;
  }
  return cleared;
}

/**
 * Recovery of rolls a dead writer left half done (segmented logs). A roll is
 * an ordinary claim of the writer that ended the segment (see
 * `writing/segmentRoll.ts`), so a writer killed at any step leaves its slot
 * recording that claim, and what is left to do follows from it:
 *
 * - a claim that crosses a boundary `B` (a roll by size): the filler at the
 *   head of the next segment (`[B, end)`) if it is not there, the seal of
 *   the ended segment at the claim's start, and the next segment's
 *   activation;
 * - a segment the cursor is in that the ring does not describe (killed
 *   between seal and activation, or before either): it is activated now.
 *
 * Each step is idempotent, so a second run changes nothing. A roll by time
 * killed before its seal is a claim ending exactly at `B`: readers pad it
 * (framed) and recovery blanks it (raw) like any dead claim, and the
 * segment simply runs to its end.
 * @module
 */
import { closeSync, writeSync } from 'node:fs';
import { SegmentRing } from '../control/segmentRing.js';
import { IDLE, Offset } from '../layout/control.js';
import { LEN_WORD_OFFSET } from '../layout/frame.js';
import { logIdRegister } from '../native/crc32c.js';
import type { LogReader } from '../reading/logReader.js';
import { blankLine, writePadding } from '../storage/fillerFrame.js';
import { logFileMode } from '../storage/logPaths.js';
import { openSegment, recordSeal } from '../storage/segmentFiles.js';
import { indexFirstRecord } from '../storage/segmentIndex.js';

/**
 * Finishes the rolls of dead writers' claims (see the module description)
 * and returns how many; `ownSlot` (the opener's) is not a dead writer's.
 */
export function finishDeadRolls(reader: LogReader, dir: string, ownSlot: number | undefined): number {
  const { control, window } = reader;
  const ring = new SegmentRing(control);
  const identity = control.identity;
  const cursor = control.cursor();
  // Files recovery creates take the log's own permission bits (its control file's).
  const mode = logFileMode(dir);
  let finished = 0;
  for (const slot of control.occupiedSlots()) {
    if (slot.alive || slot.index === ownSlot) continue;
    if (slot.claimFloor === IDLE || slot.claimPos === IDLE || slot.claimLen <= 0) continue;
    const pos = slot.claimPos;
    const end = pos + slot.claimLen;
    const k = ring.segmentOf(pos);
    const boundary = ring.baseOf(k + 1);
    if (end <= boundary || end > cursor) continue;
    // The head of the next segment: created if the writer died before that (allocated whole, as writers do).
    closeSync(openSegment(dir, ring, k + 1, mode, true));
    if (identity.format === 'framed') {
      window.cover(boundary);
      if (Atomics.load(window.i32, (boundary - window.base + LEN_WORD_OFFSET) >>> 2) === 0) {
        writePadding(window, boundary, end - boundary, logIdRegister(identity.logIdLo, identity.logIdHi) >>> 0);
        control.bumpStat(Offset.STAT_CLAIMS_PADDED);
      }
    } else {
      const file = window.fileAt(boundary);
      if (file !== undefined) {
        const filler = blankLine(end - boundary);
        writeSync(file.fd, filler, 0, filler.length, boundary - file.base);
      }
    }
    // An entry the ring has handed to a later segment is not this roll's to write (the ring writes
    // nothing of a forgotten segment): the index answers for it, and the later segment's entry stands.
    if (!ring.describes(k + 1)) {
      indexFirstRecord(dir, k + 1, boundary, end, mode);
      ring.activate(k + 1, Date.now(), end);
    }
    if (ring.sealEnd(k) < 0) recordSeal(dir, ring, k, pos, mode);
    finished++;
  }
  // A segment the cursor passed into whose first claim's writer died before starting it (or is late).
  const active = ring.segmentOf(cursor);
  if (cursor > ring.baseOf(active) && !ring.describes(active)) {
    ring.activateUnstarted(active, Date.now());
    finished++;
  }
  return finished;
}

/**
 * Recovery: bringing a log back to a clean state after a process crash or an
 * OS crash, without ever dropping a record that was complete.
 *
 * - From the last known-good point (the committed watermark), every claim is
 *   walked: dead writers' claims become padding (framed) or a blank line
 *   (raw, when the slot recorded the claim's extent). A framed gap that no
 *   writer's claim accounts for — bytes of complete records that never reached
 *   the disk, zeroed or stale pages — is lost data: it becomes a LOST frame,
 *   which `verify` keeps reporting, and so does a corrupt range padded over.
 *   Every range padded is listed in the report.
 * - With no live writer, the tail is settled too: after an OS crash the
 *   control file may lag the data (the cursor is raised over complete frames
 *   found beyond it) or lead it (claims that never reached the disk are cut),
 *   and bytes beyond the new cursor are zeroed so that later appends never
 *   land next to stale garbage. Corrupt frames are padded over only on request
 *   (`mmlog recover`) or after an OS crash, where torn pages are expected.
 * - It runs under an exclusive lock on the control file: run twice, or by two
 *   processes at once, it gives the same result, the second run changing
 *   nothing.
 *
 * This module runs it and reports; the tail is settled in `tailSettling.ts`,
 * raw dead claims and dead writers' slots in `deadWriters.ts`, the rolls of
 * a segmented log in `segmentRecovery.ts`.
 * @module
 */
import { closeSync, constants as fsConstants, openSync } from 'node:fs';
import type { ControlBlock } from '../control/controlBlock.js';
import { durable, resetDurable } from '../control/syncWords.js';
import { restoreAfterSyncFailure } from '../durability/syncRestore.js';
import { ErrorCode, MmlogError } from '../errors.js';
import { Flag, IDLE, Offset } from '../layout/control.js';
import { CRC_OFFSET, HEADER_SIZE, LEN_WORD_OFFSET, lenWordOf, MAX_PADDING_SIZE, RecordType } from '../layout/frame.js';
import { native } from '../native/binding.js';
import { frameSeed, logIdRegister } from '../native/crc32c.js';
import { anyLiveWriter } from '../reading/claims.js';
import { checkFrame, FrameState } from '../reading/frameCheck.js';
import { LogReader } from '../reading/logReader.js';
import { type ByteRange, CAUGHT_UP, type PaddedRange, PENDING } from '../reading/readerTypes.js';
import { openControl } from '../storage/creation.js';
import { controlPathOf } from '../storage/logPaths.js';
import { boolean, checkOptions, checkPath, type OptionChecks } from '../util/arguments.js';
import { blankDeadRawClaims, clearResolvedSlots } from './deadWriters.js';
import { adoptLaterSegments } from './segmentAdoption.js';
import { finishDeadRolls } from './segmentRecovery.js';
import { fitToFile, restartEmptiedFramedFile, settleFramedTail, settleRawTail } from './tailSettling.js';

export type { ByteRange, PaddedRange, PaddingReason } from '../reading/readerTypes.js';

/** What {@link recover} did. */
export interface RecoveryReport {
  path: string;
  format: 'raw' | 'framed';
  /** Whether the machine was rebooted since the log was last opened (an OS crash, or a clean reboot). */
  rebooted: boolean;
  /** Whether another live writer had the log open (then the tail is left alone). */
  liveWriters: boolean;
  cursorBefore: number;
  cursorAfter: number;
  /** Where the walk started (the last known-good point) and ended. */
  scannedFrom: number;
  scannedTo: number;
  deadClaims: number;
  /**
   * Corrupt ranges found; `corruptRepaired` says whether they were padded over:
   * with plain padding when `repairCorruption` was asked for, with LOST frames
   * (which `verify` keeps reporting) when done on its own after a reboot.
   */
  corrupt: ByteRange[];
  corruptRepaired: boolean;
  /**
   * Ranges of the log where records should be and are not (framed): gaps no
   * writer's claim accounts for, such as pages of complete records that never
   * reached the disk before an OS crash, and LOST frames found from earlier
   * runs. Data was lost there. Those at the tail after a reboot are then cut
   * (see `cursorAfter`); the others hold LOST frames, which `verify` reports.
   */
  lost: ByteRange[];
  /**
   * Ranges the walk could not read because their segment file is missing or
   * cut short (deleted or truncated behind the log's back): reported, never
   * padded or cut; the walk went on after them.
   */
  missing: ByteRange[];
  /** Every range this run wrote filler over, and why (framed). */
  padded: PaddedRange[];
  /** Bytes past the new cursor that held stale data and were zeroed. */
  tailZeroed: number;
  slotsCleared: number;
  /**
   * Whether the data file was found shorter than the log had claimed (cut
   * outside mmlog): the cursor and the allocated size were brought back to
   * what the file holds (only with no live writer).
   */
  dataShrunk: boolean;
  /** Segmented logs: rolls a dead writer left half done, finished (segments sealed, filler written). */
  rollsFinished: number;
  /**
   * Segmented logs, after a reboot: segments found past the ones the control
   * file knew (its copy on disk was older than the data), taken back into the log.
   */
  segmentsAdopted: number;
  /** The durable watermark after recovery: every record below it reached stable storage. */
  durable: number;
  /**
   * Set when the durable watermark was above what the data file holds and was
   * lowered: records reported durable were lost (the storage ignored a sync).
   */
  durableLowered: boolean;
  /**
   * A failed sync found (its errno name, e.g. `'EIO'`), and whether its pages
   * were written and synced again, clearing it (see `durability/syncRestore.ts`).
   */
  syncFailure: string | undefined;
  syncRestored: boolean;
}

/** Options of {@link recover}. */
export interface RecoverOptions {
  /**
   * Pad over corrupt frames so readers no longer stop at them, with plain
   * padding: the log verifies clean afterwards. Default: only after a reboot,
   * and then with LOST frames, so that `verify` goes on reporting the records
   * that were lost there.
   */
  repairCorruption?: boolean;
}

const RECOVER_CHECKS: OptionChecks<RecoverOptions> = { repairCorruption: boolean };

/** Whether a log needs recovery when opened: a reboot since, or a dead writer caught mid-claim. */
export function needsRecovery(control: ControlBlock): boolean {
  if (!control.openedInThisBoot()) return true;
  return control.occupiedSlots().some((s) => !s.alive && s.claimFloor !== IDLE);
}

/**
 * What `open()` does with the report of the recovery it ran: hands it to
 * `onRecovery` when given; otherwise, if records were lost or found corrupt,
 * emits a process warning (code `MMLOG_RECOVERY`) saying where, so that it
 * never goes unnoticed.
 */
export function announceRecovery(report: RecoveryReport, onRecovery?: (report: RecoveryReport) => void): void {
  if (onRecovery !== undefined) {
    onRecovery(report);
    return;
  }
  if (report.lost.length === 0 && report.corrupt.length === 0 && report.missing.length === 0 && !report.durableLowered)
    return;
  const ranges = (list: ByteRange[]) => list.map((r) => `${r.start}..${r.end}`).join(', ');
  const parts: string[] = [];
  if (report.lost.length > 0) parts.push(`data lost at ${ranges(report.lost)}`);
  if (report.corrupt.length > 0) parts.push(`corrupt records at ${ranges(report.corrupt)}`);
  if (report.missing.length > 0) parts.push(`segment files missing or cut short at ${ranges(report.missing)}`);
  if (report.durableLowered)
    parts.push(`records reported durable were lost: the durable watermark fell to ${report.durable}`);
  process.emitWarning(`recovery of ${report.path}: ${parts.join('; ')}`, { code: 'MMLOG_RECOVERY' });
}

/**
 * Recovers the log at `path` (see the module description).
 * @throws TypeError / RangeError for bad arguments (nothing is opened then).
 */
export function recover(path: string, options?: RecoverOptions): RecoveryReport {
  checkPath(path);
  return runRecovery(path, checkOptions('recover', options, RECOVER_CHECKS));
}

/**
 * {@link recover} with checked arguments. `ownSlot`: a writer slot of this
 * process to disregard as a live writer (the recovery `open()` runs after
 * taking its slot); never offered to callers of `recover`, who could
 * otherwise have a live writer's claims treated as dead.
 */
export function runRecovery(path: string, options: RecoverOptions, ownSlot?: number): RecoveryReport {
  const { control, fd } = openControl(controlPathOf(path), true);
  const { LOCK_EX, LOCK_UN } = native.constants;
  native.flock(fd, LOCK_EX, path);
  try {
    return recoverLocked(path, control, options, ownSlot);
  } finally {
    native.flock(fd, LOCK_UN, path);
    control.close(fd);
  }
}

function otherLiveWriters(control: ControlBlock, ownSlot: number | undefined): boolean {
  if (ownSlot === undefined) return anyLiveWriter(control);
  return control.otherLiveWriters(ownSlot).length > 0;
}

function recoverLocked(
  path: string,
  control: ControlBlock,
  options: RecoverOptions,
  ownSlot: number | undefined,
): RecoveryReport {
  const rebooted = !control.openedInThisBoot();
  const liveWriters = otherLiveWriters(control, ownSlot);
  const repair = (options.repairCorruption ?? rebooted) && !liveWriters;
  const cursorBefore = control.cursor();
  const committed = control.committed();
  // A framed file cut below its META frame holds no record: start it again.
  const segmented = control.identity.segmentSize > 0;
  const emptied = !liveWriters && !segmented && restartEmptiedFramedFile(path, control);
  // After a reboot the control file may be older than the segments: find the ones it does not know first.
  const segmentsAdopted = segmented && rebooted && !liveWriters ? adoptLaterSegments(control, path) : 0;
  const reader = LogReader.open(path, { onCorrupt: 'skip', ifGone: 'oldest' }, true);
  const report: RecoveryReport = {
    path,
    format: control.identity.format,
    rebooted,
    liveWriters,
    cursorBefore,
    cursorAfter: cursorBefore,
    scannedFrom: 0,
    scannedTo: 0,
    deadClaims: 0,
    corrupt: [],
    corruptRepaired: repair,
    lost: [],
    missing: [],
    padded: [],
    tailZeroed: 0,
    slotsCleared: 0,
    dataShrunk: false,
    rollsFinished: 0,
    segmentsAdopted,
    durable: 0,
    durableLowered: false,
    syncFailure: undefined,
    syncRestored: false,
  };
  reader.padLog = report.padded;
  reader.ownSlot = ownSlot;
  try {
    // A data file this process may not write (the reader fell back to read-only): fail as `fs` would.
    if (!reader.writable && !segmented) closeSync(openSync(path, fsConstants.O_RDWR));
    if (!reader.writable) throw new MmlogError(ErrorCode.INTERNAL, 'recovery needs the log open read-write', path);
    if (!liveWriters && !segmented) report.dataShrunk = fitToFile(reader) || emptied;
    // Rolls a dead writer left half done: the walk below then finds every segment sealed or whole.
    if (segmented) report.rollsFinished = finishDeadRolls(reader, path, ownSlot);
    if (reader.framed) {
      // Resume from the watermark when it is a record boundary; after a reboot, or
      // when asked to repair corruption (which may lie anywhere), check everything.
      const from = rebooted || options.repairCorruption === true ? 0 : committed;
      try {
        reader.seek(from);
      } catch {
        reader.seek(0);
      }
      report.scannedFrom = reader.position;
      for (
        let next = reader.nextSettled(false);
        next !== CAUGHT_UP && next !== PENDING;
        next = reader.nextSettled(false)
      ) {
        // Walking: dead claims are padded by the reader as it passes them.
      }
      report.deadClaims = reader.stats.deadClaims;
      report.corrupt = reader.stats.corrupt;
      report.lost = reader.stats.lost;
      report.missing = reader.stats.missing;
      if (repair) {
        // Asked for by an operator (`--repair-corruption`), who has been told: plain padding, and the log
        // verifies clean again. Done on its own after a reboot: LOST frames, which `verify` keeps reporting.
        const type = options.repairCorruption === true ? RecordType.PADDING : RecordType.LOST;
        for (const range of report.corrupt) {
          // A whole, valid record there was judged corrupt only by a limit the control file gives (a
          // segment's seal or first record, damaged): padding would destroy it. Left as it is, reported.
          if (validRecordAt(reader, range.start)) continue;
          padOver(reader, range.start, range.end, type, report.padded);
        }
      }
      if (!liveWriters) report.tailZeroed = settleFramedTail(reader, rebooted);
      report.scannedTo = reader.position;
    } else {
      report.deadClaims = blankDeadRawClaims(reader);
      if (!liveWriters) settleRawTail(reader, rebooted);
      report.scannedFrom = control.identity.dataStart;
      report.scannedTo = control.cursor();
    }
    report.slotsCleared = clearResolvedSlots(control, reader.position, reader.framed);
    control.resetCommitted(reader.framed ? reader.position : control.cursor());
    report.cursorAfter = control.cursor();
    // Before the boot id: a log whose boot id is this boot's is taken as recovered for it.
    if (durable(control) > report.cursorAfter) {
      resetDurable(control, report.cursorAfter);
      report.durableLowered = true;
    }
    control.recordBootId();
    control.clearFlag(Flag.PANICKED);
    const restore = restoreAfterSyncFailure(path, control);
    report.syncFailure = restore.failure;
    report.syncRestored = restore.restored;
    report.durable = durable(control);
    return report;
  } finally {
    reader.close();
  }
}

/**
 * Whether a frame with a valid CRC starts at `pos`, judged only against the
 * end of its segment (or file) and the frame's own checksum, which covers the
 * log id and `pos`: bytes that merely look like a frame do not pass.
 */
function validRecordAt(reader: LogReader, pos: number): boolean {
  const { window, control } = reader;
  window.cover(pos);
  const limits = {
    idRegister: logIdRegister(control.identity.logIdLo, control.identity.logIdHi),
    maxRecordSize: control.identity.maxRecordSize,
    end: Math.min(window.regionEnd(pos), window.base + window.u8.length),
  };
  if (pos + HEADER_SIZE > limits.end) return false;
  return checkFrame(window, pos, limits, { type: 0, length: 0, size: 0 }) === FrameState.VALID;
}

/**
 * Replaces `[start, end)` (a corrupt range: it starts at a record boundary the
 * walk reached, and ends at the next valid frame) with filler frames of
 * `type`, whatever its header holds (no live writer).
 */
function padOver(reader: LogReader, start: number, end: number, type: number, padded: PaddedRange[]): void {
  const { window } = reader;
  const idRegister = logIdRegister(reader.control.identity.logIdLo, reader.control.identity.logIdHi);
  for (let at = start; at < end; ) {
    const size = Math.min(end - at, MAX_PADDING_SIZE);
    window.cover(at);
    const offset = at - window.base;
    const lenWord = lenWordOf(type, size - HEADER_SIZE);
    // A filler frame's CRC covers no payload: it is the CRC of its id, position and lenWord.
    window.i32[(offset + CRC_OFFSET) >>> 2] = frameSeed(idRegister, at, lenWord);
    Atomics.store(window.i32, (offset + LEN_WORD_OFFSET) >>> 2, lenWord | 0);
    reader.control.bumpStat(Offset.STAT_CLAIMS_PADDED);
    padded.push({ start: at, end: at + size, reason: 'corrupt' });
    at += size;
  }
}

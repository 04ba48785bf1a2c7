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
 * @module
 */
import { closeSync, constants as fsConstants, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { ErrorCode, MmlogError } from '../errors.js';
import { Flag, FREE_PID, IDLE, Offset, SlotOffset } from '../layout/control.js';
import { CRC_OFFSET, FRAMED_DATA_START, HEADER_SIZE, LEN_WORD_OFFSET, lenWordOf, MAX_PADDING_SIZE, RecordType, } from '../layout/frame.js';
import { native } from '../native/binding.js';
import { frameSeed, logIdRegister } from '../native/crc32c.js';
import { anyLiveWriter } from '../reading/claims.js';
import { checkFrame, FrameState } from '../reading/frameCheck.js';
import { CAUGHT_UP, LogReader, PENDING } from '../reading/logReader.js';
import { openControl } from '../storage/creation.js';
import { blankLine, isFiller } from '../storage/fillerFrame.js';
import { controlPathOf } from '../storage/logPaths.js';
import { initializeDataFile } from '../storage/metaRecord.js';
import { openRegularFile } from '../storage/regularFile.js';
import { boolean, checkOptions, checkPath } from '../util/arguments.js';
import { finishDeadRolls } from './segmentRecovery.js';
const RECOVER_CHECKS = { repairCorruption: boolean };
/** Whether a log needs recovery when opened: a reboot since, or a dead writer caught mid-claim. */
export function needsRecovery(control) {
    if (!control.openedInThisBoot())
        return true;
    return control.occupiedSlots().some((s) => !s.alive && s.claimFloor !== IDLE);
}
/**
 * What `open()` does with the report of the recovery it ran: hands it to
 * `onRecovery` when given; otherwise, if records were lost or found corrupt,
 * emits a process warning (code `MMLOG_RECOVERY`) saying where, so that it
 * never goes unnoticed.
 */
export function announceRecovery(report, onRecovery) {
    if (onRecovery !== undefined) {
        onRecovery(report);
        return;
    }
    if (report.lost.length === 0 && report.corrupt.length === 0)
        return;
    const ranges = (list) => list.map((r) => `${r.start}..${r.end}`).join(', ');
    const parts = [];
    if (report.lost.length > 0)
        parts.push(`data lost at ${ranges(report.lost)}`);
    if (report.corrupt.length > 0)
        parts.push(`corrupt records at ${ranges(report.corrupt)}`);
    process.emitWarning(`recovery of ${report.path}: ${parts.join('; ')}`, { code: 'MMLOG_RECOVERY' });
}
/**
 * Recovers the log at `path` (see the module description).
 * @throws TypeError / RangeError for bad arguments (nothing is opened then).
 */
export function recover(path, options) {
    checkPath(path);
    return runRecovery(path, checkOptions('recover', options, RECOVER_CHECKS));
}
/**
 * {@link recover} with checked arguments. `ownSlot`: a writer slot of this
 * process to disregard as a live writer (the recovery `open()` runs after
 * taking its slot); never offered to callers of `recover`, who could
 * otherwise have a live writer's claims treated as dead.
 */
export function runRecovery(path, options, ownSlot) {
    const { control, fd } = openControl(controlPathOf(path), true);
    const { LOCK_EX, LOCK_UN } = native.constants;
    native.flock(fd, LOCK_EX, path);
    try {
        return recoverLocked(path, control, options, ownSlot);
    }
    finally {
        native.flock(fd, LOCK_UN, path);
        control.close(fd);
    }
}
function otherLiveWriters(control, ownSlot) {
    if (ownSlot === undefined)
        return anyLiveWriter(control);
    return control.otherLiveWriters(ownSlot).length > 0;
}
function recoverLocked(path, control, options, ownSlot) {
    const rebooted = !control.openedInThisBoot();
    const liveWriters = otherLiveWriters(control, ownSlot);
    const repair = (options.repairCorruption ?? rebooted) && !liveWriters;
    const cursorBefore = control.cursor();
    const committed = control.committed();
    // A framed file cut below its META frame holds no record: start it again.
    const segmented = control.identity.segmentSize > 0;
    const emptied = !liveWriters && !segmented && restartEmptiedFramedFile(path, control);
    const reader = LogReader.open(path, { onCorrupt: 'skip', ifGone: 'oldest' }, true);
    const report = {
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
        padded: [],
        tailZeroed: 0,
        slotsCleared: 0,
        dataShrunk: false,
        rollsFinished: 0,
    };
    reader.padLog = report.padded;
    try {
        // A data file this process may not write (the reader fell back to read-only): fail as `fs` would.
        if (!reader.writable && !segmented)
            closeSync(openSync(path, fsConstants.O_RDWR));
        if (!reader.writable)
            throw new MmlogError(ErrorCode.INTERNAL, 'recovery needs the log open read-write', path);
        if (!liveWriters && !segmented)
            report.dataShrunk = fitToFile(reader) || emptied;
        // Rolls a dead writer left half done: the walk below then finds every segment sealed or whole.
        if (segmented)
            report.rollsFinished = finishDeadRolls(reader, path, ownSlot);
        if (reader.framed) {
            // Resume from the watermark when it is a record boundary; after a reboot, or
            // when asked to repair corruption (which may lie anywhere), check everything.
            const from = rebooted || options.repairCorruption === true ? 0 : committed;
            try {
                reader.seek(from);
            }
            catch {
                reader.seek(0);
            }
            report.scannedFrom = reader.position;
            for (let next = reader.nextSettled(false); next !== CAUGHT_UP && next !== PENDING; next = reader.nextSettled(false)) {
                // Walking: dead claims are padded by the reader as it passes them.
            }
            report.deadClaims = reader.stats.deadClaims;
            report.corrupt = reader.stats.corrupt;
            report.lost = reader.stats.lost;
            if (repair) {
                // Asked for by an operator (`--repair-corruption`), who has been told: plain padding, and the log
                // verifies clean again. Done on its own after a reboot: LOST frames, which `verify` keeps reporting.
                const type = options.repairCorruption === true ? RecordType.PADDING : RecordType.LOST;
                for (const range of report.corrupt)
                    padOver(reader, range.start, range.end, type, report.padded);
            }
            if (!liveWriters)
                settleFramedTail(reader, report, rebooted);
            report.scannedTo = reader.position;
        }
        else {
            report.deadClaims = blankDeadRawClaims(reader);
            if (!liveWriters)
                settleRawTail(reader, report, rebooted);
            report.scannedFrom = control.identity.dataStart;
            report.scannedTo = control.cursor();
        }
        report.slotsCleared = clearResolvedSlots(control, reader.position, control.cursor(), reader.framed);
        control.resetCommitted(reader.framed ? reader.position : control.cursor());
        control.recordBootId();
        control.clearFlag(Flag.PANICKED);
        report.cursorAfter = control.cursor();
        return report;
    }
    finally {
        reader.close();
    }
}
/**
 * No live writer, and a framed data file cut shorter than its META frame
 * while the log records more (`: > app.log`): nothing of it is left, so the
 * file starts again with its META frame and the cursor at the first record.
 * Returns whether it did that.
 */
function restartEmptiedFramedFile(path, control) {
    if (control.identity.format !== 'framed' || control.cursor() <= control.identity.dataStart)
        return false;
    const fd = openRegularFile(path, fsConstants.O_RDWR);
    try {
        if (fstatSync(fd).size >= FRAMED_DATA_START)
            return false;
        ftruncateSync(fd, 0);
        initializeDataFile(fd, control.identity, path);
        control.resetAllocated(fstatSync(fd).size);
        control.resetCursor(control.identity.dataStart);
        control.resetCommitted(control.identity.dataStart);
        return true;
    }
    finally {
        closeSync(fd);
    }
}
/**
 * No live writer, and a data file shorter than the log's allocated size (cut
 * outside mmlog, or a trim killed half-way): ALLOCATED comes down to the file
 * size. Returns whether the log had claimed past the end of the file; the
 * tail settling then brings the cursor back to what the file holds.
 */
function fitToFile(reader) {
    const { control, window } = reader;
    const size = fstatSync(window.fileAt(0).fd).size;
    if (control.allocated() > size)
        control.resetAllocated(size);
    return control.cursor() > Math.max(size, control.identity.dataStart);
}
/**
 * Replaces `[start, end)` (a corrupt range: it starts at a record boundary the
 * walk reached, and ends at the next valid frame) with filler frames of
 * `type`, whatever its header holds (no live writer).
 */
function padOver(reader, start, end, type, padded) {
    const { window } = reader;
    const idRegister = logIdRegister(reader.control.identity.logIdLo, reader.control.identity.logIdHi);
    for (let at = start; at < end;) {
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
/**
 * No live writer: settle the end of the log. Frames found past a lagging
 * cursor are kept; claims past the end of the file (never written) are cut;
 * after a reboot, trailing padding and unwritten claims are cut back to the
 * last record — but only then: without a reboot, a follower that is still
 * running may already have read past that padding, and must never find new
 * records appearing behind it. Stale bytes past the new end are zeroed.
 */
function settleFramedTail(reader, report, rebooted) {
    const { control, window } = reader;
    const file = window.fileAt(reader.position);
    if (file === undefined)
        return;
    const fileSize = file.base + fstatSync(file.fd).size;
    const limits = {
        idRegister: logIdRegister(control.identity.logIdLo, control.identity.logIdHi),
        maxRecordSize: control.identity.maxRecordSize,
        end: fileSize,
    };
    const info = { type: 0, length: 0, size: 0 };
    let end = reader.position;
    let lastRecord = reader.lastRecordEnd;
    // A cursor that lags the data (its page was not written back before a crash).
    while (end + HEADER_SIZE <= fileSize) {
        window.cover(end);
        if (checkFrame(window, end, limits, info) !== FrameState.VALID)
            break;
        end += info.size;
        if (!isFiller(info.type))
            lastRecord = end;
    }
    if (rebooted)
        end = lastRecord;
    if (end !== control.cursor())
        control.resetCursor(end);
    if (end !== reader.position)
        reader.seek(end);
    // The walk may have left the file (a segment) the tail is in: select it again.
    const tail = window.fileAt(end);
    if (tail !== undefined)
        report.tailZeroed = zeroTail(tail.fd, end - tail.base, fileSize - tail.base);
}
/** Zeroes non-zero bytes in `[from, size)` of the file; returns how many bytes were cleared. */
function zeroTail(fd, from, size) {
    const block = Buffer.alloc(64 * 1024);
    let dirtyFrom = -1;
    for (let at = from; at < size; at += block.length) {
        const n = readSync(fd, block, 0, Math.min(block.length, size - at), at);
        if (block.subarray(0, n).some((b) => b !== 0)) {
            dirtyFrom = at;
            break;
        }
    }
    if (dirtyFrom < 0)
        return 0;
    try {
        native.fallocate(fd, native.constants.FALLOC_FL_ZERO_RANGE | native.constants.FALLOC_FL_KEEP_SIZE, from, size - from);
    }
    catch {
        const zeros = Buffer.alloc(64 * 1024);
        for (let at = from; at < size; at += zeros.length)
            writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
    }
    return size - from;
}
/**
 * Raw data has no frames to mark a dead writer's claim; when its slot
 * recorded the extent, the claim becomes spaces ending in a newline — a blank
 * line in a text log — instead of NUL bytes or half a record. A claim past
 * the end of the file (its writer died before growing it) is written too,
 * extending the file, so that readers waiting there move on; if the disk is
 * full it is left for a later run.
 */
function blankDeadRawClaims(reader) {
    const { control, window } = reader;
    let blanked = 0;
    for (const slot of control.occupiedSlots()) {
        if (slot.alive || slot.claimFloor === IDLE || slot.claimPos === IDLE || slot.claimLen <= 0)
            continue;
        if (slot.claimPos + slot.claimLen > control.cursor())
            continue;
        // A claim across a segment's end was a roll: finishDeadRolls settled it.
        if (window.regionEnd(slot.claimPos) < slot.claimPos + slot.claimLen)
            continue;
        const filler = blankLine(slot.claimLen);
        try {
            const file = window.fileAt(slot.claimPos);
            if (file === undefined)
                continue;
            writeSync(file.fd, filler, 0, filler.length, slot.claimPos - file.base);
        }
        catch {
            continue;
        }
        blanked++;
    }
    return blanked;
}
/**
 * No live writer: the cursor is not left past the end of the file (claims
 * abandoned on a full disk, or of writers that died before growing the file,
 * were never written: readers would wait there forever). After a reboot, the
 * cursor follows the data (trailing NUL bytes are preallocation).
 */
function settleRawTail(reader, report, rebooted) {
    const { control, window } = reader;
    const cursor = control.cursor();
    const file = window.fileAt(cursor);
    if (file === undefined) {
        // A segmented log whose cursor's segment was never created: nothing was written there.
        const base = cursor - (cursor % control.identity.segmentSize);
        if (cursor > base)
            control.resetCursor(base);
        return;
    }
    const size = file.base + fstatSync(file.fd).size;
    if (!rebooted) {
        if (control.cursor() > Math.max(size, control.identity.dataStart)) {
            control.resetCursor(Math.max(size, control.identity.dataStart));
        }
        return;
    }
    const block = Buffer.alloc(64 * 1024);
    const start = Math.max(control.identity.dataStart, file.base);
    let end = start;
    for (let at = size; at > start;) {
        const from = Math.max(start, at - block.length);
        const n = readSync(file.fd, block, 0, at - from, from - file.base);
        let last = n - 1;
        while (last >= 0 && block[last] === 0)
            last--;
        if (last >= 0) {
            end = from + last + 1;
            break;
        }
        at = from;
    }
    if (end !== control.cursor())
        control.resetCursor(end);
    report.tailZeroed = 0;
}
/**
 * Frees the slots of dead writers (after a reboot: every slot of the previous
 * boot) whose claims are resolved: behind the reader, or past the cursor
 * (cut). A dead claim still ahead of the reader keeps its slot, which tells
 * later readers that the gap is a dead writer's claim and not lost data.
 */
function clearResolvedSlots(control, resolvedTo, cursor, framed) {
    let cleared = 0;
    for (const slot of control.occupiedSlots()) {
        if (slot.alive)
            continue;
        const claim = slot.claimFloor === IDLE ? IDLE : slot.claimPos === IDLE ? slot.claimFloor : slot.claimPos;
        if (framed && claim >= resolvedTo && claim < cursor)
            continue;
        const base = control.slotOffset(slot.index);
        if (Atomics.compareExchange(control.i32, (base + SlotOffset.PID) / 4, slot.pid, FREE_PID) === slot.pid)
            cleared++;
    }
    return cleared;
}
//# sourceMappingURL=recovery.js.map
/**
 * Recovery: bringing a log back to a clean state after a process crash or an
 * OS crash, without ever dropping a record that was complete.
 *
 * - From the last known-good point (the committed watermark), every claim is
 *   walked: dead writers' claims become padding (framed) or a blank line
 *   (raw, when the slot recorded the claim's extent).
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
import { fstatSync, readSync, writeSync } from 'node:fs';
import { Flag, IDLE, Offset, SlotOffset } from '../control/layout.js';
import { openControl } from '../engine/creation.js';
import { controlPathOf } from '../engine/storage.js';
import { frameSeed, logIdRegister } from '../formats/crc32c.js';
import { HEADER_SIZE, RecordType, TYPE_SHIFT } from '../formats/frame.js';
import { checkFrame, FrameState } from '../formats/frameCheck.js';
import { native } from '../native.js';
import { anyLiveWriter } from '../reading/claims.js';
import { CAUGHT_UP, LogReader, PENDING } from '../reading/logReader.js';
import { BOOT_ID } from '../util/processIdentity.js';
/** Whether a log needs recovery when opened: a reboot since, or a dead writer caught mid-claim. */
export function needsRecovery(control) {
    if (!BOOT_ID.equals(Buffer.from(control.buffer, Offset.BOOT_ID, 16)))
        return true;
    return control.occupiedSlots().some((s) => !s.alive && s.claimFloor !== IDLE);
}
/** Recovers the log at `path` (see the module description). */
export function recover(path, options = {}) {
    const { control, fd } = openControl(controlPathOf(path), true);
    const { LOCK_EX, LOCK_UN } = native.constants;
    native.flock(fd, LOCK_EX, path);
    try {
        return recoverLocked(path, control, options);
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
function recoverLocked(path, control, options) {
    const rebooted = !BOOT_ID.equals(Buffer.from(control.buffer, Offset.BOOT_ID, 16));
    const liveWriters = otherLiveWriters(control, options.ownSlot);
    const repair = (options.repairCorruption ?? rebooted) && !liveWriters;
    const cursorBefore = control.cursor();
    const committed = Number(Atomics.load(control.i64, Offset.COMMITTED / 8));
    const reader = LogReader.open(path, { onCorrupt: 'skip' }, true);
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
        tailZeroed: 0,
        slotsCleared: 0,
    };
    try {
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
            if (repair)
                for (const range of report.corrupt)
                    padOver(reader, range.start, range.end);
            if (!liveWriters)
                settleFramedTail(reader, report, rebooted);
            report.scannedTo = reader.position;
        }
        else {
            report.deadClaims = blankDeadRawClaims(reader);
            if (!liveWriters && rebooted)
                settleRawTail(reader, report);
            report.scannedFrom = control.identity.dataStart;
            report.scannedTo = control.cursor();
        }
        report.slotsCleared = clearResolvedSlots(control, reader.position, reader.framed);
        Atomics.store(control.i64, Offset.COMMITTED / 8, BigInt(reader.framed ? reader.position : control.cursor()));
        BOOT_ID.copy(Buffer.from(control.buffer, Offset.BOOT_ID, 16));
        Atomics.and(control.i32, Offset.FLAGS / 4, ~Flag.PANICKED);
        report.cursorAfter = control.cursor();
        return report;
    }
    finally {
        reader.close();
    }
}
/** Replaces `[start, end)` with padding, whatever its header holds (corrupt data, no live writer). */
function padOver(reader, start, end) {
    const { window } = reader;
    const idRegister = logIdRegister(reader.control.identity.logIdLo, reader.control.identity.logIdHi);
    for (let at = start; at < end;) {
        const size = Math.min(end - at, 128 * 1024 * 1024);
        window.cover(at);
        const offset = at - window.base;
        const lenWord = ((RecordType.PADDING << TYPE_SHIFT) | (size - HEADER_SIZE)) >>> 0;
        // A padding frame's CRC covers no payload: it is the CRC of its id, position and lenWord.
        window.i32[(offset + 4) >>> 2] = frameSeed(idRegister, at, lenWord);
        Atomics.store(window.i32, offset >>> 2, lenWord | 0);
        reader.control.bumpStat(Offset.STAT_CLAIMS_PADDED);
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
    const fileSize = fstatSync(window.fd).size;
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
        if (info.type !== RecordType.PADDING)
            lastRecord = end;
    }
    if (rebooted)
        end = lastRecord;
    if (end !== control.cursor())
        Atomics.store(control.i64, Offset.CURSOR / 8, BigInt(end));
    if (end !== reader.position)
        reader.seek(end);
    report.tailZeroed = zeroTail(window.fd, end, fileSize);
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
 * line in a text log — instead of NUL bytes or half a record.
 */
function blankDeadRawClaims(reader) {
    const { control, window } = reader;
    let blanked = 0;
    for (const slot of control.occupiedSlots()) {
        if (slot.alive || slot.claimPos === IDLE || slot.claimLen <= 0)
            continue;
        const end = slot.claimPos + slot.claimLen;
        if (end > window.safeEnd(end))
            continue;
        const filler = Buffer.alloc(slot.claimLen, 0x20);
        filler[filler.length - 1] = 0x0a;
        writeSync(window.fd, filler, 0, filler.length, slot.claimPos);
        blanked++;
    }
    return blanked;
}
/** After a reboot with no live writer: the cursor follows the data (trailing NUL bytes are preallocation). */
function settleRawTail(reader, report) {
    const { control, window } = reader;
    const size = fstatSync(window.fd).size;
    const block = Buffer.alloc(64 * 1024);
    let end = control.identity.dataStart;
    for (let at = size; at > control.identity.dataStart;) {
        const from = Math.max(control.identity.dataStart, at - block.length);
        const n = readSync(window.fd, block, 0, at - from, from);
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
        Atomics.store(control.i64, Offset.CURSOR / 8, BigInt(end));
    report.tailZeroed = 0;
}
/** Frees the slots of dead writers whose claims are behind the reader (resolved). */
function clearResolvedSlots(control, resolvedTo, framed) {
    let cleared = 0;
    for (const slot of control.occupiedSlots()) {
        if (slot.alive)
            continue;
        const claim = slot.claimFloor === IDLE ? -1 : slot.claimPos === IDLE ? slot.claimFloor : slot.claimPos;
        if (framed && claim >= resolvedTo)
            continue;
        const base = control.slotOffset(slot.index);
        if (Atomics.compareExchange(control.i32, (base + SlotOffset.PID) / 4, slot.pid, 0) === slot.pid)
            cleared++;
    }
    return cleared;
}
//# sourceMappingURL=recovery.js.map
/**
 * `stat`: what a log is and who is writing it, from its control file.
 * @module
 */
import { closeSync, statSync } from 'node:fs';
import { checkControlState } from '../control/integrity.js';
import { isProcessStopped } from '../control/processIdentity.js';
import { SegmentRing } from '../control/segmentRing.js';
import { Flag, FORMAT_VERSION, IDLE, Offset, SlotRole } from '../layout/control.js';
import { rawCommitted } from '../reading/claims.js';
import { LogReader } from '../reading/logReader.js';
import { listConsumers } from '../storage/consumerFiles.js';
import { openControl } from '../storage/creation.js';
import { openDataFile } from '../storage/dataFile.js';
import { controlPathOf, listSegmentBases, segmentPath } from '../storage/logPaths.js';
import { checkPath } from '../util/arguments.js';
/**
 * Reads the state of the log at `path` without changing it.
 * @throws TypeError for a path that is not a non-empty string (nothing is opened then).
 */
export function stat(path) {
    checkPath(path);
    const { control, fd } = openControl(controlPathOf(path), false);
    try {
        const id = control.identity;
        // First: the data file and every field this reports are checked.
        const segmented = id.segmentSize > 0;
        const segments = segmented ? segmentsOf(path, control) : [];
        const fileSize = segmented ? segments.reduce((sum, s) => sum + s.bytes, 0) : dataFileSize(path, control);
        const committed = id.format === 'raw' ? rawCommitted(control) : framedCommitted(path);
        const flags = control.flags();
        const writers = control.occupiedSlots().map((s) => ({
            slot: s.index,
            pid: s.pid,
            threadId: s.threadId,
            state: !s.alive ? 'dead' : isProcessStopped(s.pid) ? 'stalled' : 'alive',
            role: s.role === SlotRole.READER ? 'reader' : 'writer',
            openedAt: new Date(s.openedAt).toISOString(),
            claim: s.claimFloor === IDLE ? null : { pos: s.claimPos === IDLE ? s.claimFloor : s.claimPos, length: s.claimLen },
        }));
        return {
            path,
            format: id.format,
            version: FORMAT_VERSION,
            logId: ((BigInt(id.logIdHi) << 32n) | BigInt(id.logIdLo)).toString(16).padStart(16, '0'),
            createdAt: new Date(id.createdAt).toISOString(),
            chunkSize: id.chunkSize,
            maxRecordSize: id.maxRecordSize,
            slots: id.slotCount,
            cursor: control.cursor(),
            committed,
            allocated: control.allocated(),
            fileSize,
            segmentSize: id.segmentSize,
            rollEvery: id.rollEvery,
            retention: { maxSegments: id.retainSegments, maxBytes: id.retainBytes, maxAgeMs: id.retainAge },
            firstPosition: segmented ? new SegmentRing(control).firstPosition() : id.dataStart,
            segments,
            consumers: segmented
                ? listConsumers(path).map((c) => ({ ...c, lag: Math.max(0, control.cursor() - c.position) }))
                : [],
            flags: { dataReady: (flags & Flag.DATA_READY) !== 0, panicked: (flags & Flag.PANICKED) !== 0 },
            writers,
            counters: {
                growths: control.stat(Offset.STAT_GROWTHS),
                trims: control.stat(Offset.STAT_TRIMS),
                slotsReclaimed: control.stat(Offset.STAT_SLOTS_RECLAIMED),
                claimsAbandoned: control.stat(Offset.STAT_CLAIMS_ABANDONED),
                claimsPadded: control.stat(Offset.STAT_CLAIMS_PADDED),
            },
        };
    }
    finally {
        control.close(fd);
    }
}
/** The segment files of a segmented log, oldest first, with what the ring knows of them. */
function segmentsOf(dir, control) {
    checkControlState(control, controlPathOf(dir), undefined);
    const ring = new SegmentRing(control);
    const active = ring.segmentOf(control.cursor());
    const segments = [];
    for (const base of listSegmentBases(dir)) {
        let bytes;
        try {
            bytes = statSync(segmentPath(dir, base)).size;
        }
        catch {
            continue;
        }
        const k = ring.segmentOf(base);
        segments.push({ base, bytes, sealed: k < active, sealEnd: ring.sealEnd(k) });
    }
    return segments;
}
/** The size of the data file (0 when there is none), checked against the control file. */
function dataFileSize(path, control) {
    let data;
    try {
        data = openDataFile(path, control, false);
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw error;
        checkControlState(control, controlPathOf(path), undefined);
        return 0;
    }
    closeSync(data.fd);
    return data.size;
}
/** Framed: walk (read-only) from the last published watermark to the first incomplete claim. */
function framedCommitted(path) {
    const reader = LogReader.open(path, { onCorrupt: 'skip' }, false);
    try {
        const start = reader.control.committed();
        try {
            reader.seek(Math.max(start, reader.control.identity.dataStart));
        }
        catch {
            // A watermark that is not a record boundary (a damaged control file, or
            // the record there damaged since): walk from the start.
            reader.seek(0);
        }
        for (let next = reader.nextSettled(false); typeof next === 'object'; next = reader.nextSettled(false)) {
            // Walking to the first incomplete claim.
        }
        return reader.position;
    }
    finally {
        reader.close();
    }
}
//# sourceMappingURL=stat.js.map
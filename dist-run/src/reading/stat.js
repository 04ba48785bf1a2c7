/**
 * `stat`: what a log is and who is writing it, from its control file.
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { Flag, Offset } from '../control/layout.js';
import { openControl } from '../engine/creation.js';
import { controlPathOf } from '../engine/storage.js';
import { isProcessStopped } from '../util/processIdentity.js';
import { rawCommitted } from './claims.js';
import { LogReader } from './logReader.js';
/** Reads the state of the log at `path` without changing it. */
export function stat(path) {
    const { control, fd } = openControl(controlPathOf(path), false);
    try {
        const id = control.identity;
        const committed = id.format === 'raw' ? rawCommitted(control) : framedCommitted(path);
        const flags = control.flags();
        const writers = control.occupiedSlots().map((s) => ({
            slot: s.index,
            pid: s.pid,
            threadId: s.threadId,
            state: !s.alive ? 'dead' : isProcessStopped(s.pid) ? 'stalled' : 'alive',
            role: s.role === 2 ? 'reader' : 'writer',
            openedAt: new Date(s.openedAt).toISOString(),
            claim: s.claimFloor === -1 ? null : { pos: s.claimPos === -1 ? s.claimFloor : s.claimPos, length: s.claimLen },
        }));
        const fileSize = existsSync(path) ? statSync(path).size : 0;
        return {
            path,
            format: id.format,
            version: 1,
            logId: ((BigInt(id.logIdHi) << 32n) | BigInt(id.logIdLo)).toString(16).padStart(16, '0'),
            createdAt: new Date(id.createdAt).toISOString(),
            chunkSize: id.chunkSize,
            maxRecordSize: id.maxRecordSize,
            slots: id.slotCount,
            cursor: control.cursor(),
            committed,
            durable: Number(Atomics.load(control.i64, Offset.DURABLE / 8)),
            allocated: control.allocated(),
            fileSize,
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
/** Framed: walk (read-only) from the last published watermark to the first incomplete claim. */
function framedCommitted(path) {
    const reader = LogReader.open(path, { onCorrupt: 'skip' }, false);
    try {
        const start = Number(Atomics.load(reader.control.i64, Offset.COMMITTED / 8));
        reader.seek(Math.max(start, reader.control.identity.dataStart));
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
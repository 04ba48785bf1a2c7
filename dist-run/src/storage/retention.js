/**
 * Retention of a segmented log: deleting whole sealed segments, oldest
 * first, that the log's retention limits (or a checkpoint) let go of.
 *
 * Never deleted: the active segment (the cursor's), a segment a writer's
 * claim in progress may still be writing, and a segment holding (or past)
 * the position of any named consumer. FIRST_SEGMENT is raised before any
 * file is removed, so a reader that finds a segment missing below it knows
 * retention took it (`ERR_MMLOG_POSITION_GONE`); a reader that has a
 * segment mapped when it is deleted keeps reading it to its end (the
 * mapping holds the file). Running it in several processes at once is
 * safe: each deletion is idempotent.
 * @module
 */
import { statSync, unlinkSync } from 'node:fs';
import { SegmentRing } from '../control/segmentRing.js';
import { IDLE } from '../layout/control.js';
import { listConsumers } from './consumerFiles.js';
import { listSegmentBases, segmentPath } from './logPaths.js';
/**
 * Applies the log's retention limits, and with `before` a checkpoint: every
 * sealed segment wholly below `before` goes too (within the limits above).
 */
export function applyRetention(dir, control, before, now = Date.now()) {
    const ring = new SegmentRing(control);
    const id = control.identity;
    const active = ring.segmentOf(control.cursor());
    let keepFrom = active;
    for (const slot of control.occupiedSlots()) {
        if (slot.claimFloor === IDLE)
            continue;
        keepFrom = Math.min(keepFrom, ring.segmentOf(slot.claimPos === IDLE ? slot.claimFloor : slot.claimPos));
    }
    for (const consumer of listConsumers(dir))
        keepFrom = Math.min(keepFrom, ring.segmentOf(consumer.position));
    const first = ring.firstSegment();
    const present = listSegmentBases(dir).map((base) => ring.segmentOf(base));
    // Files below the first segment: a pass that was killed after raising it.
    const leftovers = present.filter((k) => k < first);
    const sealed = present.filter((k) => k >= first && k < active);
    let deleteBelow = first;
    if (before !== undefined)
        deleteBelow = Math.max(deleteBelow, ring.segmentOf(before));
    if (id.retainSegments > 0 && sealed.length > id.retainSegments) {
        deleteBelow = Math.max(deleteBelow, sealed[sealed.length - id.retainSegments]);
    }
    const sizes = new Map();
    for (const k of sealed) {
        try {
            const stats = statSync(segmentPath(dir, ring.baseOf(k)));
            sizes.set(k, { bytes: stats.size, sealedAt: ring.entry(k).sealedAt || stats.mtimeMs });
        }
        catch {
            // Deleted meanwhile by another process's pass.
        }
    }
    if (id.retainBytes > 0) {
        let kept = 0;
        for (let i = sealed.length - 1; i >= 0; i--) {
            const k = sealed[i];
            kept += sizes.get(k)?.bytes ?? 0;
            if (kept > id.retainBytes) {
                deleteBelow = Math.max(deleteBelow, k + 1);
                break;
            }
        }
    }
    if (id.retainAge > 0) {
        for (const k of sealed) {
            const info = sizes.get(k);
            if (info !== undefined && now - info.sealedAt > id.retainAge)
                deleteBelow = Math.max(deleteBelow, k + 1);
        }
    }
    deleteBelow = Math.min(deleteBelow, keepFrom);
    const deleted = [];
    if (deleteBelow > first)
        ring.raiseFirstSegment(deleteBelow);
    if (deleteBelow > first || leftovers.length > 0) {
        for (const k of [...leftovers, ...sealed]) {
            if (k >= deleteBelow && k >= first)
                break;
            try {
                unlinkSync(segmentPath(dir, ring.baseOf(k)));
                deleted.push(ring.baseOf(k));
            }
            catch (error) {
                if (error.code !== 'ENOENT')
                    throw error;
            }
        }
    }
    return { deleted, firstPosition: ring.firstPosition() };
}
//# sourceMappingURL=retention.js.map
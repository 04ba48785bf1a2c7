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
 * safe: each deletion is idempotent. A log that recycles renames retired
 * segments into its recycling pool while it has room, instead of deleting
 * them (see `segmentRecycling.ts`).
 * @module
 */
import { statSync } from 'node:fs';
import type { ControlBlock } from '../control/controlBlock.js';
import { SegmentRing } from '../control/segmentRing.js';
import { IDLE } from '../layout/control.js';
import { listConsumers } from './consumerFiles.js';
import { listSegmentBases, segmentPath } from './logPaths.js';
import { retireSegment, tidyRecyclePool } from './segmentRecycling.js';

/** What a retention pass did. */
export interface RetentionResult {
  /** Base positions of the segments deleted (or, in a log that recycles, retired into its pool). */
  deleted: number[];
  /** The first position the log holds now. */
  firstPosition: number;
}

/**
 * Applies the log's retention limits, and with `before` a checkpoint: every
 * sealed segment wholly below `before` goes too (within the limits above).
 */
export function applyRetention(dir: string, control: ControlBlock, before?: number, now = Date.now()): RetentionResult {
  const ring = new SegmentRing(control);
  const id = control.identity;
  const active = ring.segmentOf(control.cursor());
  let keepFrom = active;
  for (const slot of control.occupiedSlots()) {
    if (slot.claimFloor === IDLE) continue;
    keepFrom = Math.min(keepFrom, ring.segmentOf(slot.claimPos === IDLE ? slot.claimFloor : slot.claimPos));
  }
  for (const consumer of listConsumers(dir)) keepFrom = Math.min(keepFrom, ring.segmentOf(consumer.position));
  const first = ring.firstSegment();
  const present = listSegmentBases(dir).map((base) => ring.segmentOf(base));
  // Files below the first segment: a pass that was killed after raising it.
  const leftovers = present.filter((k) => k < first);
  const sealed = present.filter((k) => k >= first && k < active);
  let deleteBelow = first;
  if (before !== undefined) deleteBelow = Math.max(deleteBelow, ring.segmentOf(before));
  if (id.retainSegments > 0 && sealed.length > id.retainSegments) {
    deleteBelow = Math.max(deleteBelow, sealed[sealed.length - id.retainSegments] as number);
  }
  const sizes = new Map<number, { bytes: number; sealedAt: number }>();
  for (const k of sealed) {
    try {
      const stats = statSync(segmentPath(dir, ring.baseOf(k)));
      sizes.set(k, { bytes: stats.size, sealedAt: ring.entry(k).sealedAt || stats.mtimeMs });
    } catch {
      // Deleted meanwhile by another process's pass.
    }
  }
  if (id.retainBytes > 0) {
    let kept = 0;
    for (let i = sealed.length - 1; i >= 0; i--) {
      const k = sealed[i] as number;
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
      if (info !== undefined && now - info.sealedAt > id.retainAge) deleteBelow = Math.max(deleteBelow, k + 1);
    }
  }
  deleteBelow = Math.min(deleteBelow, keepFrom);
  const deleted: number[] = [];
  if (deleteBelow > first) ring.raiseFirstSegment(deleteBelow);
  if (deleteBelow > first || leftovers.length > 0) {
    let pooled = id.recycleSegments > 0 ? tidyRecyclePool(dir, id.recycleSegments) : 0;
    for (const k of [...leftovers, ...sealed]) {
      if (k >= deleteBelow && k >= first) break;
      try {
        if (retireSegment(dir, ring.baseOf(k), id.recycleSegments, pooled)) pooled++;
        deleted.push(ring.baseOf(k));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  return { deleted, firstPosition: ring.firstPosition() };
}

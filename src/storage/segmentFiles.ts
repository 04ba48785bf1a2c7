/**
 * The files of a segmented log's segments, one call each: opening (and
 * creating, from the recycling pool when the log recycles), allocating whole,
 * cutting a sealed segment to its records, and pointing `current.log` at the
 * active one. Who calls them when is decided above (the segment store, the
 * roll, recovery).
 * @module
 */
import {
  closeSync,
  constants as fsConstants,
  fstatSync,
  ftruncateSync,
  readSync,
  renameSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs';
import { basename } from 'node:path';
import type { SegmentRing } from '../control/segmentRing.js';
import { native } from '../native/binding.js';
import { logIdRegister } from '../native/crc32c.js';
import { fillerEnd } from './fillerFrame.js';
import { activeLinkPath, segmentPath } from './logPaths.js';
import { indexSealEnd } from './segmentIndex.js';
import { openHeldSegment, recycleInto } from './segmentRecycling.js';

/**
 * Opens segment `k` of the log in `dir` read-write, creating it if needed
 * (from the recycling pool first when `fresh` and the log recycles), without
 * allocating it.
 */
export function openSegmentFile(dir: string, ring: SegmentRing, k: number, mode: number, fresh: boolean): number {
  const path = segmentPath(dir, ring.baseOf(k));
  if (fresh && ring.recycling) recycleInto(dir, path, ring.segmentSize);
  const fd = openHeldSegment(path, fsConstants.O_RDWR | fsConstants.O_CREAT, ring.recycling, mode);
  if (fd < 0) {
    throw Object.assign(new Error(`ENOENT: segment file retired while it was being opened, open '${path}'`), {
      code: 'ENOENT',
      path,
    });
  }
  return fd;
}

/**
 * Opens segment `k` of the log in `dir` read-write, creating it if needed
 * and allocating it whole when `allocate` (throws the `fallocate` error:
 * ENOSPC, EDQUOT).
 */
export function openSegment(dir: string, ring: SegmentRing, k: number, mode: number, allocate: boolean): number {
  const fd = openSegmentFile(dir, ring, k, mode, allocate);
  try {
    if (allocate && fstatSync(fd).size < ring.segmentSize) {
      native.fallocate(fd, 0, 0, ring.segmentSize, segmentPath(dir, ring.baseOf(k)));
    }
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

/**
 * Cuts sealed segment `k` to its sealed end if the ring still records it
 * and the file is longer. Never extends a file; a missing file (deleted by
 * retention) is fine. `onThread`: see {@link cutSegment}.
 */
export function cutSealedSegment(dir: string, ring: SegmentRing, k: number, onThread = false): void {
  const end = ring.sealEnd(k);
  if (end >= 0) cutSegment(dir, ring, k, end, onThread);
}

/**
 * Records segment `k` sealed at `end`: in `segments.idx`, then in the ring.
 * A segment the ring has forgotten (its entry is a later segment's: the
 * sealer is late by a whole ring) is cut to its seal instead, as the ring's
 * forgetting would have done had it known it.
 */
export function recordSeal(dir: string, ring: SegmentRing, k: number, end: number, mode: number): void {
  indexSealEnd(dir, k, ring.baseOf(k), end, mode);
  if (!ring.seal(k, end, Date.now())) cutSegment(dir, ring, k, end);
}

/**
 * Cuts segment `k`'s file to hold the positions below `end`, if it is
 * longer. Never extends a file; a missing one (deleted by retention) is fine.
 * `onThread`: the cut itself runs on a thread of its own, holding the file
 * until it is done (for the roll, which must not wait for the file system
 * to free a segment's tail); best effort, as the last writer to close and
 * recovery cut again.
 */
export function cutSegment(dir: string, ring: SegmentRing, k: number, end: number, onThread = false): void {
  let fd: number;
  try {
    // Held: a retired file being recycled as another segment is never cut.
    fd = openHeldSegment(segmentPath(dir, ring.baseOf(k)), fsConstants.O_RDWR, ring.recycling);
  } catch {
    return;
  }
  if (fd < 0) return;
  try {
    const size = end - ring.baseOf(k);
    const fileSize = fstatSync(fd).size;
    if (fileSize <= size) return;
    // Past where a segment's records end nothing was ever written (the part of the crossing claim in it, or
    // what a roll by time skipped): bytes there mean `end` is not that place (a damaged seal or cursor), and
    // cutting would destroy records. Left as it is: readers stop at `end`, and `verify` looks past it.
    if (!nothingWrittenFrom(fd, ring, k, end, fileSize)) return;
    if (!onThread) {
      ftruncateSync(fd, size);
      return;
    }
    try {
      // Through a duplicate of `fd`, which holds the segment (its lock) until the cut is done.
      native.truncateAsync(fd, size);
    } catch {
      // No thread could be started: left for the next cut.
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Points `current.log` at segment `k`: a new link renamed over the old one,
 * so the name always resolves. Best effort: the link is a convenience for
 * tools, and the log is correct without it.
 */
export function pointActiveLink(dir: string, ring: SegmentRing, k: number): void {
  const link = activeLinkPath(dir);
  const temporary = `${link}.${process.pid}.${k}`;
  try {
    symlinkSync(basename(segmentPath(dir, ring.baseOf(k))), temporary);
    renameSync(temporary, link);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Never made.
    }
  }
}

/** Bytes of a segment read past its end to check that nothing was written there. */
const CUT_CHECK_BYTES = 4096;

/**
 * Whether nothing but filler was written in segment `k`'s file (of
 * `fileSize` bytes, open as `fd`) from position `end` on: the filler a
 * crossing claim's part there may hold (see {@link fillerEnd}), then zeros
 * (the first {@link CUT_CHECK_BYTES} after it are read).
 */
function nothingWrittenFrom(fd: number, ring: SegmentRing, k: number, end: number, fileSize: number): boolean {
  const base = ring.baseOf(k);
  const { format, logIdLo, logIdHi } = ring.identity;
  const head = Buffer.alloc(Math.min(CUT_CHECK_BYTES, fileSize - (end - base)));
  const got = readSync(fd, head, 0, head.length, end - base);
  const after = fillerEnd(head.subarray(0, got), end, end, format === 'framed', logIdRegister(logIdLo, logIdHi)) - base;
  if (after >= fileSize) return true;
  const rest = Buffer.alloc(Math.min(CUT_CHECK_BYTES, fileSize - after));
  const n = readSync(fd, rest, 0, rest.length, after);
  for (let i = 0; i < n; i++) if (rest[i] !== 0) return false;
  return true;
}

/**
 * After a reboot, the segments the control file does not know.
 *
 * The kernel writes the control file back whenever it likes, so after a
 * power cut its header page — cursor, segment ring, first segment — may be
 * older than the data: segments were rolled, written and synced (a sync
 * across a roll syncs the directory and `segments.idx` too) while the copy
 * on disk still shows an earlier segment active. Trusting it would have the
 * next writer append over those segments. So, with no live writer, recovery
 * first looks at the files: while segment `k + 1` (k: the cursor's segment)
 * exists and begins with what a roll leaves there — a valid frame at its
 * base (the crossing claim's filler, or a record; raw: any byte) — segment
 * `k` is sealed where its records end, `k + 1` is activated after its head
 * filler, both recorded as a roll records them, and the cursor is moved to
 * `k + 1`'s first record; the walk that follows settles its tail. A
 * segment file holding no such frame (allocated ahead, or never written
 * back) ends the search. Likewise the first segment is raised to the lowest
 * segment file left, if retention deleted below what the control file says.
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { SegmentRing } from '../control/segmentRing.js';
import { HEADER_SIZE } from '../layout/frame.js';
import { logIdRegister } from '../native/crc32c.js';
import { checkFrame, type FrameInfo, type FrameLimits, FrameState, findNextFrame } from '../reading/frameCheck.js';
import { isFiller } from '../storage/fillerFrame.js';
import { listSegmentBases, logFileMode } from '../storage/logPaths.js';
import { cutSealedSegment, pointActiveLink } from '../storage/segmentFiles.js';
import { mapSegmentImage, type SegmentImage } from '../storage/segmentImage.js';
import { indexFirstRecord, indexSealEnd } from '../storage/segmentIndex.js';

/** Adopts the segments past the control file's (see the module description); returns how many. */
export function adoptLaterSegments(control: ControlBlock, dir: string): number {
  const ring = new SegmentRing(control);
  const bases = listSegmentBases(dir);
  if (bases.length > 0) {
    const lowest = ring.segmentOf(bases[0] as number);
    if (lowest > ring.firstSegment()) ring.raiseFirstSegment(lowest);
  }
  const mode = logFileMode(dir);
  const framed = control.identity.format === 'framed';
  const limits: FrameLimits = {
    idRegister: logIdRegister(control.identity.logIdLo, control.identity.logIdHi) >>> 0,
    maxRecordSize: control.identity.maxRecordSize,
    end: 0,
  };
  let k = ring.segmentOf(control.cursor());
  let adopted = 0;
  for (;;) {
    const head = firstRecordOf(dir, ring, k + 1, framed, limits);
    if (head < 0) break;
    const end = recordsEnd(dir, ring, k, framed, limits);
    const now = Date.now();
    if (!ring.describes(k)) {
      forget(dir, ring, k);
      ring.activate(k, now, Math.max(control.identity.dataStart, ring.baseOf(k)));
    }
    if (ring.sealEnd(k) < 0) {
      indexSealEnd(dir, k, ring.baseOf(k), end, mode);
      ring.seal(k, end, now);
    }
    forget(dir, ring, k + 1);
    indexFirstRecord(dir, k + 1, ring.baseOf(k + 1), head, mode);
    ring.activate(k + 1, now, head);
    k++;
    adopted++;
  }
  if (adopted > 0) {
    if (control.cursor() < ring.firstRecord(k)) control.resetCursor(ring.firstRecord(k));
    pointActiveLink(dir, ring, k);
  }
  return adopted;
}

/** The ring entry of segment `k` is about to be written: the segment it described before is cut to its seal. */
function forget(dir: string, ring: SegmentRing, k: number): void {
  const previous = k - SegmentRing.capacity;
  if (previous >= 0) cutSealedSegment(dir, ring, previous);
}

function withImage<T>(dir: string, ring: SegmentRing, k: number, absent: T, use: (image: SegmentImage) => T): T {
  const image = mapSegmentImage(dir, ring, k);
  if (image === undefined) return absent;
  try {
    return use(image);
  } finally {
    image.close();
  }
}

/** Where segment `k`'s first record is, if its file begins as a roll leaves it; else -1. */
function firstRecordOf(dir: string, ring: SegmentRing, k: number, framed: boolean, limits: FrameLimits): number {
  return withImage(dir, ring, k, -1, (image) => {
    const base = image.base;
    if (!framed) return image.u8[0] !== 0 ? base : -1;
    if (image.size < HEADER_SIZE) return -1;
    const info: FrameInfo = { type: 0, length: 0, size: 0 };
    if (checkFrame(image, base, { ...limits, end: base + image.size }, info) !== FrameState.VALID) return -1;
    return isFiller(info.type) ? base + info.size : base;
  });
}

/**
 * Where segment `k`'s records end: past its last valid frame (framed; walking
 * frame by frame, and past damage to the next valid frame), or its last
 * non-zero byte (raw). A missing file ends at its base.
 */
function recordsEnd(dir: string, ring: SegmentRing, k: number, framed: boolean, limits: FrameLimits): number {
  const start = Math.max(ring.firstRecord(k), ring.baseOf(k));
  return withImage(dir, ring, k, ring.baseOf(k), (image) => {
    const fileEnd = image.base + image.size;
    if (!framed) {
      let last = image.size - 1;
      while (last >= 0 && image.u8[last] === 0) last--;
      return image.base + last + 1;
    }
    const bounded = { ...limits, end: fileEnd };
    const info: FrameInfo = { type: 0, length: 0, size: 0 };
    let end = start;
    for (let pos = start; pos + HEADER_SIZE <= fileEnd; ) {
      if (checkFrame(image, pos, bounded, info) === FrameState.VALID) {
        pos += info.size;
        end = pos;
        continue;
      }
      const next = findNextFrame(image, pos + HEADER_SIZE, bounded);
      if (next < 0) break;
      pos = next;
    }
    return end;
  });
}

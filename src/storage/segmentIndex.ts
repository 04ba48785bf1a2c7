/**
 * The segment index file of a segmented log (`segments.idx`): where each
 * segment's first record and sealed end are, kept for the segments the
 * control file's ring has forgotten (see `layout/directory.ts`). The ring
 * answers for the recent segments; this file for the others, so that no
 * reader depends on a sealed segment having been cut to its end. One small
 * positioned write per roll, by the writer that makes it, before the ring
 * says the same; a read only when a reader enters a forgotten segment.
 * @module
 */
import { closeSync, constants as fsConstants, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SEGMENT_INDEX_ENTRY_SIZE, SEGMENT_INDEX_NAME } from '../layout/directory.js';
import { openRegularFile } from './regularFile.js';

const FIRST_RECORD = 0;
const SEAL_END = 4;

function pathOf(dir: string): string {
  return join(dir, SEGMENT_INDEX_NAME);
}

/**
 * Best effort: a roll must not fail for it (a full disk). A segment whose
 * entry is missing is read up to its file's end, which the cutting of sealed
 * segments makes its sealed end; its head filler is then read as padding
 * (framed) or a blank line (raw).
 */
function store(dir: string, k: number, field: number, offset: number, mode: number): void {
  let fd: number;
  try {
    // A regular file only: opening a FIFO there to write would block the roll for good.
    fd = openRegularFile(pathOf(dir), fsConstants.O_WRONLY | fsConstants.O_CREAT, mode);
  } catch {
    return;
  }
  try {
    const value = Buffer.alloc(4);
    value.writeUInt32LE(offset + 1, 0);
    writeSync(fd, value, 0, 4, k * SEGMENT_INDEX_ENTRY_SIZE + field);
  } catch {
    // See above.
  } finally {
    closeSync(fd);
  }
}

/** Records where segment `k` (based at `base`) has its first record. */
export function indexFirstRecord(dir: string, k: number, base: number, first: number, mode: number): void {
  if (first !== base) store(dir, k, FIRST_RECORD, first - base, mode);
}

/** Records where segment `k` (based at `base`) was sealed. */
export function indexSealEnd(dir: string, k: number, base: number, end: number, mode: number): void {
  store(dir, k, SEAL_END, end - base, mode);
}

/**
 * What the index records of segment `k` (based at `base`, of `segmentSize`
 * positions): its first record (or its base) and sealed end (or -1). A value
 * that lies outside the segment is damage, read as not recorded — the base,
 * and the end of the segment's file (a forgotten segment was cut to its
 * seal) — never as a position in another segment. An index that cannot be
 * opened as a regular file records nothing.
 */
export function readSegmentIndex(
  dir: string,
  k: number,
  base: number,
  segmentSize: number,
): { firstRecord: number; sealEnd: number } {
  let fd: number;
  try {
    fd = openRegularFile(pathOf(dir), fsConstants.O_RDONLY);
  } catch {
    return { firstRecord: base, sealEnd: -1 };
  }
  try {
    const entry = Buffer.alloc(SEGMENT_INDEX_ENTRY_SIZE);
    const n = readSync(fd, entry, 0, entry.length, k * SEGMENT_INDEX_ENTRY_SIZE);
    const first = n >= 4 ? entry.readUInt32LE(FIRST_RECORD) : 0;
    const seal = n >= 8 ? entry.readUInt32LE(SEAL_END) : 0;
    return {
      firstRecord: first === 0 || first - 1 >= segmentSize ? base : base + first - 1,
      sealEnd: seal === 0 || seal - 1 > segmentSize ? -1 : base + seal - 1,
    };
  } finally {
    closeSync(fd);
  }
}

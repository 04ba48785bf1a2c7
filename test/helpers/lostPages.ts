/**
 * A framed log with acknowledged records gone, as after an OS crash: the
 * rest of one page and the whole next page zeroed from a record on (those
 * pages never reached the disk). Single-file or segmented.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { open } from '../../src/index.js';
import { segmentPath } from '../../src/storage/logPaths.js';

export interface LostPagesLog {
  /** Where records should be and are not: from the first zeroed record to the first whole one after. */
  lost: { start: number; end: number };
  /** The payloads that survive, in order. */
  surviving: string[];
  /** Every payload appended, in order. */
  payloads: string[];
}

const PAGE = 4096;

/** Writes 600 records into the log at `path` (created with `segmentSize` when given), then zeroes as described. */
export function lostPagesLog(path: string, segmentSize?: number): LostPagesLog {
  const log = open(path, { format: 'framed', ...(segmentSize === undefined ? {} : { segmentSize }) });
  const payloads = Array.from({ length: 600 }, (_, i) => `record ${String(i).padStart(3, '0')} ${'.'.repeat(i % 90)}`);
  const positions = payloads.map((p) => log.append(p));
  log.close();
  const first = positions.findIndex((p) => p >= 12_000 && p % PAGE > 1024);
  const start = positions[first];
  const zeroEnd = Math.ceil(start / PAGE) * PAGE + PAGE;
  const base = segmentSize === undefined ? 0 : Math.floor(start / segmentSize) * segmentSize;
  if (segmentSize !== undefined && zeroEnd > base + segmentSize)
    throw new Error('the zeroed pages must lie in one segment');
  const fd = openSync(segmentSize === undefined ? path : segmentPath(path, base), 'r+');
  try {
    writeSync(fd, Buffer.alloc(zeroEnd - start), 0, zeroEnd - start, start - base);
  } finally {
    closeSync(fd);
  }
  const next = positions.findIndex((p) => p >= zeroEnd);
  const surviving = payloads.filter((_, i) => i < first || i >= next);
  return { lost: { start, end: positions[next] }, surviving, payloads };
}

/**
 * `verify`: a full, read-only scan of a log with every CRC checked.
 * @module
 */
import { CAUGHT_UP, LogReader, PENDING } from './logReader.js';

/** What {@link verify} found. */
export interface VerifyReport {
  path: string;
  format: 'raw' | 'framed';
  /** True when nothing is corrupt. */
  ok: boolean;
  records: number;
  payloadBytes: number;
  paddingFrames: number;
  paddingBytes: number;
  /** Claims of dead writers stepped over (not yet padded). */
  deadClaims: number;
  /** Damaged ranges, each up to the next valid record. */
  corrupt: { start: number; end: number }[];
  /** Where the scan stopped: the cursor, or a live writer's claim still in progress. */
  end: number;
  cursor: number;
}

/**
 * Scans the whole log at `path` without changing it, checking every record
 * (framed: header and CRC32C). `onProgress(done, total)` is called every few
 * megabytes with positions.
 */
export function verify(path: string, onProgress?: (done: number, total: number) => void): VerifyReport {
  const reader = LogReader.open(path, { onCorrupt: 'skip' }, false);
  try {
    const cursor = reader.control.cursor();
    let reported = 0;
    for (;;) {
      const next = reader.nextSettled();
      if (next === CAUGHT_UP || next === PENDING) break;
      if (onProgress !== undefined && reader.position - reported >= 4 * 1024 * 1024) {
        reported = reader.position;
        onProgress(reported, cursor);
      }
    }
    onProgress?.(reader.position, cursor);
    const { stats } = reader;
    return {
      path,
      format: reader.framed ? 'framed' : 'raw',
      ok: stats.corrupt.length === 0,
      records: stats.records,
      payloadBytes: stats.payloadBytes,
      paddingFrames: stats.paddingFrames,
      paddingBytes: stats.paddingBytes,
      deadClaims: stats.deadClaims,
      corrupt: stats.corrupt,
      end: reader.position,
      cursor,
    };
  } finally {
    reader.close();
  }
}

/**
 * `verify`: a full, read-only scan of a log with every CRC checked.
 * @module
 */
import { CAUGHT_UP, LogReader, PENDING, type ReaderStats } from '../reading/logReader.js';

/** What {@link verify} found: the reader's counts, plus the verdict and where the scan ended. */
export interface VerifyReport extends ReaderStats {
  path: string;
  format: 'raw' | 'framed';
  /**
   * True when nothing is corrupt and no data is missing: `corrupt` and `lost`
   * are empty. Claims of dead writers (padded or not) are no damage: no record
   * was acknowledged there.
   */
  ok: boolean;
  /** Where the scan stopped: the cursor, or a live writer's claim still in progress. */
  end: number;
  cursor: number;
}

/**
 * Scans the whole log at `path` without changing it, checking every record
 * (framed: header and CRC32C), and tells damage from the normal leftovers of
 * crashes: padding over dead writers' claims, or a claim whose writer slot
 * shows it died mid-append, is fine; a corrupt frame, a LOST frame (data that
 * recovery found missing) or an uncommitted gap that no writer's claim
 * accounts for (zeroed or stale pages) is damage. `onProgress(done, total)`
 * is called every few megabytes with positions.
 */
export function verify(path: string, onProgress?: (done: number, total: number) => void): VerifyReport {
  const reader = LogReader.open(path, { onCorrupt: 'skip' }, false);
  try {
    const cursor = reader.control.cursor();
    let reported = 0;
    for (;;) {
      const next = reader.nextSettled(false);
      if (next === CAUGHT_UP || next === PENDING) break;
      if (onProgress !== undefined && reader.position - reported >= 4 * 1024 * 1024) {
        reported = reader.position;
        onProgress(reported, cursor);
      }
    }
    onProgress?.(reader.position, cursor);
    return {
      ...reader.stats,
      path,
      format: reader.framed ? 'framed' : 'raw',
      ok: reader.stats.corrupt.length === 0 && reader.stats.lost.length === 0,
      end: reader.position,
      cursor,
    };
  } finally {
    reader.close();
  }
}

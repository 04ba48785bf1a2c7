/**
 * `verify`: a full, read-only scan of a log with every CRC checked.
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { claimExplains, judgeClaim } from '../reading/claims.js';
import { LogReader } from '../reading/logReader.js';
import { type ByteRange, CAUGHT_UP, PENDING, type ReaderStats } from '../reading/readerTypes.js';
import { checkPath, describeType } from '../util/arguments.js';
import { hiddenByLimits } from './segmentLimits.js';

/** What {@link verify} found: the reader's counts, plus the verdict and where the scan ended. */
export interface VerifyReport extends ReaderStats {
  path: string;
  format: 'raw' | 'framed';
  /**
   * Framed: the records. Raw: the complete lines, as {@link lines} (a raw log
   * has no records; the reader's byte ranges are a count of nothing).
   */
  records: number;
  /** Framed: the records' payload bytes. Raw: the bytes scanned, `end` − 0. */
  payloadBytes: number;
  /**
   * Raw logs only: the lines, each ending in a newline (what `wc -l` counts).
   * A last line without its newline is not counted here: its bytes are
   * {@link unterminatedBytes}.
   */
  lines?: number;
  /**
   * Raw logs only: bytes after the last newline — a last line without its
   * newline (a file that does not end in one, or a line a live writer is
   * still appending piece by piece). 0 when the log ends in a newline.
   */
  unterminatedBytes?: number;
  /**
   * True when nothing is corrupt and no data is missing: `corrupt` and `lost`
   * are empty and `unreadable` is null. Claims of dead writers (padded or
   * not) are no damage: no record was acknowledged there.
   */
  ok: boolean;
  /** Where the scan stopped: the cursor, a live writer's claim still in progress, or `unreadable`'s start. */
  end: number;
  cursor: number;
  /**
   * Where the scan stopped below the cursor with no writer's claim to
   * explain it (neither a live writer's append in progress nor a dead
   * writer's claim past the end of the file): the positions from there to
   * the cursor could not be read — a segment or data file missing or cut
   * behind the log's back. Null when the scan reached the cursor, or stopped
   * at such a claim.
   */
  unreadable: { start: number; end: number } | null;
  /**
   * Segmented logs: written bytes where the control file (or
   * `segments.idx`) says no record lies — past a segment's sealed end, or
   * data frames (raw: text) before its first record. A damaged seal or first
   * record hides them from every reader; `verify` reports them and `ok` is
   * false. Segments below the active one only.
   */
  hidden: ByteRange[];
}

/**
 * Scans the whole log at `path` without changing it, checking every record
 * (framed: header and CRC32C), and tells damage from the normal leftovers of
 * crashes: padding over dead writers' claims, or a claim whose writer slot
 * shows it died mid-append, is fine; a corrupt frame, a LOST frame (data that
 * recovery found missing) or an uncommitted gap that no writer's claim
 * accounts for (zeroed or stale pages) is damage. A raw log is counted in
 * lines and bytes. `onProgress(done, total)` is called every few megabytes
 * with positions.
 *
 * @throws TypeError for a path that is not a non-empty string, or an
 *   `onProgress` that is not a function (nothing is opened then).
 */
export function verify(path: string, onProgress?: (done: number, total: number) => void): VerifyReport {
  checkPath(path);
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new TypeError(`onProgress must be a function, got ${describeType(onProgress)}`);
  }
  const reader = LogReader.open(path, { onCorrupt: 'skip' }, false);
  try {
    reader.countLines = true;
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
    const end = reader.position;
    // Judged when the scan stopped (a live writer's claim there may be committed by now), and again.
    const unreadable =
      end < cursor && !reader.waitingOnLiveWriter && !claimed(reader.control, end) ? { start: end, end: cursor } : null;
    const hidden = hiddenByLimits(reader);
    const report: VerifyReport = {
      ...reader.stats,
      hidden,
      path,
      format: reader.framed ? 'framed' : 'raw',
      ok:
        reader.stats.corrupt.length === 0 &&
        reader.stats.lost.length === 0 &&
        reader.stats.missing.length === 0 &&
        hidden.length === 0 &&
        unreadable === null,
      end,
      cursor,
      unreadable,
    };
    if (!reader.framed) {
      report.records = reader.lines;
      report.lines = reader.lines;
      report.unterminatedBytes = reader.position - reader.lineEnd;
    }
    return report;
  } finally {
    reader.close();
  }
}

/** Whether some writer's claim, live or dead, accounts for the position a scan stopped at. */
function claimed(control: ControlBlock, pos: number): boolean {
  return claimExplains(judgeClaim(control, pos));
}

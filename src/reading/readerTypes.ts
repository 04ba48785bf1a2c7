/**
 * What the reading functions take and give: the options of a read, the
 * records returned, the two states that are not a record ({@link PENDING},
 * {@link CAUGHT_UP}), and the counts of what a reader stepped over (which
 * `verify` and `recover` report), kept as they are defined here.
 * @module
 */
import type { PositionGoneError } from '../errors.js';

/** One record (framed) or byte range (raw) of a log. */
export interface LogRecord {
  /** Its position: pass it as `from` to resume exactly here. */
  pos: number;
  /**
   * Its bytes (a copy: it stays valid after the reader moves on). Copies of
   * up to 4 KiB share an underlying ArrayBuffer with other records' copies
   * (never with other data): only the view's own range is the record's. To
   * hand a record to another thread, transfer a copy (`data.slice()`), not
   * `data.buffer`.
   */
  data: Uint8Array;
  /**
   * The position right after it: where reading resumes once it is processed
   * (what a named consumer commits).
   */
  next: number;
}

/**
 * What a reader does on a corrupt frame, or at a segment whose file is
 * missing or cut short: throw `ERR_MMLOG_CORRUPT`, or skip it and count it.
 */
export type CorruptionPolicy = 'throw' | 'skip';

/** Options of the reading functions. */
export interface ReadOptions {
  /**
   * Position to start at: 0 (the beginning), a `pos` returned by `append()` or
   * a reader, or the cursor. Raw logs: any byte. Framed logs: a position where
   * no record starts (inside a record, or where no record start can be
   * established) is refused with `ERR_MMLOG_NOT_A_BOUNDARY`.
   */
  from?: number;
  /** Default `'throw'`. */
  onCorrupt?: CorruptionPolicy;
  /**
   * With `onCorrupt: 'skip'`, called with each damaged range skipped (`end` is
   * where reading resumed): corrupt frames, and the part of a segment whose
   * file is missing or cut short.
   */
  onSkip?: (start: number, end: number) => void;
  /**
   * Framed logs: called with each range the reader passes where records
   * should be and are not (`[start, end)`, in log order, whatever
   * `onCorrupt` says): a LOST frame, or a gap no writer's claim accounts for,
   * such as pages that never reached the disk before an OS crash. Records
   * may have been acknowledged there and are gone; reading goes on after it.
   * A long gap may come as several adjacent ranges. A throw ends the read.
   */
  onLost?: (start: number, end: number) => void;
  /**
   * Open the log read-only. By default a reader opens it read-write when it
   * can (falling back to read-only when the files' permissions say so), so
   * that it persists the padding of dead writers' claims it passes and
   * publishes the committed watermark; a read-only reader never writes to
   * either file: it only steps over such claims, and a follower polls instead
   * of announcing itself to writers.
   */
  readOnly?: boolean;
  /**
   * Segmented logs: what to do when `from` lies below the first position the
   * log still holds (retention deleted it): `'throw'` a
   * {@link PositionGoneError} (with `firstPosition`), or start at the
   * `'oldest'` record there is. `from` 0 (the default) always means the
   * oldest. Default `'throw'`.
   */
  ifGone?: 'throw' | 'oldest';
}

/** Nothing complete at the current position yet (a writer is at work there). */
export const PENDING = Symbol('pending');
/** The reader has reached the cursor. */
export const CAUGHT_UP = Symbol('caught up');

/** Counters of what a reader stepped over. */
export interface ReaderStats {
  /**
   * Framed: DATA records passed. Raw: byte ranges returned, which end
   * wherever the reader stopped (at most 1 MiB each): a count of nothing in
   * the log — see `LogReader.lines` for what a raw log holds.
   */
  records: number;
  /** Framed: payload bytes of the records passed. Raw: bytes passed. */
  payloadBytes: number;
  paddingFrames: number;
  paddingBytes: number;
  /** Claims of dead writers moved past (and padded, when the reader may write). */
  deadClaims: number;
  /** Ranges found corrupt and skipped. */
  corrupt: ByteRange[];
  /**
   * Ranges where records should be and are not: LOST frames passed (written by
   * recovery or an earlier reader), and uncommitted gaps that no writer's claim
   * accounts for (zeroed or stale pages after an OS crash), which a reader
   * that may write marks with a LOST frame. Contiguous ranges are merged.
   */
  lost: ByteRange[];
  /**
   * Segmented logs: ranges skipped because their segment file is missing or
   * cut short below the active segment (deleted or truncated behind the
   * log's back; retention's deletions are not counted). Nothing there could
   * be read. Contiguous ranges are merged.
   */
  missing: ByteRange[];
}

/** The counters of a reader that has stepped over nothing yet. */
export function emptyReaderStats(): ReaderStats {
  return {
    records: 0,
    payloadBytes: 0,
    paddingFrames: 0,
    paddingBytes: 0,
    deadClaims: 0,
    corrupt: [],
    lost: [],
    missing: [],
  };
}

/** Adds `[start, end)` to `ranges`, merged with the last range when they touch (as `lost` is kept). */
export function addMerged(ranges: ByteRange[], start: number, end: number): void {
  const last = ranges.at(-1);
  if (last !== undefined && last.end === start) last.end = end;
  else ranges.push({ start, end });
}

/** A range of positions `[start, end)`. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Why a range was padded: a dead writer's claim, a gap nothing accounts for, or corrupt frames (recovery). */
export type PaddingReason = 'dead-claim' | 'lost' | 'corrupt';

/** A range a reader or recovery wrote filler over. */
export interface PaddedRange extends ByteRange {
  reason: PaddingReason;
}

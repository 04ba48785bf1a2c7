/**
 * The public reading API: {@link read} (what is committed now) and
 * {@link follow} (and then wait for more).
 * @module
 */

import { Waiter } from '../control/notify.js';
import { HEADER_SIZE, LEN_WORD_OFFSET } from '../layout/frame.js';
import {
  abortSignal,
  boolean,
  callback,
  checkOptions,
  checkPath,
  type OptionChecks,
  oneOf,
  position,
} from '../util/arguments.js';
import { rawCommitted } from './claims.js';
import { LogReader } from './logReader.js';
import { CAUGHT_UP, type LogRecord, PENDING, type ReadOptions } from './readerTypes.js';

export type { CorruptionPolicy, LogRecord, ReadOptions } from './readerTypes.js';

/** Options of {@link follow}. */
export interface FollowOptions extends ReadOptions {
  /** Ends the iteration cleanly when aborted. */
  signal?: AbortSignal;
}

/** The checks of {@link read}'s options (shared with the read stream). */
export const READ_CHECKS: OptionChecks<ReadOptions> = {
  from: position,
  onCorrupt: oneOf('throw', 'skip'),
  onSkip: callback,
  onLost: callback,
  readOnly: boolean,
  ifGone: oneOf('throw', 'oldest'),
};
const FOLLOW_CHECKS: OptionChecks<FollowOptions> = { ...READ_CHECKS, signal: abortSignal };

/** How long a follower sleeps at most before re-checking a claim whose writer may have died. */
const PENDING_POLL_MS = 50;
/** How long a caught-up follower sleeps at most between checks (writers wake it sooner). */
const IDLE_POLL_MS = 1000;
/**
 * How long a follower that cannot announce itself to writers (its control
 * file is mapped read-only) sleeps at most between checks: nobody wakes it,
 * so this bounds how late it sees a new record.
 */
const READ_ONLY_POLL_MS = 100;
/** Cap of the back-off exponent (2^n ms; every limit above is far below it). */
const MAX_BACKOFF = 16;

/**
 * Reads the records committed now, from `options.from` (default: the
 * beginning). A framed log yields one entry per record; a raw log yields
 * byte ranges. Never returns part of a record that is still being written,
 * and steps over the claims of writers that died. Positions are stable:
 * `from: record.pos` resumes exactly at that record.
 *
 * Bad arguments are refused by this call itself, before anything is opened:
 * TypeError (wrong types, unknown options) or RangeError (out of range).
 * Everything else is thrown by the iteration: the log's own errors, and
 * CorruptionError (`ERR_MMLOG_CORRUPT`, with the position) on a damaged
 * record, unless `onCorrupt: 'skip'`.
 */
export function read(path: string, options?: ReadOptions): Iterable<LogRecord> {
  checkPath(path);
  const checked = checkOptions('read', options, READ_CHECKS);
  return {
    *[Symbol.iterator]() {
      const reader = LogReader.open(path, checked);
      try {
        for (let next = reader.nextSettled(); typeof next === 'object'; next = reader.nextSettled()) yield next;
      } finally {
        reader.close();
      }
    },
  };
}

/**
 * Like {@link read}, then waits for new records instead of ending, without
 * spinning: it sleeps on a futex in the control file that writers signal only
 * while someone is waiting. Ends when `options.signal` aborts. A writer that
 * dies in the middle of a record is moved past within a second of its death;
 * a stopped (SIGSTOP) writer is waited for, never skipped. A follower that
 * cannot write the control file (`readOnly`, or its permissions) polls
 * instead, backing off to one check every 100 ms. Bad arguments are refused
 * by this call itself, as by {@link read}.
 */
export function follow(path: string, options?: FollowOptions): AsyncIterable<LogRecord> {
  checkPath(path);
  const checked = checkOptions('follow', options, FOLLOW_CHECKS);
  return {
    async *[Symbol.asyncIterator]() {
      const { signal } = checked;
      if (signal?.aborted) return;
      const reader = LogReader.open(path, checked);
      // Only a follower that may write the control file can set WAITERS; the others poll.
      const polling = !reader.controlWritable;
      const waiter = new Waiter(reader.control, !polling);
      const onAbort = () => waiter.interrupt();
      signal?.addEventListener('abort', onAbort);
      try {
        // `news`: the last wait ended because hasNews() said so. If next() then finds nothing,
        // hasNews() is not trusted again until a record comes (never spin on a disagreement,
        // such as bytes claimed past the end of the file), and sleeps back off from 2 ms.
        let news = false;
        let distrust = false;
        let backoff = 0;
        while (!signal?.aborted) {
          const next = reader.next();
          if (next !== PENDING && next !== CAUGHT_UP) {
            news = false;
            distrust = false;
            backoff = 0;
            yield next;
            continue;
          }
          if (news) distrust = true;
          if (distrust || polling) backoff = Math.min(backoff + 1, MAX_BACKOFF);
          const limit = polling ? READ_ONLY_POLL_MS : next === PENDING ? PENDING_POLL_MS : IDLE_POLL_MS;
          const timeout = backoff > 0 ? Math.min(limit, 2 ** backoff) : limit;
          news = false;
          await waiter.wait(() => (news = signal?.aborted === true || (!distrust && hasNews(reader))), timeout);
        }
      } finally {
        signal?.removeEventListener('abort', onAbort);
        reader.close();
      }
    },
  };
}

/** Whether something may have changed at the reader's position (for a follower deciding to sleep). */
function hasNews(reader: LogReader): boolean {
  const { control, window, position: pos } = reader;
  const cursor = control.cursor();
  if (cursor <= pos) return false;
  if (window.skipSealed(pos) !== pos) return true;
  // Raw: only bytes below the watermark that are also in the file (the cursor may run past its end).
  if (!reader.framed) {
    return rawCommitted(control) > pos && window.safeEnd(pos, pos + 1) > pos;
  }
  if (pos + HEADER_SIZE > window.safeEnd(pos, pos + HEADER_SIZE)) return false;
  window.cover(pos);
  return Atomics.load(window.i32, (pos - window.base + LEN_WORD_OFFSET) >>> 2) !== 0;
}

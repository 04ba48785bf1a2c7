/**
 * The public reading API: {@link read} (what is committed now) and
 * {@link follow} (and then wait for more).
 * @module
 */

import { Waiter } from '../control/notify.js';
import { CAUGHT_UP, LogReader, type LogRecord, PENDING, type ReadOptions } from './logReader.js';

export type { CorruptionPolicy, LogRecord, ReadOptions } from './logReader.js';

/** Options of {@link follow}. */
export interface FollowOptions extends ReadOptions {
  /** Ends the iteration cleanly when aborted. */
  signal?: AbortSignal;
}

/** How long a follower sleeps at most before re-checking a claim whose writer may have died. */
const PENDING_POLL_MS = 50;
/** How long a caught-up follower sleeps at most between checks (writers wake it sooner). */
const IDLE_POLL_MS = 1000;

/**
 * Reads the records committed now, from `options.from` (default: the
 * beginning). A framed log yields one entry per record; a raw log yields
 * byte ranges. Never returns part of a record that is still being written,
 * and steps over the claims of writers that died. Positions are stable:
 * `from: record.pos` resumes exactly at that record.
 *
 * @throws CorruptionError (`ERR_MMLOG_CORRUPT`, with the position) on a
 *   damaged record, unless `onCorrupt: 'skip'`.
 */
export function read(path: string, options: ReadOptions = {}): Iterable<LogRecord> {
  return {
    *[Symbol.iterator]() {
      const reader = LogReader.open(path, options);
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
 * a stopped (SIGSTOP) writer is waited for, never skipped.
 */
export function follow(path: string, options: FollowOptions = {}): AsyncIterable<LogRecord> {
  return {
    async *[Symbol.asyncIterator]() {
      const { signal } = options;
      if (signal?.aborted) return;
      const reader = LogReader.open(path, options);
      const waiter = new Waiter(reader.control);
      const onAbort = () => waiter.interrupt();
      signal?.addEventListener('abort', onAbort);
      try {
        while (!signal?.aborted) {
          const next = reader.next();
          if (next !== PENDING && next !== CAUGHT_UP) {
            yield next;
            continue;
          }
          await waiter.wait(
            () => signal?.aborted === true || reader.hasNews(),
            next === PENDING ? PENDING_POLL_MS : IDLE_POLL_MS,
          );
        }
      } finally {
        signal?.removeEventListener('abort', onAbort);
        reader.close();
      }
    },
  };
}

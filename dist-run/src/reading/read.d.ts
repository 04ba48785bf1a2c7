/**
 * The public reading API: {@link read} (what is committed now) and
 * {@link follow} (and then wait for more).
 * @module
 */
import { type OptionChecks } from '../util/arguments.js';
import { type LogRecord, type ReadOptions } from './logReader.js';
export type { CorruptionPolicy, LogRecord, ReadOptions } from './logReader.js';
/** Options of {@link follow}. */
export interface FollowOptions extends ReadOptions {
    /** Ends the iteration cleanly when aborted. */
    signal?: AbortSignal;
}
/** The checks of {@link read}'s options (shared with the read stream). */
export declare const READ_CHECKS: OptionChecks<ReadOptions>;
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
export declare function read(path: string, options?: ReadOptions): Iterable<LogRecord>;
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
export declare function follow(path: string, options?: FollowOptions): AsyncIterable<LogRecord>;

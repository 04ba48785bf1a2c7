/**
 * A pino destination backed by an mmlog log: every process of a cluster
 * can log to the same file at once, each line lands whole, and a line is in
 * the file (the shared page cache) as soon as the log call returns — it
 * survives the process crashing, being killed or calling `process.exit()`
 * right after, with no flushing and no worker thread.
 *
 * ```ts
 * import pino from 'pino';
 * import { destination } from 'mmlog/pino';
 *
 * const logger = pino(destination('/var/log/app.log'));
 * logger.info('hello');
 * ```
 *
 * The module's default export builds the same destination inside a pino
 * transport's worker thread: `pino.transport({ target: 'mmlog/pino',
 * options: { dest } })`. That works, but gives up what mmlog is for: pino
 * then buffers lines in the transport's ring buffer, and a process killed
 * before the worker has written them loses them. Prefer `pino(destination())`.
 *
 * The file is a raw log by default: an ordinary NDJSON file that `jq` and
 * log shippers read as usual. One difference while writers have it open:
 * the file is preallocated a chunk ahead, so it ends in zero bytes after the
 * last line (readers should stop at the first NUL). The last writer to close
 * trims them; after a crash, the next writer to open and close the log does.
 * @module
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { ErrorCode, MmlogError } from '../errors.js';
import { type OpenOptions, open } from '../open.js';
import type { Log } from '../writing/log.js';
import { RefusedLines } from './refusedLines.js';

/** Options of {@link destination}: the log's path, a few of `pino.destination`'s options, and any {@link OpenOptions}. */
export interface DestinationOptions extends OpenOptions {
  /** The log file (named `dest` as in `pino.destination`). */
  dest: string;
  /** Create the log's directory (and its parents) if missing, here and on {@link MmlogDestination.reopen}. Default false. */
  mkdir?: boolean;
  /**
   * Accepted for drop-in compatibility with `pino.destination({ sync })`, and
   * ignored: every write is synchronous and crash-safe (the line is in the
   * shared page cache when `write` returns), and costs a memory copy, not a
   * syscall. `sync: false` would buy nothing: there is no I/O to defer.
   */
  sync?: boolean;
  /**
   * `'SIGHUP'`: call {@link MmlogDestination.reopen} when the process receives
   * SIGHUP (what logrotate's `postrotate` sends), until {@link MmlogDestination.end}
   * or {@link MmlogDestination.destroy}. Any number of destinations may ask
   * for it. While a handler is installed SIGHUP no longer terminates the
   * process (Node's rule for any listener). Main thread only: Node delivers
   * no signals to worker threads, where pino transports run.
   */
  reopenOn?: 'SIGHUP';
}

/**
 * `pino.destination` (sonic-boom) options that have no meaning here. Named so
 * that a drop-in replacement fails with the reason, not just "unknown option".
 */
const UNSUPPORTED: Record<string, string> = {
  minLength: 'mmlog never buffers a line',
  maxLength: 'mmlog never buffers a line',
  maxWrite: 'mmlog never buffers a line',
  periodicFlush: 'mmlog never buffers a line',
  fsync: 'a log is made durable by normal write-back, never per line',
  append: 'a log is always appended to',
  contentMode: 'strings and byte arrays are both accepted',
  retryEAGAIN: 'an append never returns EAGAIN',
};

/** What the destination does besides the log's own options. */
interface Behaviour {
  mkdir: boolean;
  reopenOn: 'SIGHUP' | undefined;
  /** Chunks may hold several lines or part of one (a transport's worker): append whole lines only. */
  splitLines: boolean;
}

/**
 * A pino-compatible destination stream (the shape pino expects of
 * `pino.destination()`, i.e. sonic-boom): {@link write}, {@link flush},
 * {@link flushSync}, {@link end}, {@link reopen}, and the events `ready`,
 * `finish`, `close` and `error`.
 *
 * Nothing is buffered: each {@link write} is one {@link Log.append}, so
 * `flush` and `flushSync` have nothing to do. Not a durability barrier: a
 * line reaches the disk with normal write-back (it survives a process
 * crash, not a power cut).
 */
export class MmlogDestination extends EventEmitter {
  /** Always true: `pino(stream)` recognises a destination passed as its only argument by this. */
  readonly writable = true;
  /** The current log file; {@link reopen} may change it. */
  file: string;
  /** True once {@link end} or {@link destroy} has closed the log. */
  destroyed = false;
  private readonly refusals = new RefusedLines('mmlog/pino');

  private readonly options: OpenOptions;
  private readonly behaviour: Behaviour;
  private log: Log;
  /** The start of a line whose end has not been written yet (only when splitting lines). */
  private partial: (string | Uint8Array)[] = [];
  private readonly onSignal: (() => void) | undefined;

  /** @internal Use {@link destination}. */
  constructor(file: string, options: OpenOptions, behaviour: Behaviour) {
    super();
    this.file = file;
    this.options = options;
    this.behaviour = behaviour;
    this.log = this.openLog(file);
    if (behaviour.reopenOn !== undefined) {
      this.onSignal = () => this.reopen();
      process.on(behaviour.reopenOn, this.onSignal);
    }
    // sonic-boom announces an opened file asynchronously; tools waiting for it expect the event.
    process.nextTick(() => this.emit('ready'));
  }

  /**
   * Appends `chunk` as one record. pino calls this with one complete line,
   * ending in `'\n'`, per log call; the line is in the file when this returns.
   * (Built by the default export, for a transport's worker, which hands over
   * whatever its buffer holds: there each complete line is one record, and
   * the start of an unfinished line waits for its end.)
   *
   * A line that cannot be appended (over `maxRecordSize`, a full disk) is
   * refused alone, counted in {@link refused}, and reported: as an `'error'`
   * event when something listens for one (as sonic-boom does), else as a
   * process warning (the first of each error code) — never by an `'error'`
   * nobody listens for, which would end the process over one log line. In a
   * transport's worker it is always a warning (thread-stream ends the
   * transport for good at its destination's first `'error'`), and the other
   * lines of the chunk are appended all the same.
   *
   * @returns true (there is never backpressure); false when a line was
   *   refused, outside a transport (a transport's worker would wait for a
   *   `'drain'` after false).
   * @throws MmlogError `ERR_MMLOG_CLOSED` when the destination has been ended.
   */
  write(chunk: string | Uint8Array): boolean {
    if (this.destroyed) throw ended(this.file);
    if (this.behaviour.splitLines) {
      this.appendLines(chunk);
      return true;
    }
    try {
      this.log.append(chunk);
      return true;
    } catch (error) {
      this.report(error);
      return false;
    }
  }

  /** Lines refused so far (over `maxRecordSize`, a full disk): each was reported, as an `'error'` event or a warning. */
  get refused(): number {
    return this.refusals.count;
  }

  /** Calls `cb` on the next tick: every line written so far is already in the file. */
  flush(cb?: (error?: Error) => void): void {
    if (cb !== undefined) process.nextTick(cb);
  }

  /** Does nothing: nothing is ever buffered. Safe to call after {@link end}. */
  flushSync(): void {}

  /**
   * Starts appending to `file` (default: the current file), for log rotation:
   * after moving the log away, call `reopen()` to continue in a fresh file,
   * or `reopen(newPath)` to switch to a new name. The new log is opened before
   * the old one is closed, so a failure leaves the destination writing where
   * it was and is reported as an `'error'` event.
   *
   * A log's control file (`<file>.ctl`) goes with its data file: move both,
   * or rotate by switching to a new name.
   */
  reopen(file?: string): void {
    if (this.destroyed) throw ended(this.file);
    if (file !== undefined && (typeof file !== 'string' || file.length === 0)) {
      throw new TypeError('reopen() takes a non-empty path or nothing');
    }
    const target = file ?? this.file;
    let next: Log;
    try {
      next = this.openLog(target);
    } catch (error) {
      this.emit('error', error);
      return;
    }
    const previous = this.log;
    this.log = next;
    this.file = target;
    previous.close();
  }

  /**
   * Closes the log (the last writer to close trims the file to its exact
   * length), then emits `'finish'` and `'close'` on the next tick, like
   * sonic-boom. Calling it again does nothing.
   */
  end(): void {
    if (this.destroyed) return;
    // A transport ending mid-line: what came of the line is kept, as one record.
    if (this.partial.length > 0) this.write('\n');
    this.closeLog();
    process.nextTick(() => {
      this.emit('finish');
      this.emit('close');
    });
  }

  /** Closes the log at once and emits `'close'` (no `'finish'`), like sonic-boom. */
  destroy(): void {
    if (this.destroyed) return;
    this.closeLog();
    process.nextTick(() => this.emit('close'));
  }

  private openLog(file: string): Log {
    if (this.behaviour.mkdir) mkdirSync(dirname(file), { recursive: true });
    return open(file, this.options);
  }

  private closeLog(): void {
    this.destroyed = true;
    if (this.onSignal !== undefined) process.off(this.behaviour.reopenOn!, this.onSignal);
    this.log.close();
  }

  /**
   * Appends each complete line of `chunk` (with what came before it) as one
   * record; keeps the rest. A line refused is reported and the next ones are
   * appended all the same.
   */
  private appendLines(chunk: string | Uint8Array): void {
    let start = 0;
    for (let nl = newlineAt(chunk, start); nl >= 0; nl = newlineAt(chunk, start)) {
      const line = chunk.slice(start, nl + 1);
      start = nl + 1;
      let whole: string | Uint8Array = line;
      if (this.partial.length > 0) {
        this.partial.push(line);
        whole = joinPieces(this.partial);
        this.partial = [];
      }
      try {
        this.log.append(whole);
      } catch (error) {
        this.report(error);
      }
    }
    if (start < chunk.length) this.partial.push(chunk.slice(start));
  }

  /** Reports a refused line (see {@link write}). */
  private report(error: unknown): void {
    this.refusals.count++;
    if (!this.behaviour.splitLines && this.listenerCount('error') > 0) this.emit('error', error);
    else this.refusals.warn(this.file, error);
  }
}

function ended(file: string): MmlogError {
  return new MmlogError(ErrorCode.CLOSED, 'the mmlog destination has been ended', file);
}

/** Position of the first `'\n'` at or after `from`; in UTF-8 bytes 0x0a is never part of another character. */
function newlineAt(chunk: string | Uint8Array, from: number): number {
  return typeof chunk === 'string' ? chunk.indexOf('\n', from) : chunk.indexOf(0x0a, from);
}

function joinPieces(pieces: (string | Uint8Array)[]): string | Uint8Array {
  if (pieces.every((p) => typeof p === 'string')) return pieces.join('');
  return Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
}

/** Splits `{ dest, mkdir, sync, reopenOn, ...openOptions }`, refusing what is malformed or unsupported. */
function parseOptions(options: DestinationOptions, splitLines: boolean): [string, OpenOptions, Behaviour] {
  const { dest, mkdir = false, sync = true, reopenOn, ...openOptions } = options;
  if (typeof dest !== 'string' || dest.length === 0) {
    throw new TypeError(`option 'dest' must be a non-empty path string, got ${typeof dest}`);
  }
  if (typeof mkdir !== 'boolean') throw new TypeError(`option 'mkdir' must be a boolean, got ${typeof mkdir}`);
  if (typeof sync !== 'boolean') throw new TypeError(`option 'sync' must be a boolean, got ${typeof sync}`);
  if (reopenOn !== undefined) {
    if (reopenOn !== 'SIGHUP') throw new RangeError(`option 'reopenOn' must be 'SIGHUP', got ${String(reopenOn)}`);
    if (!isMainThread) {
      throw new RangeError("option 'reopenOn' needs the main thread: Node delivers no signals to worker threads");
    }
  }
  for (const key of Object.keys(openOptions)) {
    if (key in UNSUPPORTED)
      throw new TypeError(`option '${key}' of pino.destination is not supported: ${UNSUPPORTED[key]}`);
  }
  return [dest, openOptions, { mkdir, reopenOn, splitLines }];
}

/**
 * Opens (or creates) the mmlog log at a path and returns a pino destination
 * writing to it. Any number of processes may open the same path.
 *
 * @param pathOrOptions The log file, or `{ dest, mkdir?, sync?, reopenOn?,
 *   ...openOptions }`. The format defaults to `'raw'` (a plain NDJSON file);
 *   `'framed'` adds a checksummed header to each line.
 * @throws TypeError / RangeError for malformed or unknown options (including
 *   `pino.destination` options that mean nothing here, such as `minLength`);
 *   what {@link open} throws (a missing directory without `mkdir`, a file
 *   that is not a log).
 */
export function destination(pathOrOptions: string | DestinationOptions): MmlogDestination {
  if (typeof pathOrOptions === 'string') return destination({ dest: pathOrOptions });
  if (pathOrOptions === null || typeof pathOrOptions !== 'object') {
    throw new TypeError('destination() takes a path or { dest, ...options }');
  }
  return new MmlogDestination(...parseOptions(pathOrOptions, false));
}

/**
 * What pino and thread-stream add to a transport's options on their way to
 * the worker: thread-stream's `$context`, pino's `pinoWillSendConfig`, and
 * `pino.transport()`'s own `levels` and `dedupe` (for multistreams).
 */
const TRANSPORT_KEYS = new Set(['$context', 'pinoWillSendConfig', 'levels', 'dedupe']);

function withoutTransportKeys(options: DestinationOptions): DestinationOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([key]) => !TRANSPORT_KEYS.has(key)),
  ) as unknown as DestinationOptions;
}

/**
 * The pino transport entry point: `pino.transport({ target: 'mmlog/pino',
 * options: { dest, ... } })` calls it in the transport's worker thread with
 * `options` (the same as {@link destination}'s, less `reopenOn` and
 * `onRecovery`, which cannot work or cross into a worker). The worker hands
 * over chunks of its buffer, not lines: each complete line becomes one record.
 */
export default function transport(options: DestinationOptions): MmlogDestination {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('the mmlog/pino transport needs options: { dest, ...options }');
  }
  return new MmlogDestination(...parseOptions(withoutTransportKeys(options), true));
}

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
 * The file is a raw log by default: an ordinary NDJSON file that `jq` and
 * log shippers read as usual. One difference while writers have it open:
 * the file is preallocated a chunk ahead, so it ends in zero bytes after the
 * last line (readers should stop at the first NUL). The last writer to close
 * trims them; after a crash, the next writer to open and close the log does.
 * @module
 */
import { EventEmitter } from 'node:events';
import { open } from '../index.js';
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
    writable = true;
    /** The current log file; {@link reopen} may change it. */
    file;
    /** True once {@link end} or {@link destroy} has closed the log. */
    destroyed = false;
    options;
    log;
    /** @internal Use {@link destination}. */
    constructor(file, options) {
        super();
        this.file = file;
        this.options = options;
        this.log = open(file, options);
        // sonic-boom announces an opened file asynchronously; tools waiting for it expect the event.
        process.nextTick(() => this.emit('ready'));
    }
    /**
     * Appends `chunk` as one record. pino calls this with one complete line,
     * ending in `'\n'`, per log call; the line is in the file when this returns.
     *
     * @returns true (there is never backpressure), or false after emitting
     *   `'error'` when the append failed (a line over `maxRecordSize`, a full
     *   disk). Like sonic-boom, a failure is an `'error'` event, which throws
     *   if nothing listens.
     * @throws Error when the destination has been ended.
     */
    write(chunk) {
        if (this.destroyed)
            throw new Error('mmlog destination has been ended');
        try {
            this.log.append(chunk);
            return true;
        }
        catch (error) {
            this.emit('error', error);
            return false;
        }
    }
    /** Calls `cb` on the next tick: every line written so far is already in the file. */
    flush(cb) {
        if (cb !== undefined)
            process.nextTick(cb);
    }
    /** Does nothing: nothing is ever buffered. Safe to call after {@link end}. */
    flushSync() { }
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
    reopen(file) {
        if (this.destroyed)
            throw new Error('mmlog destination has been ended');
        const target = file ?? this.file;
        let next;
        try {
            next = open(target, this.options);
        }
        catch (error) {
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
    end() {
        if (this.destroyed)
            return;
        this.closeLog();
        process.nextTick(() => {
            this.emit('finish');
            this.emit('close');
        });
    }
    /** Closes the log at once and emits `'close'` (no `'finish'`), like sonic-boom. */
    destroy() {
        if (this.destroyed)
            return;
        this.closeLog();
        process.nextTick(() => this.emit('close'));
    }
    closeLog() {
        this.destroyed = true;
        this.log.close();
    }
}
/**
 * Opens (or creates) the mmlog log at a path and returns a pino destination
 * writing to it. Any number of processes may open the same path.
 *
 * @param pathOrOptions The log file, or `{ dest, ...openOptions }`. The
 *   format defaults to `'raw'` (a plain NDJSON file); `'framed'` adds a
 *   checksummed header to each line.
 * @throws what {@link open} throws (a missing directory, a file that is not a log).
 */
export function destination(pathOrOptions) {
    if (typeof pathOrOptions === 'string')
        return new MmlogDestination(pathOrOptions, {});
    if (pathOrOptions === null || typeof pathOrOptions !== 'object') {
        throw new TypeError('destination() takes a path or { dest, ...options }');
    }
    const { dest, ...options } = pathOrOptions;
    if (typeof dest !== 'string')
        throw new TypeError(`option 'dest' must be a path string, got ${typeof dest}`);
    return new MmlogDestination(dest, options);
}
//# sourceMappingURL=pino.js.map
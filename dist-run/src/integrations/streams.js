/**
 * Node streams over a log: {@link createWriteStream} appends each chunk as
 * one record; {@link createReadStream} yields the records, in object mode,
 * with backpressure, and can follow the log. Both fit `stream.pipeline`.
 *
 * ```ts
 * import { pipeline } from 'node:stream/promises';
 * import { createReadStream, createWriteStream } from 'mmlog';
 *
 * await pipeline(createReadStream('a.log'), toBytes, createWriteStream('b.log'));
 * ```
 * @module
 */
import { Readable, Writable } from 'node:stream';
import { checkOpenArguments, open } from '../open.js';
import { follow, READ_CHECKS, read } from '../reading/read.js';
import { boolean, checkOptions, checkPath, integerIn } from '../util/arguments.js';
/**
 * The write stream's high-water mark: `write()` never asks its producer to
 * wait. A chunk is appended, synchronously, before `write()` returns (unless
 * the stream is corked), so nothing queues up and there is nothing to drain.
 */
const NO_BACKPRESSURE = Number.MAX_SAFE_INTEGER;
/**
 * A `stream.Writable` that appends each chunk to a log as one record
 * (see {@link createWriteStream}).
 */
export class LogWriteStream extends Writable {
    /** The log file. */
    path;
    log;
    /** @internal Use {@link createWriteStream}. */
    constructor(path, options) {
        super({ decodeStrings: false, highWaterMark: NO_BACKPRESSURE });
        this.path = path;
        try {
            this.log = open(path, options);
        }
        catch (error) {
            // Like fs.createWriteStream: a file that cannot be opened is an 'error' event.
            this.destroy(error);
        }
    }
    _write(chunk, encoding, callback) {
        try {
            // Strings go to append() as they are (it encodes UTF-8 straight into the mapping).
            const record = typeof chunk === 'string' && encoding !== 'utf8' ? Buffer.from(chunk, encoding) : chunk;
            this.log.append(record);
        }
        catch (error) {
            callback(error);
            return;
        }
        callback();
    }
    _final(callback) {
        callback(this.closeLog());
    }
    _destroy(error, callback) {
        const closeError = this.closeLog();
        callback(error ?? closeError);
    }
    /** Closes the log once (the last writer to close trims the file); returns what close threw. */
    closeLog() {
        const log = this.log;
        this.log = undefined;
        try {
            log?.close();
        }
        catch (error) {
            return error;
        }
        return undefined;
    }
}
/**
 * Opens (or creates) the log at `path` and returns a writable stream that
 * appends each chunk (a string, encoded as UTF-8 unless written with another
 * encoding, a Buffer or a Uint8Array) as one record: pass whole lines to a
 * raw log. Ending the stream (or destroying it) closes the log.
 *
 * Every write is synchronous: the record is in the shared page cache when
 * `write()` returns, as with {@link Log.append}, so `write()` always returns
 * true and a producer never waits for `'drain'`; there is no queue to fill.
 * An append that fails (a record over `maxRecordSize`, a full disk) and a
 * log that cannot be opened are `'error'` events, never thrown: the stream
 * is then destroyed, as Node streams are on error.
 *
 * @param options Those of {@link open}.
 * @throws TypeError / RangeError for a malformed path or options (checked at once).
 */
export function createWriteStream(path, options) {
    checkOpenArguments(path, options);
    return new LogWriteStream(path, options);
}
const READ_STREAM_CHECKS = {
    ...READ_CHECKS,
    follow: boolean,
    highWaterMark: integerIn(0, 1_000_000),
};
/**
 * A `stream.Readable` in object mode yielding a log's records
 * (see {@link createReadStream}).
 */
export class LogReadStream extends Readable {
    /** The log file. */
    path;
    following;
    records;
    /** Ends a follow that is asleep waiting for records, when the stream is destroyed. */
    stop = new AbortController();
    syncRecords;
    asyncRecords;
    /** @internal Use {@link createReadStream}. */
    constructor(path, options) {
        const { follow: following = false, highWaterMark = 16, ...readOptions } = options;
        super({ objectMode: true, highWaterMark });
        this.path = path;
        this.following = following;
        // Nothing is opened until the first _read: a stream never read holds no file.
        this.records = following ? follow(path, { ...readOptions, signal: this.stop.signal }) : read(path, readOptions);
    }
    /** Reads only when asked: up to the high-water mark, then waits for the next call. */
    _read() {
        if (this.following) {
            this.asyncRecords ??= this.records[Symbol.asyncIterator]();
            this.asyncRecords.next().then((result) => {
                if (this.destroyed)
                    return;
                this.push(result.done ? null : result.value);
            }, (error) => this.destroy(error));
            return;
        }
        try {
            this.syncRecords ??= this.records[Symbol.iterator]();
            for (;;) {
                const result = this.syncRecords.next();
                if (result.done) {
                    this.push(null);
                    return;
                }
                if (!this.push(result.value))
                    return;
            }
        }
        catch (error) {
            this.destroy(error);
        }
    }
    /** Stops a follow that waits, and closes the reader (its mappings and descriptors). */
    _destroy(error, callback) {
        this.stop.abort();
        if (this.asyncRecords !== undefined) {
            // Queued behind a pending next(), which the abort ends; the reader is closed when it returns.
            this.asyncRecords.return?.().then(() => callback(error), (closeError) => callback(error ?? closeError));
            return;
        }
        try {
            this.syncRecords?.return?.();
        }
        catch (closeError) {
            callback(error ?? closeError);
            return;
        }
        callback(error);
    }
}
/**
 * A readable stream, in object mode, of the records of the log at `path`:
 * `{ pos, data }` objects as {@link read} yields them (raw logs: byte
 * ranges). Reads only when the consumer asks, at most `highWaterMark`
 * records ahead, so a slow consumer holds back the reading. With
 * `follow: true` it waits for new records after the last (like
 * {@link follow}) until destroyed; `destroy()` wakes and ends the wait and
 * releases the log's mappings and file descriptors, leaving nothing that
 * keeps the process alive. A log that cannot be read (missing, corrupt under
 * `onCorrupt: 'throw'`, `from` not a record boundary) is an `'error'` event.
 *
 * @throws TypeError / RangeError for a malformed path or options (checked at once).
 */
export function createReadStream(path, options = {}) {
    checkPath(path);
    checkOptions('createReadStream', options, READ_STREAM_CHECKS);
    return new LogReadStream(path, options);
}
//# sourceMappingURL=streams.js.map
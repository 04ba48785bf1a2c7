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
import { type OpenOptions } from '../open.js';
import { type ReadOptions } from '../reading/read.js';
/**
 * A `stream.Writable` that appends each chunk to a log as one record
 * (see {@link createWriteStream}).
 */
export declare class LogWriteStream extends Writable {
    /** The log file. */
    readonly path: string;
    private log;
    /** @internal Use {@link createWriteStream}. */
    constructor(path: string, options: OpenOptions | undefined);
    _write(chunk: string | Buffer, encoding: BufferEncoding | 'buffer', callback: (error?: Error) => void): void;
    _final(callback: (error?: Error) => void): void;
    _destroy(error: Error | null, callback: (error?: Error | null) => void): void;
    /** Closes the log once (the last writer to close trims the file); returns what close threw. */
    private closeLog;
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
export declare function createWriteStream(path: string, options?: OpenOptions): LogWriteStream;
/** Options of {@link createReadStream}: those of {@link read}, and two of its own. */
export interface ReadStreamOptions extends ReadOptions {
    /**
     * Keep following the log after its last record, as {@link follow} does,
     * until the stream is destroyed. Default false: the stream ends at the
     * last record committed when it gets there.
     */
    follow?: boolean;
    /** Records read ahead of the consumer at most (the stream's `highWaterMark`). Default 16. */
    highWaterMark?: number;
}
/**
 * A `stream.Readable` in object mode yielding a log's records
 * (see {@link createReadStream}).
 */
export declare class LogReadStream extends Readable {
    /** The log file. */
    readonly path: string;
    private readonly following;
    private readonly records;
    /** Ends a follow that is asleep waiting for records, when the stream is destroyed. */
    private readonly stop;
    private syncRecords;
    private asyncRecords;
    /** @internal Use {@link createReadStream}. */
    constructor(path: string, options: ReadStreamOptions);
    /** Reads only when asked: up to the high-water mark, then waits for the next call. */
    _read(): void;
    /** Stops a follow that waits, and closes the reader (its mappings and descriptors). */
    _destroy(error: Error | null, callback: (error?: Error | null) => void): void;
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
export declare function createReadStream(path: string, options?: ReadStreamOptions): LogReadStream;

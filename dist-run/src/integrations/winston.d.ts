/**
 * A winston transport backed by an mmlog log: every process of a cluster
 * (and every worker thread) can log to the same file at once, each entry
 * lands whole, and an entry is in the file (the shared page cache) as soon
 * as winston has handed it to the transport — it survives the process being
 * killed right after.
 *
 * ```ts
 * import winston from 'winston';
 * import MmlogTransport from 'mmlog/winston';
 *
 * const logger = winston.createLogger({
 *   format: winston.format.json(),
 *   transports: [new MmlogTransport({ filename: '/var/log/app.log' })],
 * });
 * logger.info('hello');
 * ```
 *
 * `winston-transport` is an optional peer dependency: the transport extends
 * the copy the application's winston brings, and applications without winston
 * install nothing for it.
 * @module
 */
import TransportStream from 'winston-transport';
import type { FormatName } from '../layout/control.js';
import { type OpenOptions } from '../open.js';
/** Options of {@link MmlogTransport}. */
export interface MmlogTransportOptions extends Omit<OpenOptions, 'format'> {
    /** The log file, opened (or created) at once. */
    filename: string;
    /**
     * Either the log's data format (`'raw'`, the default: an ordinary
     * newline-delimited file; `'framed'`: a checksummed header per entry), or,
     * as for every winston transport, a logform format applied to this
     * transport's entries (`winston.format.json()`). Told apart by type. For a
     * framed log with a format of its own, give the format to the logger.
     */
    format?: FormatName | TransportStream.TransportStreamOptions['format'];
    /** Most verbose level this transport writes (winston's transport option). */
    level?: string;
    /** Write nothing (winston's transport option). */
    silent?: boolean;
    /** Also log uncaught exceptions (winston's transport option). */
    handleExceptions?: boolean;
    /** Also log unhandled rejections (winston's transport option). */
    handleRejections?: boolean;
}
/**
 * Writes each winston entry as one record of an mmlog log: its finished line
 * (what the logger's or this transport's format produced, `info[MESSAGE]`)
 * followed by `'\n'`. In a raw log that is one line of an NDJSON (or plain
 * text) file; in a framed log, one checksummed record. The append is
 * synchronous: when winston's `log` call reaches this transport, the entry is
 * in the file before the call returns to winston.
 *
 * A failed append (an entry over `maxRecordSize`, a full disk) is an
 * `'error'` event, which winston passes on to the logger; the transport goes
 * on with the next entry. {@link close} (called by winston when the transport
 * is removed or the logger closed) and ending the stream close the log; the
 * last writer to close trims the file.
 */
export default class MmlogTransport extends TransportStream {
    /** The log file. */
    readonly filename: string;
    private mmlog;
    /** The logger piping into this transport, as far as this transport knows. */
    private source;
    /** True while an append failure is being reported as an `'error'` event. */
    private reporting;
    /** winston-transport's record of its logger and that logger's levels (it filters by them). */
    levels: Record<string, number> | undefined;
    parent: unknown;
    /**
     * Opens (or creates) the log at `options.filename`.
     * @throws TypeError / RangeError for malformed or unknown options; what
     *   {@link open} throws (a missing directory, a file that is not a log).
     */
    constructor(options: MmlogTransportOptions);
    /** Appends one entry (winston calls this; `next` is called once the entry is in the file). */
    log(info: Record<string | symbol, unknown>, next: () => void): void;
    /** Closes the log; later entries are `'error'` events. Calling it again does nothing. */
    close(): void;
    _final(callback: (error?: Error | null) => void): void;
    _destroy(error: Error | null, callback: (error: Error | null) => void): void;
}

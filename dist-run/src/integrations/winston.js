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
import { ErrorCode, MmlogError } from '../errors.js';
import { open } from '../open.js';
/** Where winston's formats leave the finished line of an entry (triple-beam's `MESSAGE`). */
const MESSAGE = Symbol.for('message');
const TRANSPORT_OPTIONS = ['level', 'silent', 'handleExceptions', 'handleRejections'];
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
    filename;
    mmlog;
    /** The logger piping into this transport, as far as this transport knows. */
    source;
    /** True while an append failure is being reported as an `'error'` event. */
    reporting = false;
    /**
     * Opens (or creates) the log at `options.filename`.
     * @throws TypeError / RangeError for malformed or unknown options; what
     *   {@link open} throws (a missing directory, a file that is not a log).
     */
    constructor(options) {
        if (options === null || typeof options !== 'object') {
            throw new TypeError('MmlogTransport takes { filename, ...options }');
        }
        const { filename, format, level, silent, handleExceptions, handleRejections, ...openOptions } = options;
        if (typeof filename !== 'string' || filename.length === 0) {
            throw new TypeError(`option 'filename' must be a non-empty path string, got ${typeof filename}`);
        }
        if (level !== undefined && typeof level !== 'string') {
            throw new TypeError(`option 'level' must be a string, got ${typeof level}`);
        }
        for (const [name, value] of [
            ['silent', silent],
            ['handleExceptions', handleExceptions],
            ['handleRejections', handleRejections],
        ]) {
            if (value !== undefined && typeof value !== 'boolean') {
                throw new TypeError(`option '${name}' must be a boolean, got ${typeof value}`);
            }
        }
        const logform = typeof format === 'object' && format !== null ? format : undefined;
        if (format !== undefined && logform === undefined && typeof format !== 'string') {
            throw new TypeError(`option 'format' must be 'raw', 'framed' or a logform format, got ${typeof format}`);
        }
        const transportOptions = { format: logform };
        for (const name of TRANSPORT_OPTIONS)
            if (options[name] !== undefined)
                transportOptions[name] = options[name];
        super(transportOptions);
        this.filename = filename;
        // An 'error' event makes the logger unpipe the transport (stream.pipe's rule), which
        // winston-transport answers with close() and forgetting its logger's levels; winston then
        // pipes it back at once. The log stays open across that, and the levels are taken again.
        this.on('pipe', (logger) => {
            this.source = logger;
            this.levels = logger.levels;
            this.parent = logger;
        });
        this.on('unpipe', (logger) => {
            if (logger === this.source && !this.reporting)
                this.close();
        });
        this.mmlog = open(filename, typeof format === 'string' ? { ...openOptions, format } : openOptions);
    }
    /** Appends one entry (winston calls this; `next` is called once the entry is in the file). */
    log(info, next) {
        try {
            if (this.mmlog === undefined)
                throw new MmlogError(ErrorCode.CLOSED, 'log on a closed transport', this.filename);
            const message = info[MESSAGE];
            // Without a finishing format there is no line: write the entry as JSON, as winston's json() would.
            this.mmlog.append(`${typeof message === 'string' ? message : JSON.stringify(info)}\n`);
        }
        catch (error) {
            this.reporting = true;
            try {
                // Throws when nobody listens (winston passes it to the logger): the stream must still go on.
                this.emit('error', error);
            }
            finally {
                this.reporting = false;
                next();
            }
            return;
        }
        this.emit('logged', info);
        next();
    }
    /** Closes the log; later entries are `'error'` events. Calling it again does nothing. */
    close() {
        if (this.reporting)
            return;
        const log = this.mmlog;
        this.mmlog = undefined;
        log?.close();
    }
    _final(callback) {
        try {
            this.close();
        }
        catch (error) {
            callback(error);
            return;
        }
        callback();
    }
    _destroy(error, callback) {
        try {
            this.close();
        }
        catch (closeError) {
            callback(error ?? closeError);
            return;
        }
        callback(error);
    }
}
//# sourceMappingURL=winston.js.map
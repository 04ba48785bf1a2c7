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
import type { FormatName } from '../layout/control.js';
import { type OpenOptions, open } from '../open.js';
import type { Log } from '../writing/log.js';
import { RefusedLines } from './refusedLines.js';

/** Where winston's formats leave the finished line of an entry (triple-beam's `MESSAGE`). */
const MESSAGE = Symbol.for('message');

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

const TRANSPORT_OPTIONS = ['level', 'silent', 'handleExceptions', 'handleRejections'] as const;

/**
 * Writes each winston entry as one record of an mmlog log: its finished line
 * (what the logger's or this transport's format produced, `info[MESSAGE]`)
 * followed by `'\n'`. In a raw log that is one line of an NDJSON (or plain
 * text) file; in a framed log, one checksummed record. The append is
 * synchronous: when winston's `log` call reaches this transport, the entry is
 * in the file before the call returns to winston.
 *
 * A failed append (an entry over `maxRecordSize`, a full disk) is an
 * `'error'` event, which winston passes on to the logger, when the logger
 * listens for one; else a process warning (`MMLOG_LINE_REFUSED`, the first
 * of each error code), since winston would throw the event and end the
 * process over one entry. Either way the entry is counted in
 * {@link refused} and the transport goes on with the next entry. {@link close} (called by winston when the transport
 * is removed or the logger closed) and ending the stream close the log; the
 * last writer to close trims the file.
 */
export default class MmlogTransport extends TransportStream {
  /** The log file. */
  readonly filename: string;
  private mmlog: Log | undefined;
  /** The logger piping into this transport, as far as this transport knows. */
  private source: unknown;
  /** True while an append failure is being reported as an `'error'` event. */
  private reporting = false;
  private readonly refusals = new RefusedLines('mmlog/winston');
  /** winston-transport's record of its logger and that logger's levels (it filters by them). */
  declare levels: Record<string, number> | undefined;
  declare parent: unknown;

  /**
   * Opens (or creates) the log at `options.filename`.
   * @throws TypeError / RangeError for malformed or unknown options; what
   *   {@link open} throws (a missing directory, a file that is not a log).
   */
  constructor(options: MmlogTransportOptions) {
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
    ] as const) {
      if (value !== undefined && typeof value !== 'boolean') {
        throw new TypeError(`option '${name}' must be a boolean, got ${typeof value}`);
      }
    }
    const logform = typeof format === 'object' && format !== null ? format : undefined;
    if (format !== undefined && logform === undefined && typeof format !== 'string') {
      throw new TypeError(`option 'format' must be 'raw', 'framed' or a logform format, got ${typeof format}`);
    }
    const transportOptions: TransportStream.TransportStreamOptions = { format: logform };
    for (const name of TRANSPORT_OPTIONS)
      if (options[name] !== undefined) transportOptions[name] = options[name] as never;
    super(transportOptions);
    this.filename = filename;
    // An 'error' event makes the logger unpipe the transport (stream.pipe's rule), which
    // winston-transport answers with close() and forgetting its logger's levels; winston then
    // pipes it back at once. The log stays open across that, and the levels are taken again.
    this.on('pipe', (logger: { levels?: Record<string, number> }) => {
      this.source = logger;
      this.levels = logger.levels;
      this.parent = logger;
    });
    this.on('unpipe', (logger: unknown) => {
      if (logger === this.source && !this.reporting) this.close();
    });
    this.mmlog = open(filename, typeof format === 'string' ? { ...openOptions, format } : openOptions);
  }

  /** Appends one entry (winston calls this; `next` is called once the entry is in the file). */
  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    try {
      if (this.mmlog === undefined) throw new MmlogError(ErrorCode.CLOSED, 'log on a closed transport', this.filename);
      const message = info[MESSAGE];
      // Without a finishing format there is no line: write the entry as JSON, as winston's json() would.
      this.mmlog.append(`${typeof message === 'string' ? message : JSON.stringify(info)}\n`);
    } catch (error) {
      this.refusals.count++;
      if (!this.errorHeard()) {
        this.refusals.warn(this.filename, error);
        next();
        return;
      }
      this.reporting = true;
      try {
        this.emit('error', error);
      } finally {
        this.reporting = false;
        next();
      }
      return;
    }
    this.emit('logged', info);
    next();
  }

  /** Entries refused so far (over `maxRecordSize`, a full disk, a closed log): each was reported. */
  get refused(): number {
    return this.refusals.count;
  }

  /**
   * Whether an `'error'` event would reach a listener: winston passes the
   * transport's errors on to its logger, which throws them when nothing
   * listens there (winston adds no listener of its own).
   */
  private errorHeard(): boolean {
    const logger = this.source as { listenerCount?: (event: string) => number } | undefined;
    if (typeof logger?.listenerCount === 'function') return logger.listenerCount('error') > 0;
    return this.listenerCount('error') > 0;
  }

  /** Closes the log; later entries are `'error'` events. Calling it again does nothing. */
  override close(): void {
    if (this.reporting) return;
    const log = this.mmlog;
    this.mmlog = undefined;
    log?.close();
  }

  override _final(callback: (error?: Error | null) => void): void {
    try {
      this.close();
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    try {
      this.close();
    } catch (closeError) {
      callback(error ?? (closeError as Error));
      return;
    }
    callback(error);
  }
}

/**
 * The shipper: sends the records of a segmented log to a {@link Sink} (a
 * distributed log such as NATS JetStream; see `mmlog/nats`), at least once
 * and in position order, so that a sink that drops duplicates by
 * `<log id>:<position>` holds every record exactly once.
 *
 * It reads with `follow` (or `read`, `once`) from its named consumer's
 * position, pipelines sends with a bounded window of unacknowledged records
 * (count and bytes), and commits the consumer only to the end of the records
 * the sink acknowledged, in order — so retention never deletes what was not
 * shipped. On (re)start it asks the sink for the last record of this log it
 * stored and resumes right after it: a lost or stale checkpoint neither skips
 * nor repeats. A lost connection ends the round: the shipper waits for the
 * sends in flight to settle, reconnects with backoff and resumes from what the
 * sink holds. Raw logs ship one message per line (with its newline); a last
 * line without its newline waits for it.
 *
 * Nothing here knows NATS: a sink for another engine implements {@link Sink}.
 * @module
 */
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Consumer, consumer } from '../admin/consumer.js';
import { stat } from '../admin/stat.js';
import { ErrorCode, MmlogError } from '../errors.js';
import { LineSplitter } from '../reading/lines.js';
import { follow, type LogRecord, read } from '../reading/read.js';
import { checkOptions, checkPath, integerIn, type OptionChecks } from '../util/arguments.js';
import { AckWindow } from './ackWindow.js';
import type { Sink } from './sink.js';

export type { Sink, SinkRecord, StoredRecord } from './sink.js';

/** Options of {@link Shipper}. */
export interface ShipperOptions {
  /** The named consumer that keeps the shipper's position (default `ship`). */
  name?: string;
  /** Ship what is in the log now, then end (default: follow until `stop()`). */
  once?: boolean;
  /** Most records sent and not yet acknowledged (default 4096). */
  window?: number;
  /** Most bytes sent and not yet acknowledged (default 8 MiB). */
  windowBytes?: number;
  /** How often the consumer is committed while shipping, in ms (default 200). */
  commitEveryMs?: number;
  /** Longest wait between reconnection attempts, in ms (default 5000; they start at 50). */
  maxBackoffMs?: number;
}

/** A shipper's counters ({@link Shipper.stats}). */
export interface ShipperStats {
  /** Records the sink acknowledged since start (duplicates included). */
  acked: number;
  /** Records sent since start (resends after a reconnection included). */
  sent: number;
  /** Sent, not yet acknowledged. */
  outstanding: number;
  /** The position after the last record acknowledged in order: where it would resume. */
  position: number;
  /** The position last committed to the named consumer. */
  committed: number;
  /** Connections made (the first included). */
  connections: number;
  /** Whether it is connected now. */
  connected: boolean;
  /** Ranges of lost records passed (framed logs; see the `lost` event). */
  lost: number;
}

/** A range of the log where records should be and are not ('lost' event). */
export interface LostRange {
  start: number;
  end: number;
}

/** Where a round of shipping resumed ('resume' event). */
export interface ResumeInfo {
  /** The position it resumed from. */
  from: number;
  /** The consumer's committed position at that moment. */
  committed: number;
  /** The last position of this log the sink held, if any. */
  stored: number | undefined;
}

export const SHIPPER_CHECKS: OptionChecks<ShipperOptions> = {
  name: (name, value) => {
    if (typeof value !== 'string') throw new TypeError(`option '${name}' must be a string`);
  },
  once: (name, value) => {
    if (typeof value !== 'boolean') throw new TypeError(`option '${name}' must be a boolean`);
  },
  window: integerIn(1, 1_000_000),
  windowBytes: integerIn(1024, 2 ** 31),
  commitEveryMs: integerIn(1, 3_600_000),
  maxBackoffMs: integerIn(1, 3_600_000),
};

/**
 * Ships the log at `path` to `sink` (see the module's description). Events:
 * `connect` (), `disconnect` (error: the connection was lost or could not be
 * made again; it retries), `resume` ({@link ResumeInfo}), `lost`
 * ({@link LostRange}: the reader passed records that are gone from the log,
 * e.g. pages lost in an OS crash, so the sink will not have them either; with
 * no listener, a process warning, code `MMLOG_LOST`), `error` (the final
 * error, also the rejection of `start()`), `stop` ().
 */
export class Shipper extends EventEmitter {
  readonly path: string;
  private readonly sink: Sink;
  private readonly options: Required<ShipperOptions>;
  private readonly stopper = new AbortController();
  private consumer: Consumer | undefined;
  private running: Promise<void> | undefined;
  private inFlight: AckWindow;
  /** Sends of this round whose callback has not come yet. */
  private unsettled = 0;
  /** The round, so that a late callback of an earlier round is ignored. */
  private generation = 0;
  /** A waiter is woken once no more than this many records are in flight (or on a failure). */
  private wakeAt = 0;
  private counters = { acked: 0, sent: 0, connections: 0, lost: 0 };
  /** Where the losses told of end: a round that resumes before it passes them again, untold. */
  private lostToldTo = 0;
  /** An error of a listener of this shipper's own events: final, never taken for a lost connection. */
  private listenerError: { error: unknown } | undefined;
  /** The reading functions' `onLost`: tells of records the log has lost, which no sink will hold. */
  private readonly passLost = (start: number, end: number): void => {
    if (end <= this.lostToldTo) return;
    this.lostToldTo = end;
    this.counters.lost++;
    if (this.listenerCount('lost') > 0) this.emitFromRound('lost', { start, end } satisfies LostRange);
    else {
      process.emitWarning(
        `ship of ${this.path}: records lost at ${start}..${end} (no writer's claim accounts for them); shipping goes on after them`,
        { code: 'MMLOG_LOST' },
      );
    }
  };
  private committed = 0;
  private connected = false;
  /** Set by a failed send or a lost connection: ends the round. */
  private failure: Error | undefined;
  /** Ends the round's follow: a failure must end a round that waits for new records too. */
  private reading: AbortController | undefined;
  private wake: (() => void) | undefined;

  constructor(path: string, sink: Sink, options?: ShipperOptions) {
    super();
    checkPath(path);
    const given = checkOptions('ship', options, SHIPPER_CHECKS);
    this.path = path;
    this.sink = sink;
    this.options = {
      name: 'ship',
      once: false,
      window: 4096,
      windowBytes: 8 * 1024 * 1024,
      commitEveryMs: 200,
      maxBackoffMs: 5000,
      ...given,
    };
    this.inFlight = new AckWindow(this.options.window);
  }

  /**
   * Starts shipping; resolves when it ends: `once` when everything there was
   * is acknowledged, otherwise after `stop()`. Rejects with the final error
   * (a MmlogError: unreachable at start, a missing stream, a record too
   * large…), after committing what was acknowledged.
   */
  start(): Promise<void> {
    if (this.running === undefined) {
      this.running = this.run().then(
        () => {
          this.emit('stop');
        },
        (error: unknown) => {
          if (this.listenerCount('error') > 0) this.emit('error', error);
          throw error;
        },
      );
    }
    return this.running;
  }

  /** Stops reading, waits for the acknowledgements of what was sent, commits, disconnects. */
  async stop(): Promise<void> {
    this.stopper.abort();
    this.wake?.();
    await this.running?.catch(() => undefined);
  }

  stats(): ShipperStats {
    return {
      ...this.counters,
      outstanding: this.inFlight.count,
      position: this.inFlight.acked,
      committed: this.committed,
      connected: this.connected,
    };
  }

  private async run(): Promise<void> {
    const info = stat(this.path);
    this.consumer = consumer(this.path, this.options.name);
    this.committed = this.consumer.position;
    this.inFlight.reset(this.committed);
    const timer = setInterval(() => this.commit(), this.options.commitEveryMs);
    try {
      for (let attempt = 0; !this.stopper.signal.aborted; attempt++) {
        if (attempt > 0) await this.backoff(attempt);
        if (this.stopper.signal.aborted) break;
        this.failure = undefined;
        try {
          await this.sink.connect((error) => this.fail(error));
        } catch (error) {
          if (error instanceof MmlogError) throw error;
          if (this.counters.connections === 0) {
            throw new MmlogError(
              ErrorCode.SINK_UNREACHABLE,
              `cannot connect to ${this.sink.description}: ${(error as Error).message}`,
              this.path,
              { cause: error },
            );
          }
          this.emit('disconnect', error);
          continue;
        }
        this.counters.connections++;
        this.connected = true;
        this.emit('connect');
        try {
          const finished = await this.round(info.logId, info.format === 'raw');
          if (finished) return;
        } catch (error) {
          if (error instanceof MmlogError || error === this.listenerError?.error) throw error;
          this.emit('disconnect', error);
          attempt = 0;
        } finally {
          this.connected = false;
          await this.sink.close().catch(() => undefined);
        }
      }
    } finally {
      clearInterval(timer);
      this.commit();
      this.consumer.close();
    }
  }

  /** Waits 50 ms × 2^(attempt-1), up to maxBackoffMs, or until stopped. */
  private async backoff(attempt: number): Promise<void> {
    const ms = Math.min(this.options.maxBackoffMs, 50 * 2 ** Math.min(attempt - 1, 20));
    await sleep(ms, undefined, { signal: this.stopper.signal }).catch(() => undefined);
  }

  /**
   * One connection's worth of shipping. Resolves true when done (once: all
   * acknowledged; or stopped), throws on a failure (after the sends in flight
   * settled and what was acknowledged is counted).
   */
  private async round(logId: string, raw: boolean): Promise<boolean> {
    const from = await this.resumePosition(logId, raw);
    this.generation++;
    this.unsettled = 0;
    const reading = new AbortController();
    this.reading = reading;
    const abort = () => reading.abort();
    this.stopper.signal.addEventListener('abort', abort);
    // A stop or a failure while the round was being set up (resumePosition) ends it before it waits.
    if (this.stopper.signal.aborted || this.failure !== undefined) reading.abort();
    const lines = raw ? new LineSplitter() : undefined;
    try {
      if (this.options.once) {
        // Synchronous between waits for the window: no turn of the event loop per record.
        for (const chunk of read(this.path, { from, onLost: this.passLost })) {
          const wait = lines === undefined ? this.send(logId, chunk) : this.sendLines(logId, lines, chunk);
          if (wait !== undefined) await wait;
          if (this.ending()) break;
        }
      } else {
        for await (const chunk of follow(this.path, { from, onLost: this.passLost, signal: reading.signal })) {
          const wait = lines === undefined ? this.send(logId, chunk) : this.sendLines(logId, lines, chunk);
          if (wait !== undefined) await wait;
          if (this.ending()) break;
        }
      }
    } finally {
      this.stopper.signal.removeEventListener('abort', abort);
      // Every send settles (acknowledged, failed, or the connection closed): wait for all of them.
      while (this.failure === undefined ? this.inFlight.count > 0 : this.unsettled > 0) await this.waitUntil(0);
    }
    if (this.failure !== undefined) throw this.failure;
    return true;
  }

  private ending(): boolean {
    return this.failure !== undefined || this.stopper.signal.aborted;
  }

  /** Resolves once no more than `count` records are in flight, or on a failure or a settled send after one. */
  private waitUntil(count: number): Promise<void> {
    this.wakeAt = count;
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }

  private async sendLines(logId: string, lines: LineSplitter, chunk: LogRecord): Promise<void> {
    for (const line of lines.push(chunk.pos, chunk.data)) {
      const wait = this.send(logId, line);
      if (wait !== undefined) await wait;
      if (this.ending()) return;
    }
  }

  /**
   * Sends one record if the window has room; otherwise returns a promise of
   * room (then sends it). When full, it waits until the window is half empty:
   * sends then go out in batches, not one per acknowledgement.
   */
  private send(logId: string, record: LogRecord): Promise<void> | undefined {
    const size = record.data.length;
    if (size > this.sink.maxRecordSize) {
      throw new MmlogError(
        ErrorCode.MESSAGE_TOO_LARGE,
        `the record at position ${record.pos} (${size} bytes) is larger than ${this.sink.description} takes ` +
          `(${this.sink.maxRecordSize} bytes); nothing from it on was shipped`,
        this.path,
      );
    }
    if (this.failure !== undefined) return undefined;
    const { windowBytes } = this.options;
    if (!this.inFlight.fits(size, windowBytes)) return this.sendWhenRoom(logId, record);
    const slot = this.inFlight.push(record.next, size);
    const generation = this.generation;
    this.unsettled++;
    this.counters.sent++;
    this.sink.send({ logId, pos: record.pos, data: record.data }, (error) => {
      if (generation === this.generation) this.settled(slot, error);
    });
    return undefined;
  }

  private async sendWhenRoom(logId: string, record: LogRecord): Promise<void> {
    const half = this.inFlight.capacity >> 1;
    const { windowBytes } = this.options;
    while (this.failure === undefined && !this.inFlight.fits(record.data.length, windowBytes)) {
      await this.waitUntil(this.inFlight.count >= this.inFlight.capacity ? half : this.inFlight.count - 1);
    }
    this.send(logId, record);
  }

  /** A send's callback: an acknowledgement advances the in-order position; a failure ends the round. */
  private settled(slot: number, error: Error | undefined): void {
    this.unsettled--;
    if (error !== undefined) this.fail(error);
    else {
      this.counters.acked++;
      // Acknowledged in order only: a failure before it leaves the position there.
      if (this.failure === undefined) this.inFlight.acknowledge(slot);
    }
    if (this.failure !== undefined || this.inFlight.count <= this.wakeAt) this.wake?.();
  }

  /**
   * Emits an event from inside a round, where any error ends the round as a
   * lost connection would: a listener that throws ends the shipper instead.
   */
  private emitFromRound(event: string, value: unknown): void {
    try {
      this.emit(event, value);
    } catch (error) {
      this.listenerError = { error };
      throw error;
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake?.();
    // A round that follows an idle log would otherwise notice only at the next record.
    this.reading?.abort();
  }

  /** Commits the consumer to the in-order acknowledged position if it moved. */
  private commit(): void {
    const { acked } = this.inFlight;
    if (this.consumer === undefined || acked === this.committed) return;
    this.consumer.commit(acked);
    this.committed = acked;
  }

  /**
   * Where to resume: right after the last record of this log the sink holds
   * (checked against the log), else the consumer's position.
   */
  private async resumePosition(logId: string, raw: boolean): Promise<number> {
    const committed = this.consumer?.position ?? 0;
    const stored = await this.sink.lastStored(logId);
    let from = committed;
    if (stored !== undefined) {
      const record = recordAt(this.path, stored.pos, raw);
      if (record === undefined || record.data.length !== stored.size) {
        throw new MmlogError(
          ErrorCode.SINK_MISMATCH,
          `${this.sink.description} holds a record of this log at position ${stored.pos} (${stored.size} bytes) ` +
            `that the log does not have (${record === undefined ? 'no record there' : `${record.data.length} bytes there`})`,
          this.path,
        );
      }
      from = record.next;
    }
    this.emitFromRound('resume', { from, committed, stored: stored?.pos } satisfies ResumeInfo);
    if (from !== committed) this.consumer?.commit(from);
    this.committed = from;
    this.inFlight.reset(from);
    return from;
  }
}

/** The whole record (raw: line) at `pos`, or undefined if none starts there or it is gone. */
function recordAt(path: string, pos: number, raw: boolean): LogRecord | undefined {
  const lines = raw ? new LineSplitter() : undefined;
  try {
    for (const chunk of read(path, { from: pos })) {
      if (lines === undefined) return chunk.pos === pos ? chunk : undefined;
      for (const line of lines.push(chunk.pos, chunk.data)) return line.pos === pos ? line : undefined;
    }
  } catch (error) {
    if (error instanceof MmlogError) return undefined;
    throw error;
  }
  return undefined;
}

/**
 * What the shipper (`shipper.ts`) sends records to: a distributed log such
 * as NATS JetStream (`nats/natsSink.ts`). Another engine needs only these.
 * @module
 */

/** One record, as a sink sends it. */
export interface SinkRecord {
  /** The log's id (hex, as `stat().logId`). */
  logId: string;
  /** The record's position in the log. */
  pos: number;
  /** Its bytes (raw logs: one line with its newline): a copy the sink may keep. */
  data: Uint8Array;
}

/** The last record of a log a sink holds. */
export interface StoredRecord {
  pos: number;
  /** Its size in bytes. */
  size: number;
}

/**
 * Where a shipper sends records. Sends come in position order, each after
 * the previous one was handed over; a sink must store them in that order
 * or fail (it must never store a record after losing an earlier one of the
 * same connection). Errors that are `MmlogError`s are final (the shipper
 * stops); any other error is a lost connection (the shipper reconnects).
 */
export interface Sink {
  /** Connects. `onLost` is called once if the connection is lost afterwards. */
  connect(onLost: (error: Error) => void): Promise<void>;
  /** The largest record it can send, in bytes (after `connect`). */
  readonly maxRecordSize: number;
  /** The last record of `logId` it stores, if any (after `connect`). */
  lastStored(logId: string): Promise<StoredRecord | undefined>;
  /**
   * Sends one record; calls `done` once, when the engine acknowledged it
   * (stored, or a duplicate of a stored one: no argument) or when it failed
   * (the error). A callback, not a promise: it is called for every record.
   */
  send(record: SinkRecord, done: (error?: Error) => void): void;
  /** Drops the connection (sends not yet acknowledged may or may not be stored). */
  close(): Promise<void>;
  /** What to call it in messages (e.g. `nats://host:4222 stream LOGS`). */
  readonly description: string;
}

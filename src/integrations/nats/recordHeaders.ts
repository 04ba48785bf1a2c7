/**
 * The header block of a shipped message: `Mmlog-Log` (the log id, hex),
 * `Mmlog-Pos` (the position, decimal) and `Nats-Msg-Id` = `<log id>:<position>`.
 *
 * Encoded here, once per record, rather than by the client's `headers()`
 * (three `set`s that canonicalise and validate each key, then `encode()`
 * re-joins and re-encodes the block with TextEncoder): 4–5 µs a message
 * against 0.5 µs (`docs/benchmarks.md`, *Shipping to NATS JetStream*), about
 * a quarter of the shipper's CPU, on a machine whose other core the server
 * needs. The client still frames and writes the message (`nc.publish`),
 * which reads a header object only through `encode()`.
 * @module
 */
import { MsgHdrsImpl } from '@nats-io/transport-node';

/** The header names of a shipped message. */
export const LOG_HEADER = 'Mmlog-Log';
export const POS_HEADER = 'Mmlog-Pos';
export const MSG_ID_HEADER = 'Nats-Msg-Id';

/** Bytes of the header block for a log id, with room for the longest position (16 digits). */
export function headerBytes(logId: string): number {
  return recordHeaderBlock(logId, '9'.repeat(16)).length;
}

function recordHeaderBlock(logId: string, pos: string): string {
  return `NATS/1.0\r\n${LOG_HEADER}: ${logId}\r\n${POS_HEADER}: ${pos}\r\n${MSG_ID_HEADER}: ${logId}:${pos}\r\n\r\n`;
}

/**
 * The headers of one log's records. `publish` encodes a message's headers
 * synchronously, so one object serves a whole batch: point it at each
 * record with {@link at} just before publishing it.
 */
export class RecordHeaders extends MsgHdrsImpl {
  private bytes: Uint8Array = new Uint8Array(0);

  constructor(private readonly logId: string) {
    super();
    if (!/^[0-9a-f]+$/.test(logId)) throw new TypeError(`bad log id '${logId}'`);
  }

  /** Points it at the record at `pos`. */
  at(pos: number): this {
    this.bytes = Buffer.from(recordHeaderBlock(this.logId, String(pos)), 'latin1');
    return this;
  }

  override encode(): Uint8Array {
    return this.bytes;
  }
}

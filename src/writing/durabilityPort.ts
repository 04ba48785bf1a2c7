/**
 * What a {@link Log} needs from the durability layer (built by `open()`, see
 * `durability/logDurability.ts`): the writing layer calls down-to-up through
 * this interface only, never importing the layer above it.
 * @module
 */
import { describeType } from '../util/arguments.js';

/**
 * The watermark a sync of the record at `pos` waits for, given the cursor.
 * The watermark is only ever a record boundary, so once past `pos` it is past
 * the whole record there.
 * @throws TypeError for a `pos` that is not a number; RangeError for one that
 *   is not a position below the cursor.
 */
export function syncTargetOf(what: string, pos: number, cursor: number): number {
  if (typeof pos !== 'number') {
    throw new TypeError(`${what}() takes the position of a record (a number), got ${describeType(pos)}`);
  }
  if (!Number.isSafeInteger(pos) || pos < 0 || pos >= cursor) {
    throw new RangeError(`${what}() takes the position of a record (below the cursor), got ${String(pos)}`);
  }
  return pos + 1;
}

/** The durability of one open log. */
export interface DurabilityPort {
  /** The durable watermark: every record below it is on stable storage. */
  readonly durable: number;
  /** Resolves once the watermark reaches `target`. */
  sync(target: number): Promise<void>;
  /** Blocks until the watermark reaches `target`. */
  syncSync(target: number): void;
  /**
   * Stops: rejects syncs still waiting, and with interval durability first
   * syncs (blocking) up to `appendedTo`, throwing that sync's error last.
   */
  close(appendedTo: number): void;
}

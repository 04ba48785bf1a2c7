/**
 * What a {@link Log} needs from the durability layer (built by `open()`, see
 * `durability/logDurability.ts`): the writing layer calls down-to-up through
 * this interface only, never importing the layer above it.
 * @module
 */

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

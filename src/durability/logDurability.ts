/**
 * The durability of one open `Log`: its group commit, and its interval
 * timer when `open()` was given `durability.intervalMs`.
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { DataFlush } from '../storage/dataFlush.js';
import type { DurabilityPort } from '../writing/durabilityPort.js';
import { GroupCommit } from './groupCommit.js';
import { IntervalSync } from './intervalSync.js';

/** Options of `open()` about durability. */
export interface DurabilityOptions {
  /**
   * Sync in the background: every record this writer appends is on stable
   * storage within about this many ms (plus one `fdatasync`) without
   * awaiting anything, and `close()` syncs what remains. 1 ms to 1 hour.
   * Default: no background sync (records reach the disk with the kernel's
   * write-back, and `sync()` when asked).
   */
  intervalMs?: number;
}

/** See the module description. */
export class LogDurability implements DurabilityPort {
  private readonly commit: GroupCommit;
  private readonly interval: IntervalSync | undefined;

  /**
   * `dataFd`: the data file of a single-file log (undefined when segmented);
   * `appendedTo`: the end of the writer's last record.
   */
  constructor(
    path: string,
    control: ControlBlock,
    slot: number,
    dataFd: number | undefined,
    options: DurabilityOptions,
    appendedTo: () => number,
  ) {
    const flush = new DataFlush(path, control, dataFd);
    this.commit = new GroupCommit(path, control, slot, flush);
    const { intervalMs } = options;
    if (intervalMs !== undefined) this.interval = new IntervalSync(control, this.commit, flush, intervalMs, appendedTo);
  }

  get durable(): number {
    return this.commit.durable;
  }

  sync(target: number): Promise<void> {
    return this.commit.sync(target);
  }

  syncSync(target: number): void {
    this.commit.syncSync(target);
  }

  close(appendedTo: number): void {
    let failed: unknown;
    if (this.interval !== undefined) {
      this.interval.stop();
      try {
        this.commit.syncSync(appendedTo);
      } catch (error) {
        failed = error;
      }
    }
    this.commit.close();
    if (failed !== undefined) throw failed;
  }
}

/**
 * Interval durability (`open(path, { durability: { intervalMs } })`): every
 * record a `Log` appends is durable within about `intervalMs` plus one
 * `fdatasync`, without the caller awaiting anything.
 *
 * The timer ticks every half interval and alternates: one tick starts
 * write-back of what is committed (`sync_file_range`, which returns at once),
 * the next runs a group commit up to where that write-back started, which by
 * then finds most pages already written. A record appended just after a
 * write-back tick is covered by the next one, and synced half an interval
 * later: at most one interval (plus the sync) after it was appended. The
 * timer keeps no process alive; `close()` (which runs at exit for a log left
 * open) syncs what remains, blocking.
 *
 * A failed sync is reported once, as a process warning with code
 * `MMLOG_SYNC_FAILED` (there is no caller to reject), and stops the timer;
 * `sync()` and `close()` report it too.
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { durable } from '../control/syncWords.js';
import type { DataFlush } from '../storage/dataFlush.js';
import { committedEnd } from './committedEnd.js';
import type { GroupCommit } from './groupCommit.js';

/** The interval timer of one `Log` (see the module description). */
export class IntervalSync {
  private readonly timer: NodeJS.Timeout;
  /** Where the last write-back started from up to; the next tick syncs up to it. */
  private kickedTo = -1;
  private running = false;
  private stopped = false;

  constructor(
    control: ControlBlock,
    commit: GroupCommit,
    flush: DataFlush,
    intervalMs: number,
    appendedTo: () => number,
  ) {
    const tick = () => {
      if (this.stopped || this.running) return;
      if (this.kickedTo < 0) {
        const from = durable(control);
        const to = Math.min(committedEnd(control), appendedTo());
        if (to <= from) return;
        flush.startWriteback(from, to);
        this.kickedTo = to;
        return;
      }
      const target = this.kickedTo;
      this.kickedTo = -1;
      this.running = true;
      commit.sync(target).then(
        () => {
          this.running = false;
        },
        (error: Error & { code?: string }) => {
          this.running = false;
          if (error.code === 'ERR_MMLOG_CLOSED') return;
          this.stop();
          process.emitWarning(error.message, { code: 'MMLOG_SYNC_FAILED' });
        },
      );
    };
    this.timer = setInterval(tick, Math.max(1, intervalMs / 2));
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }
}

/**
 * Group commit across processes: one `fdatasync` covers the committed
 * records of every writer, and any waiter may run it.
 *
 * A `sync(target)` waits until the durable watermark reaches `target`. Each
 * `Log` keeps its waiting syncs in one queue, served by one loop (so a
 * process with many syncs in flight is one waiter, not many):
 * 1. settle: resolve every sync the watermark covers; reject them all if a
 *    sync failed anywhere;
 * 2. raise syncRequested to the highest target still waiting;
 * 3. take the lead if nobody has it, and lead (below);
 * 4. otherwise sleep on the durableSeq futex word, read before a last check
 *    of the watermark and the leader word — a wake between the check and the
 *    sleep is not lost — until the watermark covers the lowest target, the
 *    lead is free or a sync failed (a round that covered only other
 *    processes' records wakes a thread, not this process's event loop).
 *    The sleep is bounded only to check that the leader lives (at most that
 *    often, however often the waiter is woken): one that died mid-sync
 *    (process killed, thread terminated, its slot freed or taken by another
 *    writer) is taken over with a compare-and-swap.
 *
 * The leader, in rounds: read the watermark D and the committed end W (see
 * `committedEnd.ts`), sync `[D, W)` (`storage/dataFlush.ts`), raise the
 * watermark to W, wake every waiter, let this process's resolved appenders
 * append again (one turn of the event loop); go on while syncRequested is
 * above the watermark (records appended during the sync are the next
 * round's batch), then give the lead back and wake the waiters, one of
 * which may lead next.
 * Two leaders at once (a takeover of a slow but live one) are harmless:
 * each raises the watermark only to what its own sync covered.
 *
 * A failed sync marks the log (control flag SYNC_FAILED): every waiter, in
 * every process, is rejected, and the watermark never rises again until
 * recovery has written the pages again — a failed `fdatasync` is never
 * retried into a success (the kernel may have dropped those pages).
 * @module
 */
import { constants as osConstants } from 'node:os';
import type { ControlBlock } from '../control/controlBlock.js';
import {
  durable,
  giveUpLead,
  leaderGone,
  leaderWord,
  markSyncFailed,
  raiseDurable,
  recordSyncTime,
  requestSync,
  syncFailure,
  syncRequested,
  syncSeq,
  takeLead,
  waitForSync,
  wakeSyncWaiters,
} from '../control/syncWords.js';
import { ErrorCode, errnoName, MmlogError, SyncFailedError } from '../errors.js';
import type { DataFlush } from '../storage/dataFlush.js';
import { sleepMs } from '../util/sleep.js';
import { committedEnd } from './committedEnd.js';

/** How long a waiter sleeps before it checks that the leader is alive. */
const LEADER_CHECK_MS = 250;
/** Back-off bounds while a live writer's claim holds the committed end below every target. */
const HELD_MIN_MS = 1;
const HELD_MAX_MS = 64;
/** How long `syncSync` waits for such a claim before it gives up. */
const SYNC_SYNC_PATIENCE_MS = 10_000;

interface Waiting {
  target: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** The group commit of one `Log` (see the module description). */
export class GroupCommit {
  private readonly path: string;
  private readonly control: ControlBlock;
  private readonly slot: number;
  private readonly flush: DataFlush;
  /** Syncs waiting, in no order. */
  private waiting: Waiting[] = [];
  private pumping = false;
  private closed = false;

  constructor(path: string, control: ControlBlock, slot: number, flush: DataFlush) {
    this.path = path;
    this.control = control;
    this.slot = slot;
    this.flush = flush;
  }

  /** The durable watermark. */
  get durable(): number {
    return durable(this.control);
  }

  /** Resolves once the durable watermark reaches `target`; rejects if a sync fails (see the module description). */
  sync(target: number): Promise<void> {
    // Below the watermark a record is durable, whatever happened to later syncs.
    if (durable(this.control) >= target) return Promise.resolve();
    const failed = this.failure();
    if (failed !== undefined) return Promise.reject(failed);
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ target, resolve, reject });
      // Asked at once, not at this process's next turn: a leader in another process that is still syncing
      // takes the target into its next round instead of stepping down and handing the lead over.
      requestSync(this.control, target);
      if (this.pumping) return;
      // One turn of the event loop first: the appends this process makes in the same turn join the batch.
      this.pumping = true;
      setImmediate(() => void this.pump());
    });
  }

  /**
   * Blocks until the watermark reaches `target`: syncs what is committed
   * itself, leader or not (a shutdown path must not wait for another
   * process's turn).
   */
  syncSync(target: number): void {
    const started = Date.now();
    let pause = HELD_MIN_MS;
    for (;;) {
      const from = durable(this.control);
      if (from >= target) return;
      const failed = this.failure();
      if (failed !== undefined) throw failed;
      const to = committedEnd(this.control);
      if (to > from) {
        this.syncBlocking(from, to);
        continue;
      }
      if (Date.now() - started > SYNC_SYNC_PATIENCE_MS) {
        throw new MmlogError(
          ErrorCode.SYNC_BLOCKED,
          `a live writer's record below position ${target} stayed uncommitted for ${SYNC_SYNC_PATIENCE_MS} ms`,
          this.path,
        );
      }
      sleepMs(pause);
      pause = Math.min(pause * 2, HELD_MAX_MS);
    }
  }

  /** Rejects the syncs still waiting and stops leading. Syncs already resolved stay resolved. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const error = new MmlogError(ErrorCode.CLOSED, 'the log was closed before this sync finished', this.path);
    for (const w of this.waiting) w.reject(error);
    this.waiting = [];
    giveUpLead(this.control, this.slot);
    wakeSyncWaiters(this.control);
    this.flush.close();
  }

  /** The error every sync gets once a sync of this log failed, if one did. */
  failure(): SyncFailedError | undefined {
    const errno = syncFailure(this.control);
    if (errno === 0) return undefined;
    return new SyncFailedError(errnoName(Math.abs(errno)), durable(this.control), this.path);
  }

  /**
   * Resolves what the watermark covers; on a failure, rejects everything.
   * Returns the lowest target still waiting, or undefined when none is.
   */
  private settle(): number | undefined {
    const mark = durable(this.control);
    const failed = this.failure();
    let lowest: number | undefined;
    const still: Waiting[] = [];
    for (const w of this.waiting) {
      if (w.target <= mark) w.resolve();
      else if (failed !== undefined) w.reject(failed);
      else {
        still.push(w);
        if (lowest === undefined || w.target < lowest) lowest = w.target;
      }
    }
    this.waiting = still;
    return lowest;
  }

  /** The highest target still waiting. */
  private highest(): number {
    let highest = 0;
    for (const w of this.waiting) if (w.target > highest) highest = w.target;
    return highest;
  }

  private async pump(): Promise<void> {
    let pause = HELD_MIN_MS;
    // When the leader's liveness was last judged (a read of /proc), or the pump started: a leader that wakes us is alive.
    let leaderCheckedAt = performance.now();
    try {
      for (;;) {
        if (this.closed) return;
        const lowest = this.settle();
        if (lowest === undefined) return;
        requestSync(this.control, this.highest());
        if (takeLead(this.control, this.slot)) {
          const progressed = await this.lead();
          if (progressed) pause = HELD_MIN_MS;
          else {
            // Nothing to sync although a target waits: a live writer's claim below it is in progress.
            await new Promise((resolve) => setTimeout(resolve, pause));
            pause = Math.min(pause * 2, HELD_MAX_MS);
          }
          continue;
        }
        const seq = syncSeq(this.control);
        const leader = leaderWord(this.control);
        if (durable(this.control) >= lowest || syncFailure(this.control) !== 0 || leader === 0) continue;
        const woken = await waitForSync(this.control, seq, lowest, LEADER_CHECK_MS);
        const now = performance.now();
        if (woken !== 'timed-out' && now - leaderCheckedAt < LEADER_CHECK_MS) continue;
        leaderCheckedAt = now;
        if (leaderWord(this.control) === leader && leaderGone(this.control, leader)) {
          if (takeLead(this.control, this.slot, leader)) await this.lead();
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Leads rounds while anyone waits (see the module description). Returns whether the watermark rose. */
  private async lead(): Promise<boolean> {
    let progressed = false;
    try {
      for (;;) {
        if (this.closed || syncFailure(this.control) !== 0) return progressed;
        const from = durable(this.control);
        const to = committedEnd(this.control);
        if (to <= from) return progressed;
        const started = performance.now();
        let failed: unknown;
        await this.flush.flush(from, to).catch((error: unknown) => {
          failed = error;
        });
        if (failed !== undefined) {
          this.fail(failed);
          return progressed;
        }
        this.raise(to, performance.now() - started);
        progressed = true;
        this.settle();
        // One turn of the event loop before the next round's cut: the appenders just resolved (a
        // writer awaiting each appendDurable) append again, and their records join that round rather
        // than wait for the one after.
        await new Promise((resolve) => setImmediate(resolve));
        if (this.closed || Math.min(syncRequested(this.control), this.control.cursor()) <= durable(this.control)) {
          return progressed;
        }
      }
    } finally {
      giveUpLead(this.control, this.slot);
      wakeSyncWaiters(this.control);
    }
  }

  /** Syncs `[from, to)` blocking, and records the outcome. */
  private syncBlocking(from: number, to: number): void {
    const started = performance.now();
    try {
      this.flush.flushSync(from, to);
    } catch (error) {
      throw this.fail(error);
    }
    this.raise(to, performance.now() - started);
  }

  /** A sync covering up to `to` succeeded: raise the watermark, unless a sync failed meanwhile. */
  private raise(to: number, ms: number): void {
    // After a failure anywhere, a later success proves nothing about the pages the failed one lost.
    if (syncFailure(this.control) !== 0) return;
    recordSyncTime(this.control, ms);
    raiseDurable(this.control, to);
    wakeSyncWaiters(this.control);
  }

  /** A sync failed: marks the log, rejects every waiting sync with the error, and returns it. */
  private fail(error: unknown): SyncFailedError {
    const errno = Math.abs(Number((error as NodeJS.ErrnoException).errno)) || osConstants.errno.EIO;
    markSyncFailed(this.control, errno);
    const mark = durable(this.control);
    const failed = new SyncFailedError(errnoName(errno), mark, this.path, error);
    for (const w of this.waiting) {
      if (w.target <= mark) w.resolve();
      else w.reject(failed);
    }
    this.waiting = [];
    wakeSyncWaiters(this.control);
    return failed;
  }
}

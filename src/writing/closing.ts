/**
 * Letting go of an open log: what a writer holds and gives back, the trim of
 * the preallocated tail by the last writer, and the logs of this thread still
 * open at process exit, closed then so that the last writer trims.
 * @module
 */
import { closeSync } from 'node:fs';
import type { ControlBlock } from '../control/controlBlock.js';
import { lockLifecycle, unlockLifecycle } from '../control/lifecycleLock.js';
import { Offset } from '../layout/control.js';
import { native } from '../native/binding.js';
import type { AppendStore } from '../storage/appendStore.js';

/** What a writer holds while its log is open: the control file (mapped, and its descriptor), the data, its slot. */
export interface HeldFiles {
  readonly control: ControlBlock;
  readonly controlFd: number;
  readonly controlPath: string;
  readonly store: AppendStore;
  readonly slotIndex: number;
}

/**
 * Cuts the data file's preallocated tail at the cursor if no other live
 * writer has the log open (one may be about to write into that tail), under
 * the lifecycle lock: a writer that opens takes its slot, then passes through
 * the same lock, so it never writes into a tail being cut. With
 * `releaseSlot`, this writer's slot is freed under the same lock. Nothing is
 * trimmed when `faulted()`, asked under the lock, says a mapping of the log
 * took a fault: what was read from a cut control file is a zero page's.
 * Returns whether this writer was alone.
 */
export function trimIfAlone(held: HeldFiles, faulted: () => boolean, releaseSlot: boolean): boolean {
  const { control, controlFd, controlPath } = held;
  lockLifecycle(controlFd, controlPath);
  try {
    const alone = control.otherLiveWriters(held.slotIndex).length === 0;
    const cursor = control.cursor();
    const broken = faulted();
    if (alone && !broken) {
      held.store.truncate(cursor);
      control.bumpStat(Offset.STAT_TRIMS);
    }
    if (releaseSlot) control.releaseSlot(held.slotIndex);
    return alone;
  } finally {
    unlockLifecycle(controlFd, controlPath);
  }
}

/** Unmaps and closes what the writer held (its slot is released by {@link trimIfAlone} first). */
export function releaseFiles(held: HeldFiles): void {
  held.store.close();
  native.unmap(held.control.buffer);
  closeSync(held.controlFd);
}

/** What the exit hook does with an open log. */
export interface Closable {
  close(): void;
}

/** Logs open in this thread. */
const openLogs = new Set<Closable>();
let exitHookInstalled = false;

function closeAllAtExit(): void {
  for (const log of openLogs) {
    try {
      log.close();
    } catch {
      // Exiting anyway; the data is in the page cache already.
    }
  }
}

/** Closes `log` at exit unless it is closed first (then call {@link forgetOpenLog}). */
export function registerOpenLog(log: Closable): void {
  openLogs.add(log);
  if (!exitHookInstalled) {
    process.on('exit', closeAllAtExit);
    exitHookInstalled = true;
  }
}

/** `log` was closed: nothing to do for it at exit. */
export function forgetOpenLog(log: Closable): void {
  openLogs.delete(log);
}

/**
 * Recovery from a failed sync. After `fdatasync` failed, the pages it could
 * not write may be marked clean (Linux does, and so do others): a later sync
 * would succeed without writing them. So the failed state is cleared only
 * after every page from the durable watermark to the committed end has been
 * dirtied again in place and a new sync of them all succeeded; if that sync
 * fails too, the log stays failed, with the new errno.
 *
 * What the pages hold is what the page cache holds: if the kernel dropped a
 * page it could not write, its content is what the disk has, and a framed
 * record there fails its checksum (readers and `verify` report it).
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { clearSyncFailure, durable, markSyncFailed, raiseDurable, syncFailure } from '../control/syncWords.js';
import { errnoName } from '../errors.js';
import { DataFlush } from '../storage/dataFlush.js';
import { committedEnd } from './committedEnd.js';

/** The outcome of {@link restoreAfterSyncFailure}. */
export interface SyncRestoreResult {
  /** The errno name of the failure found (`'EIO'`…), or undefined if the log had none. */
  failure: string | undefined;
  /** Whether the pages were written and synced again, and the failure cleared. */
  restored: boolean;
}

/** See the module description. */
export function restoreAfterSyncFailure(path: string, control: ControlBlock): SyncRestoreResult {
  const errno = syncFailure(control);
  if (errno === 0) return { failure: undefined, restored: false };
  const failure = errnoName(Math.abs(errno));
  const flush = new DataFlush(path, control, undefined);
  try {
    const from = durable(control);
    const to = committedEnd(control);
    flush.redirty(from, to);
    flush.flushSync(from, to);
    clearSyncFailure(control);
    raiseDurable(control, to);
    return { failure, restored: true };
  } catch (error) {
    markSyncFailed(control, Math.abs(Number((error as NodeJS.ErrnoException).errno)) || Math.abs(errno));
    return { failure, restored: false };
  } finally {
    flush.close();
  }
}

/**
 * `open()`: opens or creates a log and returns a {@link Log} registered as a
 * writer. It composes the layers below: creation (storage), writer slots
 * (control), recovery after a crash or a reboot (admin), the data mapping
 * (storage), and the append engine (writing).
 * @module
 */
import { closeSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { announceRecovery, needsRecovery, type RecoveryReport, runRecovery } from './admin/recovery.js';
import { lockLifecycle, unlockLifecycle } from './control/lifecycleLock.js';
import { markSyncs } from './control/syncWords.js';
import { type DurabilityOptions, LogDurability } from './durability/logDurability.js';
import { ErrorCode, MmlogError } from './errors.js';
import { SlotRole } from './layout/control.js';
import { recordFootprint } from './layout/frame.js';
import { native } from './native/binding.js';
import { checkResidentWindow, type OpenOptions as LogSettings, resolveOptions, SETTING_CHECKS } from './options.js';
import { openOrCreate } from './storage/creation.js';
import { DataStore } from './storage/dataStore.js';
import { pointActiveLink } from './storage/segmentFiles.js';
import { SegmentStore } from './storage/segmentStore.js';
import { callback, checkOptions, checkPath, integerIn, type OptionChecks } from './util/arguments.js';
import { Log } from './writing/log.js';
import { SegmentRoller } from './writing/segmentRoll.js';

/** Options of {@link open}: the log's settings, and what to tell the caller about recovery. */
export interface OpenOptions extends LogSettings {
  /**
   * Called with the report of the recovery `open()` runs first when a writer
   * died mid-record or the machine rebooted since the log was last opened:
   * every range padded and why, and any data found missing or corrupt.
   * Called once per recovery run: twice in the rare open() that first had to
   * settle dead writers' claims to free a slot and still found one unsettled.
   * Without it, missing or corrupt data is reported as a process warning
   * (code `MMLOG_RECOVERY`).
   */
  onRecovery?: (report: RecoveryReport) => void;
  /**
   * This writer syncs. `{}`: it will call `sync()` / `appendDurable()`, so it
   * (and every writer of the log while it lives) maps the log with small
   * pages from its first record (see `hugePages`); `{ intervalMs }`: it also
   * syncs in the background, so that each record is durable within about
   * that long. Per writer, not a setting of the log. Default: none (the
   * kernel's write-back, and `sync()` / `appendDurable()` when asked, with
   * small pages from the first sync on).
   */
  durability?: DurabilityOptions;
}

const DURABILITY_CHECKS: OptionChecks<DurabilityOptions> = { intervalMs: integerIn(1, 3_600_000) };

const OPEN_CHECKS: OptionChecks<OpenOptions> = {
  ...SETTING_CHECKS,
  onRecovery: callback,
  durability: (_name, value) => checkOptions('open', value, DURABILITY_CHECKS),
};

/** Checks `open()`'s arguments as `open()` does, touching no file (for streams that open the log later). */
export function checkOpenArguments(path: unknown, options: unknown): void {
  checkPath(path);
  const { onRecovery: _, durability: __, ...settings } = checkOptions('open', options, OPEN_CHECKS);
  resolveOptions(settings);
}

/**
 * Opens the log at `path` for appending, creating it (and `path.ctl`, its
 * control file) if needed. Any number of processes and threads may open the
 * same log at once.
 *
 * @param path The data file. With format `raw` it is an ordinary file holding
 *   exactly the appended bytes; an existing file is appended to.
 * @throws TypeError for a path that is not a non-empty string, options that
 *   are not a plain object, an unknown option or one of the wrong type;
 *   RangeError for out-of-range options (nothing is opened then); the `fs` error (e.g. ENOENT) when the directory does
 *   not exist; {@link MmlogError} when the control file is not a valid log of
 *   this version (nothing is modified then).
 */
export function open(path: string, options?: OpenOptions): Log {
  checkPath(path);
  const { onRecovery, durability, ...settings } = checkOptions('open', options, OPEN_CHECKS);
  const resolved = resolveOptions(settings);
  // Check the resident window against what was asked before touching any file…
  const askedFormat = resolved.format ?? 'raw';
  checkResidentWindow(resolved.chunkSize, recordFootprint(askedFormat, resolved.maxRecordSize), resolved.maxResident);
  const files = openOrCreate(path, resolved);
  const { control } = files;
  let slot = files.creatorSlot;
  try {
    const identity = control.identity;
    const maxFrame = recordFootprint(identity.format, identity.maxRecordSize);
    // …and against what the log really has, which may differ when it exists
    // (a default bound stretches to fit the log's own settings; an explicit one is enforced).
    if (resolved.explicit.has('maxResident')) {
      checkResidentWindow(identity.chunkSize, maxFrame, resolved.maxResident);
    }
    if (slot === undefined) {
      slot = control.acquireSlot(SlotRole.WRITER, threadId, false);
      if (slot < 0 && needsRecovery(control)) {
        // Every slot is held, some by dead writers caught mid-claim (a killed process, a terminated
        // worker): settle their claims, which frees their slots, rather than take one over and leave its
        // claim to read as lost data.
        announceRecovery(runRecovery(path, {}), onRecovery);
        slot = control.acquireSlot(SlotRole.WRITER, threadId);
      }
      if (slot < 0) {
        throw new MmlogError(
          ErrorCode.TOO_MANY_WRITERS,
          `all ${identity.slotCount} writer slots are held by live writers`,
          files.controlPath,
        );
      }
      // Registration barrier: a trim in progress finishes before this writer
      // reads the allocated size, and any later trim sees this writer's slot.
      lockLifecycle(files.controlFd, files.controlPath);
      unlockLifecycle(files.controlFd, files.controlPath);
      // After a reboot, or a writer that died mid-claim: settle the log first.
      if (needsRecovery(control)) announceRecovery(runRecovery(path, {}, slot), onRecovery);
    }
    const segmented = identity.segmentSize > 0;
    // A writer opened with `durability` syncs: its slot says so, and every
    // writer, this one included, takes small pages while it lives (a sync
    // writes each dirty folio back whole; see DataStore.checkSyncingWriters).
    if (durability !== undefined) markSyncs(control, slot);
    const hugePages = resolved.hugePages && durability === undefined;
    const store = segmented
      ? new SegmentStore(path, control, {
          chunkSize: identity.chunkSize,
          maxFrame,
          hugePages,
          mode: resolved.mode,
        })
      : new DataStore(path, files.dataFd, control, {
          chunkSize: identity.chunkSize,
          maxFrame,
          windowSize: resolved.windowSize,
          hugePages,
        });
    store.syncAllocated();
    // Held while this writer has the data file open: a creator that finds the
    // data file without its control file refuses to adopt it while any is held.
    if (!segmented) native.flock(files.dataFd, native.constants.LOCK_SH, path);
    // Map and populate where the next claims will land now, not in the first
    // append; the first append still passes through Log.makeRoom (fastEnd is
    // left below the cursor), which then has nothing left to do.
    store.prepareAhead(control.cursor());
    store.fastEnd = -1;
    const writerSlot = slot;
    const dataFd = segmented ? undefined : files.dataFd;
    const makeDurability = (appendedTo: () => number) =>
      new LogDurability(path, control, writerSlot, dataFd, durability ?? {}, appendedTo);
    if (store instanceof SegmentStore) {
      pointActiveLink(path, store.ring, store.ring.segmentOf(control.cursor()));
      const roller = new SegmentRoller(store, control);
      return new Log(path, files.controlPath, files.controlFd, control, store, slot, makeDurability, roller);
    }
    return new Log(path, files.controlPath, files.controlFd, control, store, slot, makeDurability);
  } catch (error) {
    // A slot taken for a writer that never came to be is given back at once.
    if (slot !== undefined && slot >= 0) control.releaseSlot(slot);
    native.unmap(control.buffer);
    closeSync(files.controlFd);
    if (files.dataFd >= 0) closeSync(files.dataFd);
    throw error;
  }
}

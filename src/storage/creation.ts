/**
 * Opening a log, and creating it when it does not exist, safely against any
 * number of processes doing the same at the same instant.
 *
 * The seed had creators `ftruncate` a visible control file while waiters
 * polled `fstat` and an "initialised" flag. Here a half-made control file is
 * never visible at all: the creator writes the complete control file under a
 * private temporary name, fsyncs it, and publishes it with `link(2)`, which
 * fails with EEXIST for every creator but one. The losers open the winner's
 * file. What is left to the winner after publishing (creating the data file
 * and, for framed logs, writing its META record) is deterministic and
 * idempotent; the creator holds writer slot 0 while doing it, so if it dies
 * there, the next opener sees a dead slot 0 and finishes the job itself.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, constants as fsConstants, fstatSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';
import { ControlBlock } from '../control/controlBlock.js';
import { decodeControlImage, encodeControlImage, type LogIdentity } from '../control/header.js';
import { checkControlState } from '../control/integrity.js';
import { BOOT_ID, SELF_START_TIME } from '../control/processIdentity.js';
import { ErrorCode, errnoName, MmlogError, SyncFailedError } from '../errors.js';
import {
  CREATOR_SLOT,
  Flag,
  IDLE,
  MAGIC,
  Offset,
  SegmentEntryOffset,
  SlotOffset,
  SlotRole,
  segmentEntryOffset,
  slotOffset,
} from '../layout/control.js';
import { DATA_START } from '../layout/frame.js';
import { native, PAGE_SIZE } from '../native/binding.js';
import type { ResolvedOptions } from '../options.js';
import { sleepMs } from '../util/sleep.js';
import { publish, removeStaleTemporaries } from './controlPublish.js';
import { activeSegmentEnd, checkSegmentFiles, type DataFile, openDataFile } from './dataFile.js';
import { controlPathOf, isSegmentedPath, makeLogDirectory, segmentPath } from './logPaths.js';
import { initializeDataFile } from './metaRecord.js';
import { openRegularFile } from './regularFile.js';

/** The files of an open log. */
export interface OpenedFiles {
  control: ControlBlock;
  controlFd: number;
  controlPath: string;
  dataFd: number;
  dataPath: string;
  /** Slot 0 when this call created the log (the creator keeps it), otherwise undefined. */
  creatorSlot: number | undefined;
}

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

/** Opens the log at `path`, creating it if it does not exist. */
export function openOrCreate(path: string, options: ResolvedOptions): OpenedFiles {
  const segmented = options.segmentSize > 0 || isSegmentedPath(path);
  const segmentOnly = ['rollEvery', 'retention', 'segmentFill'].filter((name) => options.explicit.has(name));
  if (!segmented && segmentOnly.length > 0) {
    throw new RangeError(`option '${segmentOnly[0]}' needs a segmented log (created with 'segmentSize')`);
  }
  if (options.segmentSize > 0) {
    if (!isSegmentedPath(path) && existsSync(`${path}.ctl`)) {
      throw new MmlogError(ErrorCode.OPTION_MISMATCH, 'the log exists as a single file, not segmented', path);
    }
    makeLogDirectory(path, options.mode);
  }
  const controlPath = controlPathOf(path);
  // A segmented log's first segment plays the data file's part in creation (its META record).
  const dataPath = segmented ? segmentPath(path, 0) : path;
  // Each round either opens an existing control file or races to create one;
  // losing the race means the next round finds the winner's file.
  for (let round = 0; round < 16; round++) {
    const existing = openExisting(dataPath, controlPath, options, segmented);
    if (existing !== undefined) return existing;
    if (segmented && options.segmentSize === 0) {
      throw new MmlogError(
        ErrorCode.NOT_A_FILE,
        'is a directory holding no log; give segmentSize to create a segmented log there',
        path,
      );
    }
    const created = create(dataPath, controlPath, options);
    if (created !== undefined) return created;
  }
  throw new MmlogError(ErrorCode.CREATION_TIMEOUT, 'the control file keeps appearing and disappearing', controlPath);
}

/** A validated, mapped control file. */
export interface OpenControl {
  control: ControlBlock;
  fd: number;
  /** False when the file could only be opened read-only. */
  writable: boolean;
}

/**
 * Opens and validates a control file, then maps it. Validation reads the file
 * with plain reads first: nothing is mapped or written until it is known to be
 * a complete control file of this version. When `writable` is asked for but
 * the file is read-only to us, it is opened read-only (for readers).
 */
export function openControl(
  controlPath: string,
  writable: boolean,
  check?: (id: LogIdentity) => void,
  fallBackToReadOnly = false,
): OpenControl {
  let fd: number;
  let canWrite = writable;
  try {
    fd = openRegularFile(controlPath, writable ? fsConstants.O_RDWR : fsConstants.O_RDONLY);
  } catch (error) {
    const denied = isErrno(error, 'EACCES') || isErrno(error, 'EROFS') || isErrno(error, 'EPERM');
    if (!writable || !fallBackToReadOnly || !denied) throw error;
    fd = openRegularFile(controlPath, fsConstants.O_RDONLY);
    canWrite = false;
  }
  try {
    const size = fstatSync(fd).size;
    const image = Buffer.alloc(Math.min(size, Offset.SLOTS));
    readSync(fd, image, 0, image.length, 0);
    const identity = decodeControlImage(image, size, controlPath);
    check?.(identity);
    if (check !== undefined && (image.readUInt32LE(Offset.FLAGS) & Flag.PANICKED) !== 0) {
      throw new MmlogError(ErrorCode.PANICKED, 'the log was marked unusable; run `mmlog recover`', controlPath);
    }
    if (check !== undefined && (image.readUInt32LE(Offset.FLAGS) & Flag.SYNC_FAILED) !== 0) {
      const errno = Math.abs(image.readInt32LE(Offset.SYNC_ERRNO));
      const durable = Number(image.readBigInt64LE(Offset.DURABLE));
      throw new SyncFailedError(errnoName(errno), durable, controlPath);
    }
    const control = new ControlBlock(native.mmap(fd, 0, size, canWrite, controlPath), identity);
    return { control, fd, writable: canWrite };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Opens an existing log for writing, or returns undefined if its control file does not exist. */
function openExisting(
  path: string,
  controlPath: string,
  options: ResolvedOptions,
  segmented: boolean,
): OpenedFiles | undefined {
  let opened: OpenControl;
  try {
    opened = openControl(controlPath, true, (identity) => checkSettings(identity, options, controlPath));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  const { control, fd: controlFd } = opened;
  try {
    if (segmented !== control.identity.segmentSize > 0) {
      throw new MmlogError(ErrorCode.CORRUPT, 'the control file does not describe a log of this kind', controlPath);
    }
    awaitData(control, path, options);
    // Segments are opened, checked and created by the segment store, as positions reach them; the
    // control state that does not depend on a data file is checked here.
    if (segmented) {
      // `path` is segment 0's file here: the log is the directory of the control file.
      const dir = dirname(controlPath);
      checkControlState(control, controlPath, () => activeSegmentEnd(dir, control), true);
      checkSegmentFiles(dir, control);
    }
    const dataFd = segmented ? -1 : openData(path, control, options.mode);
    return { control, controlFd, controlPath, dataFd, dataPath: path, creatorSlot: undefined };
  } catch (error) {
    control.close(controlFd);
    throw error;
  }
}

/** Refuses to open a log whose fixed settings differ from ones the caller asked for. */
function checkSettings(identity: LogIdentity, options: ResolvedOptions, controlPath: string): void {
  const pairs: [string, unknown, unknown][] = [
    ['format', options.format, identity.format],
    ['chunkSize', options.chunkSize, identity.chunkSize],
    ['maxRecordSize', options.maxRecordSize, identity.maxRecordSize],
    ['slots', options.slots, identity.slotCount],
    ['segmentSize', options.segmentSize, identity.segmentSize],
    ['rollEvery', options.rollEvery, identity.rollEvery],
    ['segmentFill', options.segmentFill, identity.segmentFill],
    ['retention', retentionText(options), retentionText(identity)],
  ];
  for (const [name, asked, actual] of pairs) {
    if (options.explicit.has(name) && asked !== actual) {
      throw new MmlogError(
        ErrorCode.OPTION_MISMATCH,
        `the log exists with ${name} ${String(actual)}, not ${String(asked)}`,
        controlPath,
      );
    }
  }
}

function retentionText(
  settings: Pick<LogIdentity, 'retainSegments' | 'retainBytes' | 'retainAge' | 'recycleSegments'>,
): string {
  return `{ maxSegments: ${settings.retainSegments || 'none'}, maxBytes: ${settings.retainBytes || 'none'}, maxAgeMs: ${settings.retainAge || 'none'}, recycle: ${settings.recycleSegments || 'none'} }`;
}

/**
 * Waits, with bounded back-off, until the creator has initialised the data
 * file; finishes the job if the creator died first.
 */
function awaitData(control: ControlBlock, path: string, options: ResolvedOptions): void {
  const timeout = options.creationTimeout;
  const deadline = Date.now() + timeout;
  for (let delay = 1; !control.dataReady; delay = Math.min(delay * 2, 50)) {
    const creator = control.readSlot(CREATOR_SLOT);
    if (!creator.alive) {
      initializeData(control, path, options.mode);
      return;
    }
    if (Date.now() >= deadline) {
      throw new MmlogError(
        ErrorCode.CREATION_TIMEOUT,
        `process ${creator.pid} is creating the log and has not finished after ${timeout} ms`,
        path,
      );
    }
    sleepMs(delay);
  }
}

/** Creates (if needed) and initialises the data file, then marks it ready. Idempotent. */
function initializeData(control: ControlBlock, path: string, mode: number): void {
  checkControlState(control, controlPathOf(path), undefined);
  const fd = openRegularFile(path, fsConstants.O_RDWR | fsConstants.O_CREAT, mode);
  try {
    initializeDataFile(fd, control.identity, path);
  } finally {
    closeSync(fd);
  }
  control.setFlag(Flag.DATA_READY);
}

/**
 * Opens the data file of an existing log for a writer, checked against the
 * control file (see `dataFile.ts`); re-creates it (or its META frame) only
 * when the log never held a record.
 */
function openData(path: string, control: ControlBlock, mode: number): number {
  let data: DataFile;
  try {
    data = openDataFile(path, control, true, true);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
    if (control.cursor() > control.identity.dataStart) {
      throw new MmlogError(ErrorCode.DATA_MISSING, 'the control file records data, but the data file is missing', path);
    }
    // Nothing was ever written: re-creating the data file loses nothing.
    initializeData(control, path, mode);
    data = openDataFile(path, control, true, true);
  }
  try {
    // An ALLOCATED above the file's size is settled by the writer's DataStore
    // (`syncAllocated`), which also tells an interrupted trim from a cut file.
    if (!data.initialized) initializeDataFile(data.fd, control.identity, path);
  } catch (error) {
    closeSync(data.fd);
    throw error;
  }
  return data.fd;
}

/** Tries to create the log; returns undefined if another process published first. */
function create(path: string, controlPath: string, options: ResolvedOptions): OpenedFiles | undefined {
  // Opening the data file first makes a missing directory fail with the
  // caller's own path in the ENOENT error.
  const dataFd = openRegularFile(path, fsConstants.O_RDWR | fsConstants.O_CREAT, options.mode);
  try {
    const formatName = options.format ?? 'raw';
    const existingSize = fstatSync(dataFd).size;
    let initialCursor = DATA_START[formatName];
    if (existingSize > 0) {
      // Our creators publish the control file before writing any data, so
      // data here means either a creator just won the race (its control file
      // exists now: open it) or the data predates any control file.
      if (existsSync(controlPath)) {
        closeSync(dataFd);
        return undefined;
      }
      // Appending to another log's control file (`open('app.log.ctl')`) would break that log.
      const head = Buffer.alloc(MAGIC.length);
      if (readSync(dataFd, head, 0, head.length, 0) === head.length && head.equals(MAGIC)) {
        throw new MmlogError(
          ErrorCode.WRONG_DATA,
          "this file is the control file of a log, not a log's data: open the log itself (the path without " +
            "'.ctl', or the directory holding 'mmlog.ctl')",
          path,
        );
      }
      if (formatName !== 'raw' || options.segmentSize > 0) {
        throw new MmlogError(
          ErrorCode.NEEDS_RECOVERY,
          'the data file holds records but has no control file; run `mmlog recover`',
          path,
        );
      }
      // Writers hold a shared lock on their data file for as long as they have
      // it open (see open()): one held now means writers of a log whose
      // control file was removed are still appending here, at positions a new
      // log would hand out again.
      if (!native.flock(dataFd, native.constants.LOCK_EX | native.constants.LOCK_NB, path)) {
        throw new MmlogError(
          ErrorCode.DATA_IN_USE,
          'the data file has no control file, but writers still have it open (its control file was removed ' +
            'under them); close them first',
          path,
        );
      }
      // A raw log is an ordinary file: appending continues after its bytes.
      initialCursor = existingSize;
    }
    const id = randomBytes(8);
    const identity: LogIdentity = {
      format: formatName,
      chunkSize: options.chunkSize,
      maxRecordSize: options.maxRecordSize,
      slotCount: options.slots,
      logIdLo: id.readUInt32LE(0),
      logIdHi: id.readUInt32LE(4),
      createdAt: Date.now(),
      dataStart: DATA_START[formatName],
      pageSize: PAGE_SIZE,
      segmentSize: options.segmentSize,
      rollEvery: options.rollEvery,
      retainSegments: options.retainSegments,
      retainBytes: options.retainBytes,
      retainAge: options.retainAge,
      recycleSegments: options.recycleSegments,
      segmentFill: options.segmentFill,
    };
    const image = encodeControlImage(identity, initialCursor);
    if (identity.segmentSize > 0) {
      const entry = segmentEntryOffset(0);
      image.writeBigInt64LE(1n, entry + SegmentEntryOffset.SEGMENT);
      image.writeDoubleLE(identity.createdAt, entry + SegmentEntryOffset.ACTIVATED_AT);
      image.writeBigInt64LE(BigInt(identity.dataStart), entry + SegmentEntryOffset.FIRST_RECORD);
    }
    image.writeBigInt64LE(BigInt(existingSize), Offset.ALLOCATED);
    BOOT_ID.copy(image, Offset.BOOT_ID);
    writeCreatorSlot(image);
    removeStaleTemporaries(controlPath);
    if (!publish(image, controlPath, options.mode)) {
      // Lost the race: the winner's data file is the same file; only our fd is ours to close.
      closeSync(dataFd);
      return undefined;
    }
    const controlFd = openRegularFile(controlPath, fsConstants.O_RDWR);
    let control: ControlBlock;
    try {
      control = new ControlBlock(native.mmap(controlFd, 0, image.length, true, controlPath), identity);
      control.holdSlot(CREATOR_SLOT, threadId);
      initializeDataFile(dataFd, identity, path);
      control.setFlag(Flag.DATA_READY);
    } catch (error) {
      closeSync(controlFd);
      throw error;
    }
    if (identity.segmentSize > 0) {
      closeSync(dataFd);
      return { control, controlFd, controlPath, dataFd: -1, dataPath: path, creatorSlot: CREATOR_SLOT };
    }
    return { control, controlFd, controlPath, dataFd, dataPath: path, creatorSlot: CREATOR_SLOT };
  } catch (error) {
    closeSync(dataFd);
    throw error;
  }
}

function writeCreatorSlot(image: Buffer): void {
  const base = slotOffset(CREATOR_SLOT);
  image.writeInt32LE(process.pid, base + SlotOffset.PID);
  image.writeUInt32LE(threadId, base + SlotOffset.THREAD_ID);
  image.writeDoubleLE(SELF_START_TIME, base + SlotOffset.START_TIME);
  BOOT_ID.copy(image, base + SlotOffset.BOOT_TAG, 0, 8);
  image.writeDoubleLE(IDLE, base + SlotOffset.CLAIM_FLOOR);
  image.writeDoubleLE(IDLE, base + SlotOffset.CLAIM_POS);
  image.writeDoubleLE(Date.now(), base + SlotOffset.OPENED_AT);
  image.writeUInt32LE(SlotRole.WRITER, base + SlotOffset.ROLE);
}

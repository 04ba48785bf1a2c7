/**
 * The end of a log after a crash, settled by recovery when no live writer
 * has it open (one might be about to write there): the cursor brought to
 * what the files hold (raised over complete frames past a lagging cursor,
 * brought back from claims that never reached the disk or a file cut outside
 * mmlog), and stale bytes past the new end zeroed, so that later appends
 * never land next to garbage.
 * @module
 */
import { closeSync, constants as fsConstants, fstatSync, ftruncateSync, readSync, writeSync } from 'node:fs';
import type { ControlBlock } from '../control/controlBlock.js';
import { FRAMED_DATA_START, HEADER_SIZE } from '../layout/frame.js';
import { native } from '../native/binding.js';
import { logIdRegister } from '../native/crc32c.js';
import { checkFrame, type FrameInfo, FrameState, findFrameAfter } from '../reading/frameCheck.js';
import type { LogReader } from '../reading/logReader.js';
import { isFiller } from '../storage/fillerFrame.js';
import { initializeDataFile } from '../storage/metaRecord.js';
import type { DataFileAt } from '../storage/readWindow.js';
import { openRegularFile } from '../storage/regularFile.js';

/**
 * No live writer, and a framed data file cut shorter than its META frame
 * while the log records more (`: > app.log`): nothing of it is left, so the
 * file starts again with its META frame and the cursor at the first record.
 * Returns whether it did that.
 */
export function restartEmptiedFramedFile(path: string, control: ControlBlock): boolean {
  if (control.identity.format !== 'framed' || control.cursor() <= control.identity.dataStart) return false;
  const fd = openRegularFile(path, fsConstants.O_RDWR);
  try {
    if (fstatSync(fd).size >= FRAMED_DATA_START) return false;
    ftruncateSync(fd, 0);
    initializeDataFile(fd, control.identity, path);
    control.resetAllocated(fstatSync(fd).size);
    control.resetCursor(control.identity.dataStart);
    control.resetCommitted(control.identity.dataStart);
    return true;
  } finally {
    closeSync(fd);
  }
}

/**
 * No live writer, and a data file shorter than the log's allocated size (cut
 * outside mmlog, or a trim killed half-way): ALLOCATED comes down to the file
 * size. Returns whether the log had claimed past the end of the file; the
 * tail settling then brings the cursor back to what the file holds.
 */
export function fitToFile(reader: LogReader): boolean {
  const { control, window } = reader;
  const size = fstatSync((window.fileAt(0) as DataFileAt).fd).size;
  if (control.allocated() > size) control.resetAllocated(size);
  return control.cursor() > Math.max(size, control.identity.dataStart);
}

/**
 * No live writer: settle the end of the log. Frames found past a lagging
 * cursor are kept; claims past the end of the file (never written) are cut,
 * but the cursor never comes back over a valid frame;
 * after a reboot, trailing padding and unwritten claims are cut back to the
 * last record — but only then: without a reboot, a follower that is still
 * running may already have read past that padding, and must never find new
 * records appearing behind it. Stale bytes past the new end are zeroed;
 * returns how many bytes were.
 */
export function settleFramedTail(reader: LogReader, rebooted: boolean): number {
  const { control, window } = reader;
  // The walk stopped in a segment the cursor has left, and the next segment exists: records may lie past
  // where it stopped (a reader that cannot move on proves nothing about what follows). That is not the
  // tail: bringing the cursor back there would hand out positions over acknowledged records.
  const stoppedIn = window.regionEnd(reader.position);
  if (control.cursor() > stoppedIn && window.fileAt(stoppedIn) !== undefined) return 0;
  const file = window.fileAt(reader.position);
  if (file === undefined) return 0;
  const fileSize = file.base + fstatSync(file.fd).size;
  const limits = {
    idRegister: logIdRegister(control.identity.logIdLo, control.identity.logIdHi),
    maxRecordSize: control.identity.maxRecordSize,
    end: fileSize,
  };
  const info: FrameInfo = { type: 0, length: 0, size: 0 };
  let end = reader.position;
  let lastRecord = reader.lastRecordEnd;
  // A cursor that lags the data (its page was not written back before a crash).
  while (end + HEADER_SIZE <= fileSize) {
    window.cover(end);
    if (checkFrame(window, end, limits, info) !== FrameState.VALID) break;
    end += info.size;
    if (!isFiller(info.type)) lastRecord = end;
  }
  // A valid frame below the cursor past where the walk stopped: the walk stopped short of the tail (at a
  // claim it could not settle), and records follow. The tail is not here: leave the cursor and the bytes.
  const below = Math.min(control.cursor(), fileSize);
  if (end < below && findFrameAfter(window, end, below, limits) >= 0) return 0;
  if (rebooted) end = lastRecord;
  if (end !== control.cursor()) control.resetCursor(end);
  if (end !== reader.position) reader.seek(end);
  // The walk may have left the file (a segment) the tail is in: select it again.
  const tail = window.fileAt(end);
  return tail === undefined ? 0 : zeroTail(tail.fd, end - tail.base, fileSize - tail.base);
}

/**
 * Zeroes non-zero bytes in `[from, size)` of the file; returns how many bytes
 * were cleared. Holes (a file extended with `truncate`, preallocated blocks
 * never written) are skipped, not read: the scan costs what the tail holds,
 * not its length.
 */
function zeroTail(fd: number, from: number, size: number): number {
  const block = Buffer.alloc(64 * 1024);
  let dirtyFrom = -1;
  for (let at = from; at < size; at += block.length) {
    const data = native.seekData(fd, at);
    if (data < 0 || data >= size) break;
    at = data;
    const n = readSync(fd, block, 0, Math.min(block.length, size - at), at);
    if (block.subarray(0, n).some((b) => b !== 0)) {
      dirtyFrom = at;
      break;
    }
  }
  if (dirtyFrom < 0) return 0;
  try {
    native.fallocate(
      fd,
      native.constants.FALLOC_FL_ZERO_RANGE | native.constants.FALLOC_FL_KEEP_SIZE,
      from,
      size - from,
    );
  } catch {
    const zeros = Buffer.alloc(64 * 1024);
    for (let at = from; at < size; at += zeros.length) writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
  }
  return size - from;
}

/**
 * No live writer: the cursor is not left past the end of the file (claims
 * abandoned on a full disk, or of writers that died before growing the file,
 * were never written: readers would wait there forever). After a reboot, the
 * cursor follows the data (trailing NUL bytes are preallocation).
 */
export function settleRawTail(reader: LogReader, rebooted: boolean): void {
  const { control, window } = reader;
  const cursor = control.cursor();
  const file = window.fileAt(cursor);
  if (file === undefined) {
    // A segmented log whose cursor's segment was never created: nothing was written there.
    const base = cursor - (cursor % control.identity.segmentSize);
    if (cursor > base) control.resetCursor(base);
    return;
  }
  const size = file.base + fstatSync(file.fd).size;
  if (!rebooted) {
    if (control.cursor() > Math.max(size, control.identity.dataStart)) {
      control.resetCursor(Math.max(size, control.identity.dataStart));
    }
    return;
  }
  const block = Buffer.alloc(64 * 1024);
  const start = Math.max(control.identity.dataStart, file.base);
  let end = start;
  for (let at = size; at > start; ) {
    const from = Math.max(start, at - block.length);
    const n = readSync(file.fd, block, 0, at - from, from - file.base);
    let last = n - 1;
    while (last >= 0 && block[last] === 0) last--;
    if (last >= 0) {
      end = from + last + 1;
      break;
    }
    at = from;
  }
  if (end !== control.cursor()) control.resetCursor(end);
}

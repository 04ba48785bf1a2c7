/**
 * Opening the data file of an existing log, and making sure it is the data
 * file its control file describes before anything reads, pads, zeroes or
 * appends to it.
 *
 * - **Framed** data files name their log: the META frame at position 0 holds
 *   the log id and the creation time, under a CRC that covers the log id. It
 *   must be exactly the frame the control file's identity gives, or the file
 *   is refused (`ERR_MMLOG_WRONG_DATA`: another log's data, or not a framed
 *   mmlog data file at all; `ERR_MMLOG_VERSION`; `ERR_MMLOG_CORRUPT` when
 *   the id matches but the frame is damaged). Without this, a data file
 *   swapped for another log's would be taken for a log whose every record is
 *   corrupt, and recovery after a reboot would pad it all away.
 * - **Raw** data carries no identity: what can be checked is that the file
 *   agrees with the cursor. Everything a writer ever writes lies below the
 *   cursor, and what lies past it is preallocated zeros (or nothing), so in
 *   the boot that wrote them, non-zero bytes at the cursor mean the file is
 *   another one, or was written by something else — appending would
 *   overwrite them. The same holds for framed files, and catches a cursor
 *   moved back. A raw file replaced by one of a plausible size and with no
 *   bytes past the cursor is not detected.
 * - The control file's live fields are checked against the file's size
 *   (see `control/integrity.ts`).
 * @module
 */
import { closeSync, constants as fsConstants, fstatSync, readSync, statSync } from 'node:fs';
import type { ControlBlock } from '../control/controlBlock.js';
import { checkControlState, rebootedSince } from '../control/integrity.js';
import { SegmentRing } from '../control/segmentRing.js';
import { ErrorCode, MmlogError } from '../errors.js';
import { FORMAT_VERSION } from '../layout/control.js';
import { FRAMED_DATA_START, HEADER_SIZE, META_MAGIC } from '../layout/frame.js';
import { dataFileCut } from './cutFile.js';
import { segmentPath } from './logPaths.js';
import { encodeMetaRecord } from './metaRecord.js';
import { openRegularFile } from './regularFile.js';
import { openHeldSegment } from './segmentRecycling.js';

/** Bytes at the cursor that must be zero (one page: a cheap read). */
const TAIL_CHECK = 4096;

/** The data file of an open log, checked. */
export interface DataFile {
  fd: number;
  /** Its size when it was checked. */
  size: number;
  /** False when a framed log has no META frame yet (nothing was ever appended to it). */
  initialized: boolean;
}

/**
 * Opens the data file of the log whose control file is `control` (read-write
 * or read-only; `appending` for a writer) and checks it against the control
 * file. Throws, with the file closed and nothing changed,
 * `ERR_MMLOG_NOT_A_FILE`, `ERR_MMLOG_WRONG_DATA`, `ERR_MMLOG_CORRUPT`,
 * `ERR_MMLOG_VERSION`, or the `fs` error of the open.
 */
export function openDataFile(path: string, control: ControlBlock, writable: boolean, appending = false): DataFile {
  const fd = openRegularFile(path, writable ? fsConstants.O_RDWR : fsConstants.O_RDONLY);
  try {
    return { fd, ...checkDataFile(fd, path, control, appending) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Checks an open data file against its control file (see the module description). */
export function checkDataFile(
  fd: number,
  path: string,
  control: ControlBlock,
  appending = false,
): { size: number; initialized: boolean } {
  checkControlState(control, `${path}.ctl`, () => fstatSync(fd).size, appending);
  const size = fstatSync(fd).size;
  const initialized = control.identity.format !== 'framed' || checkMeta(fd, path, control, size);
  if (!rebootedSince(control)) checkTail(fd, path, control, size);
  return { size, initialized };
}

/**
 * The checks of {@link checkDataFile} that apply to a segmented log's files,
 * which writers and readers otherwise open only as positions reach them:
 * segment 0's META frame (framed, while retention has kept segment 0: it
 * names the log, so another log's control file is refused), and the active
 * segment's tail — no bytes at or past the cursor, and none past the
 * segment's end (what `>>` from another program adds). A segment missing
 * passes (not created yet, or retired); one that is not a regular file is
 * `ERR_MMLOG_NOT_A_FILE`.
 */
export function checkSegmentFiles(dir: string, control: ControlBlock): void {
  const ring = new SegmentRing(control);
  if (control.identity.format === 'framed' && ring.firstSegment() === 0) {
    withSegment(segmentPath(dir, 0), ring.recycling, (fd, file) => checkMeta(fd, file, control, fstatSync(fd).size));
  }
  if (rebootedSince(control)) return;
  const base = ring.baseOf(ring.segmentOf(control.cursor()));
  withSegment(segmentPath(dir, base), ring.recycling, (fd, file) => {
    const size = fstatSync(fd).size;
    if (size > ring.segmentSize) {
      throw new MmlogError(
        ErrorCode.WRONG_DATA,
        `the active segment holds ${size} bytes, more than a segment's ${ring.segmentSize}: something other than mmlog wrote to it`,
        file,
      );
    }
    checkTail(fd, file, control, size, base);
  });
}

/**
 * Where the active segment's data ends, as a position: its base plus its
 * file's size (the base when it has no file yet). What the cursor is checked
 * against in a segmented log, as a single file's size is (see
 * `checkControlState`): a segment deleted or cut behind the log's back is
 * refused rather than appended to after a hole.
 */
export function activeSegmentEnd(dir: string, control: ControlBlock): number {
  const ring = new SegmentRing(control);
  const base = ring.baseOf(ring.segmentOf(control.cursor()));
  try {
    return base + statSync(segmentPath(dir, base)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return base;
    throw error;
  }
}

/**
 * Runs `check` on the open segment file `file`, unless it does not exist.
 * Held as readers hold segments (a shared `flock` in a log that recycles):
 * a retired file is not zeroed for reuse under the check.
 */
function withSegment(file: string, recycling: boolean, check: (fd: number, file: string) => void): void {
  const fd = openHeldSegment(file, fsConstants.O_RDONLY, recycling);
  if (fd < 0) return;
  try {
    check(fd, file);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks the META frame of a framed data file. Returns false when there is
 * none yet and none is needed: the log never held a record (the file is empty
 * or starts with zeros, and the cursor is at the first record).
 */
function checkMeta(fd: number, path: string, control: ControlBlock, size: number): boolean {
  const found = Buffer.alloc(FRAMED_DATA_START);
  const n = size === 0 ? 0 : readSync(fd, found, 0, Math.min(size, found.length), 0);
  const expected = encodeMetaRecord(control.identity);
  if (n === found.length && found.equals(expected)) return true;
  const empty = found.every((b) => b === 0);
  if (empty && control.cursor() <= control.identity.dataStart) return false;
  if (size < FRAMED_DATA_START) {
    // Shorter than its own META frame, with records recorded: cut outside mmlog.
    throw dataFileCut(path, size, control.cursor());
  }
  if (empty) {
    throw new MmlogError(
      ErrorCode.WRONG_DATA,
      `the data file has no META frame, yet its control file records ${control.cursor()} bytes of records`,
      path,
    );
  }
  const payload = found.subarray(HEADER_SIZE);
  if (n < found.length || payload.toString('latin1', 0, META_MAGIC.length) !== META_MAGIC) {
    throw new MmlogError(
      ErrorCode.WRONG_DATA,
      'the data file does not start with the META frame of a framed log',
      path,
    );
  }
  const version = payload.readUInt32LE(8);
  if (version !== FORMAT_VERSION) {
    throw new MmlogError(
      ErrorCode.VERSION,
      `the data file has format version ${version}; this mmlog reads version ${FORMAT_VERSION}`,
      path,
    );
  }
  const ownId = logIdHex(expected);
  const fileId = logIdHex(found);
  if (fileId !== ownId) {
    throw new MmlogError(
      ErrorCode.WRONG_DATA,
      `the data file belongs to the log ${fileId}, not to ${ownId} of its control file`,
      path,
    );
  }
  throw new MmlogError(ErrorCode.CORRUPT, 'the META frame of the data file is damaged', path);
}

/** The log id of a META frame, as `stat` prints it. */
function logIdHex(frame: Buffer): string {
  const payload = frame.subarray(HEADER_SIZE);
  return ((BigInt(payload.readUInt32LE(20)) << 32n) | BigInt(payload.readUInt32LE(16))).toString(16).padStart(16, '0');
}

/**
 * Nothing is ever written at or past the cursor (in the boot that wrote the
 * log): the bytes there must be zero. One page is read where the cursor is,
 * and one at the end of the file (what `>>` from another program would have
 * added after the preallocated tail). Writers may claim meanwhile: a check
 * that the cursor moved during is repeated, and given up after a few tries
 * (a log that busy is being written by mmlog).
 */
function checkTail(fd: number, path: string, control: ControlBlock, size: number, base = 0): void {
  const bytes = Buffer.alloc(TAIL_CHECK);
  for (let attempt = 0; attempt < 4; attempt++) {
    // An offset in the file: a segment's file starts at its base. Below 0, the cursor has gone back
    // into the segment before (a crossing claim given back on a full disk): this one holds nothing yet.
    const cursor = control.cursor() - base;
    if (cursor < 0 || cursor >= size) return;
    let found = -1;
    for (const from of new Set([cursor, Math.max(cursor, size - TAIL_CHECK)])) {
      const n = readSync(fd, bytes, 0, Math.min(bytes.length, size - from), from);
      const at = bytes.subarray(0, n).findIndex((b) => b !== 0);
      if (at >= 0) {
        found = from + at;
        break;
      }
    }
    if (control.cursor() - base !== cursor) continue;
    if (found < 0) return;
    throw new MmlogError(
      ErrorCode.WRONG_DATA,
      `the data file holds data at ${base + found}, past the end of the log (${base + cursor}): it is not this log's ` +
        'data file, something other than mmlog wrote to it, or the cursor of the control file was moved back' +
        (control.identity.format === 'raw' && base === 0 && control.identity.segmentSize === 0
          ? ' (with no writer running, removing the control file adopts the file as it is)'
          : ''),
      path,
    );
  }
}

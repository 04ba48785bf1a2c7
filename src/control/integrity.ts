/**
 * Checking the live fields of a control file before anything uses them.
 *
 * `header.ts` checks the identity (cache line 0) from a plain read, before
 * the file is mapped. Everything else — the cursor, the allocated size, the
 * watermarks, the flags and the writer slots — is checked here, on the
 * mapped file, against the format and the size of the data file, before a
 * reader, writer, `stat`, `verify` or `recover` relies on it. A control file
 * damaged or edited by hand must never make mmlog append over the META frame,
 * zero or blank a live log, grow the data file without bound or touch memory
 * past its end: a value that cannot be right is reported as
 * `ERR_MMLOG_CORRUPT`, and nothing is changed.
 *
 * Other processes may be appending while the checks run, so every rule holds
 * at any instant of a healthy log (see the comments), and values are read in
 * an order that keeps them so (a cursor is read after what must lie below it).
 * @module
 */
import { ErrorCode, MmlogError } from '../errors.js';
import { ENDED_PID, Flag, IDLE, Offset, SlotOffset } from '../layout/control.js';
import { frameSize } from '../layout/frame.js';
import { PAGE_SIZE } from '../native/binding.js';
import type { ControlBlock } from './controlBlock.js';
import { BOOT_ID } from './processIdentity.js';

const I64 = 8;
const I32 = 4;
/** Milliseconds since the epoch that a `Date` can hold. */
const DATE_LIMIT = 8.64e15;
const KNOWN_FLAGS = Flag.DATA_READY | Flag.PANICKED | Flag.SYNC_FAILED;

function corrupt(what: string, path: string): MmlogError {
  return new MmlogError(ErrorCode.CORRUPT, `control file has an impossible ${what}`, path);
}

/** Bytes the largest record of this log occupies. */
export function maxFrameOf(control: ControlBlock): number {
  const { format, maxRecordSize } = control.identity;
  return format === 'framed' ? frameSize(maxRecordSize) : maxRecordSize;
}

/**
 * How far the cursor may lie past the end of the data file in a healthy log:
 * each writer slot may hold one claim whose space its writer has not
 * allocated yet (it is about to, or it died first, or the disk was full).
 */
export function cursorSlack(control: ControlBlock): number {
  return control.identity.slotCount * maxFrameOf(control);
}

/** Whether the machine rebooted since the log was last opened (its recovery then settles the cursor). */
export function rebootedSince(control: ControlBlock): boolean {
  return !BOOT_ID.equals(Buffer.from(control.buffer, Offset.BOOT_ID, BOOT_ID.length));
}

/** An i64 field as a number, if it is a non-negative safe integer; otherwise undefined. */
function position(control: ControlBlock, offset: number): number | undefined {
  const value = Atomics.load(control.i64, offset / I64);
  return value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
}

function isPosition(value: number, min: number, max: number, align: number): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max && value % align === 0;
}

function isTime(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) <= DATE_LIMIT;
}

/**
 * Checks every field of the mapped control file that is not part of its
 * identity. `dataSize` reads the size of the data file (it is called after
 * the cursor is read: writers grow the file as they claim, so a size read
 * earlier could lag a busy log's cursor by more than the rule allows), or is
 * undefined when there is none (then only what does not depend on it is
 * checked); `appending` says that the caller is a writer about to append.
 * Throws `ERR_MMLOG_CORRUPT` naming the first impossible field.
 */
export function checkControlState(
  control: ControlBlock,
  path: string,
  dataSize: (() => number) | undefined,
  appending = false,
): void {
  const id = control.identity;
  const framed = id.format === 'framed';
  const align = framed ? 8 : 1;
  if (!isTime(id.createdAt)) throw corrupt(`creation time (${id.createdAt})`, path);
  // Windows are mapped at multiples of the chunk size: it must be a multiple of this machine's page.
  if (id.chunkSize % PAGE_SIZE !== 0) {
    throw corrupt(
      `chunk size for this machine (${id.chunkSize} is not a multiple of the page size ${PAGE_SIZE})`,
      path,
    );
  }
  const flags = control.flags();
  if ((flags & ~KNOWN_FLAGS) !== 0) throw corrupt(`flags word (0x${(flags >>> 0).toString(16)})`, path);

  // The committed watermark first, then the cursor: it only grows, and never passes the cursor.
  const committed = position(control, Offset.COMMITTED);
  const durable = position(control, Offset.DURABLE);
  const allocated = position(control, Offset.ALLOCATED);
  const cursor = position(control, Offset.CURSOR);
  // After a reboot, claims may have been lost with the pages holding them, and
  // the pages of the control file may be of different ages: the cursor may
  // lie anywhere past the data, the watermark past the cursor, a slot's claim
  // past either. Recovery (run by the next writer before it appends) settles
  // them on what the data file holds; until then only the format is checked.
  const rebooted = rebootedSince(control);
  if (cursor === undefined || cursor < id.dataStart || cursor % align !== 0) {
    throw corrupt(`cursor (${Atomics.load(control.i64, Offset.CURSOR / I64)})`, path);
  }
  if (committed === undefined || !isPosition(committed, id.dataStart, rebooted ? committed : cursor, align)) {
    throw corrupt(`committed watermark (${Atomics.load(control.i64, Offset.COMMITTED / I64)})`, path);
  }
  // A watermark past the cursor would resolve syncs of records never written (after a reboot, recovery settles it).
  if (durable === undefined || (!rebooted && durable > cursor)) {
    throw corrupt(`durable watermark (${Atomics.load(control.i64, Offset.DURABLE / I64)})`, path);
  }
  if (allocated === undefined) {
    throw corrupt(`allocated size (${Atomics.load(control.i64, Offset.ALLOCATED / I64)})`, path);
  }
  checkSlots(control, path, rebooted);
  if (id.segmentSize > 0) checkFirstSegment(control, path, rebooted);
  if (dataSize === undefined) return;
  const size = dataSize();
  if (cursor <= size + cursorSlack(control)) return;
  // Appending there would allocate the whole gap. After a reboot, the writer's
  // recovery cuts the cursor back to the data first — unless a live writer
  // keeps it from settling the tail.
  if (!rebooted || (appending && control.otherLiveWriters(-1).length > 0)) {
    throw corrupt(
      `cursor (${cursor}): it lies ${cursor - size} bytes past the end of the data file, more than its ` +
        `${id.slotCount} writer slots can have claimed without allocating (${cursorSlack(control)})`,
      path,
    );
  }
}

/**
 * A segmented log's first segment: retention never deletes the active
 * segment (the cursor's), so it lies at or below it. The cursor is read
 * after it: a pass that raised it since reached no further than the cursor
 * had by then.
 */
function checkFirstSegment(control: ControlBlock, path: string, rebooted: boolean): void {
  const first = Number(Atomics.load(control.i64, Offset.FIRST_SEGMENT / I64));
  const last = rebooted ? Number.MAX_SAFE_INTEGER : Math.floor(control.cursor() / control.identity.segmentSize);
  if (!Number.isSafeInteger(first) || first < 0 || first > last) throw corrupt(`first segment (${first})`, path);
}

/**
 * Checks the occupied writer slots. A slot is written by its owner while this
 * runs: each rule holds between any two of the owner's stores (claimFloor is
 * the end of its previous claim, claimPos the position its fetch-add
 * returned, claimLen that claim's size; a slot being taken still holds its
 * previous owner's values, or zeros). Raw claims lie below the cursor read after
 * them (recovery clears every dead raw slot); a dead framed writer's slot may
 * outlive recovery with a claim past a cursor cut back after a reboot, which
 * readers never consult (they ask only about positions below the cursor).
 */
function checkSlots(control: ControlBlock, path: string, rebooted: boolean): void {
  const id = control.identity;
  const framed = id.format === 'framed';
  const align = framed ? 8 : 1;
  const maxFrame = maxFrameOf(control);
  const { i32, f64 } = control;
  for (let index = 0; index < id.slotCount; index++) {
    const base = control.slotOffset(index);
    const pid = Atomics.load(i32, (base + SlotOffset.PID) / I32);
    if (pid === 0) continue;
    const at = `slot ${index}:`;
    // Real pids stay below Linux's PID_MAX_LIMIT, which is ENDED_PID.
    if (pid < 0 || pid > ENDED_PID) throw corrupt(`${at} process id (${pid})`, path);
    const startTime = f64[(base + SlotOffset.START_TIME) / I64];
    if (!Number.isSafeInteger(startTime) || startTime < 0) throw corrupt(`${at} start time (${startTime})`, path);
    const role = i32[(base + SlotOffset.ROLE) / I32];
    if (role < 0 || role > 2) throw corrupt(`${at} role (${role})`, path);
    const openedAt = f64[(base + SlotOffset.OPENED_AT) / I64];
    if (!isTime(openedAt)) throw corrupt(`${at} opening time (${openedAt})`, path);
    const floor = f64[(base + SlotOffset.CLAIM_FLOOR) / I64];
    const claimPos = f64[(base + SlotOffset.CLAIM_POS) / I64];
    const claimLen = f64[(base + SlotOffset.CLAIM_LEN) / I64];
    const below = framed || rebooted ? Number.MAX_SAFE_INTEGER : control.cursor();
    if (floor !== IDLE && !isPosition(floor, 0, below, 1)) throw corrupt(`${at} claim floor (${floor})`, path);
    // (A claim undone after a full disk leaves claimPos at the cursor for a moment; a
    // never used slot being taken holds zeros until its new owner has stored -1.)
    if (claimPos !== IDLE && !isPosition(claimPos, 0, below, align)) {
      throw corrupt(`${at} claim position (${claimPos})`, path);
    }
    // A roll by time claims the rest of its segment: up to a whole segment.
    const maxClaim = Math.max(maxFrame, control.identity.segmentSize);
    if (!isPosition(claimLen, 0, maxClaim, align)) throw corrupt(`${at} claim length (${claimLen})`, path);
  }
}

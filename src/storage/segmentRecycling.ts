/**
 * Segment recycling (PostgreSQL's and RocksDB's WAL recycling), for a log
 * created with `retention: { recycle: n }`: a sealed segment that
 * retention lets go of is renamed into a pool (`recycle-<base>.log`)
 * instead of being deleted, and a writer that needs a new segment takes a
 * pool file, zeroes it without giving back its blocks
 * (`FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE`), extends it to the segment
 * size if it was cut shorter, and links it in under the new segment's name:
 * no new allocation, and no stale byte of the old segment left to read.
 *
 * - **Zero before it is named.** A taker renames the pool file to a name of
 *   its own first (one rename wins: exactly one taker gets each file),
 *   zeroes it under that name, and only then links it to the segment's name
 *   with `link(2)` (EEXIST: another writer created the segment first; the
 *   zeroed file goes back to the pool). Nobody who opens the segment by name
 *   ever sees an old byte: a reader never finds a stale non-zero lenWord in
 *   a live claim. A stale frame that did survive would still be rejected:
 *   its CRC covers the log id and its own position, which differ.
 * - **Never under a reader.** With unlink semantics, a reader that has a
 *   retired segment mapped reads it to its end; reusing the inode would
 *   zero it (and then fill it with another segment's records) under that
 *   reader. So every process that opens a segment of a recycling log holds
 *   a shared `flock` on it while it has it open, and checks after locking
 *   that the name still leads to the file it opened; a taker zeroes a file
 *   only with an exclusive `flock` taken without waiting, and leaves a file
 *   someone holds in the pool (to be deleted or reused later). A reader that
 *   opened the segment just before it was retired and recycled finds the
 *   name gone (or its lock refused while the file is being zeroed): the
 *   segment is gone, as if deleted before it got there.
 *   Tools outside mmlog that hold a segment open without the lock (`tail -f`
 *   by descriptor; `tail -F` follows `current.log` by name) are not
 *   protected: they may see a recycled file change under them.
 * @module
 */
import {
  closeSync,
  constants as fsConstants,
  fstatSync,
  linkSync,
  lstatSync,
  readdirSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { RECYCLE_PREFIX, RECYCLE_TAKEN_SUFFIX, SEGMENT_NAME_DIGITS, SEGMENT_SUFFIX } from '../layout/directory.js';
import { native } from '../native/binding.js';
import { segmentPath } from './logPaths.js';
import { openRegularFile } from './regularFile.js';

const POOL_NAME = new RegExp(`^${RECYCLE_PREFIX}(\\d{${SEGMENT_NAME_DIGITS}})${SEGMENT_SUFFIX.replace('.', '\\.')}$`);
const TAKEN_NAME = new RegExp(
  `^(${RECYCLE_PREFIX}\\d{${SEGMENT_NAME_DIGITS}}${SEGMENT_SUFFIX.replace('.', '\\.')})\\.(\\d+)${RECYCLE_TAKEN_SUFFIX.replace('.', '\\.')}$`,
);

/** The pool name of the retired segment whose base was `base`. */
export function recycleFileName(base: number): string {
  return `${RECYCLE_PREFIX}${String(base).padStart(SEGMENT_NAME_DIGITS, '0')}${SEGMENT_SUFFIX}`;
}

/** The files of the recycling pool of the log in `dir`, oldest retired first. */
export function listRecyclePool(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => POOL_NAME.test(name))
    .sort();
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/**
 * Retires the segment whose base is `base`: into the pool while it holds
 * fewer than `poolSize` files (`pooled`: how many it holds, as the caller
 * counted), else deleted. Throws ENOENT when the file is gone already
 * (another process's retention pass). Returns whether it was pooled.
 */
export function retireSegment(dir: string, base: number, poolSize: number, pooled: number): boolean {
  const path = segmentPath(dir, base);
  if (pooled < poolSize) {
    renameSync(path, join(dir, recycleFileName(base)));
    return true;
  }
  unlinkSync(path);
  return false;
}

/**
 * Tidies the pool for a retention pass: a file a dead process was taking
 * goes back (or is deleted when the pool is full), and files past
 * `poolSize` (retirements that raced) are deleted, newest first. Returns
 * how many files the pool holds.
 */
export function tidyRecyclePool(dir: string, poolSize: number): number {
  let pool = listRecyclePool(dir);
  for (const name of readdirSync(dir)) {
    const taken = TAKEN_NAME.exec(name);
    if (taken === null || processAlive(Number(taken[2]))) continue;
    try {
      if (pool.length < poolSize) renameSync(join(dir, name), join(dir, taken[1] as string));
      else unlinkSync(join(dir, name));
    } catch (error) {
      if (errno(error) !== 'ENOENT') throw error;
    }
    pool = listRecyclePool(dir);
  }
  while (pool.length > poolSize) {
    try {
      unlinkSync(join(dir, pool.pop() as string));
    } catch (error) {
      if (errno(error) !== 'ENOENT') throw error;
    }
  }
  return pool.length;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errno(error) === 'EPERM';
  }
}

/**
 * Makes a pool file the segment at `path` if no file has that name yet:
 * takes the oldest pool file nobody holds, zeroes it whole, extends it to
 * `segmentSize` and links it in. Best effort: false when the pool is empty,
 * every file in it is held, space ran out extending one, or another writer
 * created the segment first; the caller then creates and allocates as
 * without recycling.
 */
export function recycleInto(dir: string, path: string, segmentSize: number): boolean {
  if (exists(path)) return false;
  for (const name of listRecyclePool(dir)) {
    const pooled = join(dir, name);
    const taken = `${pooled}.${process.pid}${RECYCLE_TAKEN_SUFFIX}`;
    try {
      renameSync(pooled, taken);
    } catch (error) {
      if (errno(error) === 'ENOENT') continue; // another writer took it
      throw error;
    }
    let fd = -1;
    let ready = false;
    try {
      fd = openRegularFile(taken, fsConstants.O_RDWR);
      // Someone has it open through mmlog (a reader still in the segment it was): leave it.
      if (native.flock(fd, native.constants.LOCK_EX | native.constants.LOCK_NB, taken)) {
        clearSegmentFile(fd, taken, segmentSize);
        ready = true;
      }
    } catch {
      ready = false;
    } finally {
      if (fd >= 0) closeSync(fd);
    }
    if (ready) {
      try {
        linkSync(taken, path);
        unlinkSync(taken);
        return true;
      } catch (error) {
        if (errno(error) !== 'EEXIST') {
          putBack(taken, pooled);
          throw error;
        }
        putBack(taken, pooled);
        return false;
      }
    }
    putBack(taken, pooled);
  }
  return false;
}

function putBack(taken: string, pooled: string): void {
  try {
    renameSync(taken, pooled);
  } catch {
    // Left under its taken name: the next retention pass puts it back (this process's pid is dead by then) or deletes it.
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Zeroes the file open at `fd` whole, keeping its blocks, and extends it to
 * `segmentSize` (a sealed segment was cut to its sealed end). A filesystem
 * without FALLOC_FL_ZERO_RANGE: punching a hole and allocating it again;
 * without that either: writing zeros. Throws the `fallocate` error of the
 * extension (ENOSPC).
 */
export function clearSegmentFile(fd: number, path: string, segmentSize: number): void {
  const { FALLOC_FL_ZERO_RANGE, FALLOC_FL_KEEP_SIZE, FALLOC_FL_PUNCH_HOLE } = native.constants;
  const size = Math.min(fstatSync(fd).size, segmentSize);
  // Where blocks must be allocated afresh: the part the seal cut off, or all of it after a punched hole.
  let allocateFrom = size;
  if (size > 0) {
    try {
      native.fallocate(fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, 0, size, path);
    } catch {
      try {
        native.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, size, path);
        allocateFrom = 0;
      } catch {
        const zeros = Buffer.alloc(1024 * 1024);
        for (let at = 0; at < size; at += zeros.length) writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
      }
    }
  }
  if (allocateFrom < segmentSize) native.fallocate(fd, 0, allocateFrom, segmentSize - allocateFrom, path);
}

/**
 * In a recycling log: takes a shared lock on the segment file open at `fd`
 * (held until it is closed: a taker never zeroes it meanwhile) and checks
 * that `path` still leads to it. False when the file was retired (renamed
 * into the pool or taken) between the open and the lock.
 */
export function holdSegment(fd: number, path: string): boolean {
  if (!native.flock(fd, native.constants.LOCK_SH | native.constants.LOCK_NB, path)) return false;
  try {
    const named = lstatSync(path);
    const open = fstatSync(fd);
    return named.ino === open.ino && named.dev === open.dev;
  } catch (error) {
    if (errno(error) === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Opens the segment file at `path` as {@link openRegularFile} does, and in a
 * recycling log (`recycling`) holds it ({@link holdSegment}). Returns -1
 * when there is no such file, or it was retired under the open.
 */
export function openHeldSegment(path: string, flags: number, recycling: boolean, mode?: number): number {
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openRegularFile(path, flags, mode);
    } catch (error) {
      if (errno(error) === 'ENOENT') return -1;
      throw error;
    }
    if (!recycling) return fd;
    let held: boolean;
    try {
      held = holdSegment(fd, path);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    if (held) return fd;
    closeSync(fd);
    // Retired meanwhile: without O_CREAT it is gone; with it, the name is made again (as without recycling).
    if ((flags & fsConstants.O_CREAT) === 0 || attempt >= 3) return -1;
  }
}

/**
 * The durable positions of a segmented log's named consumers: one small
 * file per consumer in the log's `consumers/` directory, holding the
 * position (decimal) the consumer resumes from. A position is replaced
 * atomically (written to a temporary file, flushed, renamed over the old
 * one), so a crash leaves the old position or the new one, never a torn
 * one. Retention reads them all: it never deletes a segment holding a
 * position at or above the lowest of them.
 * @module
 */
import {
  closeSync,
  constants as fsConstants,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { ErrorCode, MmlogError } from '../errors.js';
import { CONSUMER_SUFFIX } from '../layout/directory.js';
import { consumersPath } from './logPaths.js';
import { openRegularFile } from './regularFile.js';

/** Most bytes of a position file read: a position is at most 16 digits and a newline. */
const MAX_POSITION_TEXT = 64;

/** A consumer name: letters, digits, `.`, `_`, `-`, not starting with `.`; at most 128 characters. */
export const CONSUMER_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** A named consumer and its committed position. */
export interface ConsumerPosition {
  name: string;
  position: number;
}

function fileOf(dir: string, name: string): string {
  return join(consumersPath(dir), `${name}${CONSUMER_SUFFIX}`);
}

/**
 * What the position file of consumer `name` holds: its position, undefined
 * when it has none, or null when the file is damaged (not a position mmlog
 * writes). The file is opened as a regular file only (a FIFO there would
 * block the caller for good, a link to a device would be read without end:
 * both are `ERR_MMLOG_NOT_A_FILE`), and at most {@link MAX_POSITION_TEXT}
 * bytes of it are read.
 */
function readPositionFile(dir: string, name: string): number | undefined | null {
  let fd: number;
  try {
    fd = openRegularFile(fileOf(dir, name), fsConstants.O_RDONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const bytes = Buffer.alloc(MAX_POSITION_TEXT + 1);
  let length: number;
  try {
    length = readSync(fd, bytes, 0, bytes.length, 0);
  } finally {
    closeSync(fd);
  }
  // Longer than any position written: damaged. Else decimal digits, as writeConsumerPosition writes them
  // (whole: it renames) or an operator by hand.
  if (length > MAX_POSITION_TEXT) return null;
  const text = bytes.toString('latin1', 0, length);
  if (!/^\s*[0-9]{1,16}\s*$/.test(text)) return null;
  const position = Number(text);
  return Number.isSafeInteger(position) ? position : null;
}

/**
 * The committed position of consumer `name`, or undefined when it has none,
 * for retention: a damaged file holds nothing retention could trust, so it
 * keeps everything (position 0).
 */
export function readConsumerPosition(dir: string, name: string): number | undefined {
  const position = readPositionFile(dir, name);
  return position === null ? 0 : position;
}

/**
 * The committed position of consumer `name`, or undefined when it has none,
 * for the consumer itself: a damaged file is `ERR_MMLOG_CORRUPT` (resuming
 * from 0 would deliver everything again, resuming anywhere else could skip
 * records), and nothing is changed.
 */
export function resumePosition(dir: string, name: string): number | undefined {
  const position = readPositionFile(dir, name);
  if (position !== null) return position;
  throw new MmlogError(
    ErrorCode.CORRUPT,
    `the position file of consumer '${name}' is damaged (it holds no position mmlog wrote); ` +
      'write the position to resume from into it (decimal, then a newline), or delete it to start again at the oldest record',
    fileOf(dir, name),
  );
}

/** Every named consumer of the log in `dir`, by name. */
export function listConsumers(dir: string): ConsumerPosition[] {
  let names: string[];
  try {
    names = readdirSync(consumersPath(dir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const consumers: ConsumerPosition[] = [];
  for (const file of names.sort()) {
    if (!file.endsWith(CONSUMER_SUFFIX)) continue;
    const name = file.slice(0, -CONSUMER_SUFFIX.length);
    if (!CONSUMER_NAME.test(name)) continue;
    const position = readConsumerPosition(dir, name);
    if (position !== undefined) consumers.push({ name, position });
  }
  return consumers;
}

/**
 * Stores `position` for consumer `name`, durably (flushed before it
 * replaces the previous one), with permission bits `mode`.
 */
export function writeConsumerPosition(dir: string, name: string, position: number, mode: number): void {
  const consumers = consumersPath(dir);
  mkdirSync(consumers, { recursive: true, mode: mode | ((mode & 0o444) >>> 2) });
  const target = fileOf(dir, name);
  const temporary = `${target}.${process.pid}-${threadId}.tmp`;
  const fd = openSync(temporary, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC, mode);
  try {
    writeSync(fd, `${position}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, target);
}

/** Removes consumer `name`: retention no longer waits for it. */
export function removeConsumer(dir: string, name: string): void {
  try {
    unlinkSync(fileOf(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

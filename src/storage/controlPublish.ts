/**
 * Publishing a new control file so that no process ever sees it half made:
 * written whole under a private temporary name, flushed, then linked into
 * place with `link(2)`, which fails with EEXIST for every creator but one.
 * Temporaries left by creators that died before publishing are removed.
 * @module
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants as fsConstants,
  fsyncSync,
  linkSync,
  openSync,
  readdirSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { processStartTime } from '../control/processIdentity.js';

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

const TEMP_MARK = '.tmp-';

/** Writes the complete control file privately, then links it into place. False if another creator won. */
export function publish(image: Buffer, controlPath: string, mode: number): boolean {
  const temporary = `${controlPath}${TEMP_MARK}${process.pid}-${threadId}-${randomBytes(4).toString('hex')}`;
  const fd = openSync(temporary, 'wx', mode);
  try {
    writeSync(fd, image, 0, image.length, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, controlPath);
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
  syncDirectory(dirname(controlPath));
  return true;
}

/** Makes a new directory entry durable. */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, fsConstants.O_RDONLY | fsConstants.O_DIRECTORY);
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on directories; the entry is still there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Removes temporary control files left by creators that died before publishing. */
export function removeStaleTemporaries(controlPath: string): void {
  const prefix = basename(controlPath) + TEMP_MARK;
  let names: string[];
  try {
    names = readdirSync(dirname(controlPath));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (Number.isInteger(pid) && processStartTime(pid) === undefined) {
      try {
        unlinkSync(join(dirname(controlPath), name));
      } catch {
        // Another process removed it first.
      }
    }
  }
}

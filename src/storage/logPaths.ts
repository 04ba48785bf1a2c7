/**
 * Where the files of a log are. A single-file log at `PATH` is the data file
 * `PATH` and its control file `PATH.ctl`. A segmented log at `PATH` is a
 * directory: its control file, one data file per segment named by the
 * segment's base position (zero-padded, so names sort as positions do), a
 * link to the active segment, and its named consumers (see
 * `layout/directory.ts`). Everything else asks this module.
 * @module
 */
import { lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVE_NAME, CONSUMERS_NAME, CONTROL_NAME, SEGMENT_NAME_DIGITS, SEGMENT_SUFFIX } from '../layout/directory.js';

/** Whether `path` is a directory (a segmented log), without following a link at `path` itself. */
export function isSegmentedPath(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The control file of the log at `path`: inside its directory when segmented, else beside it. */
export function controlPathOf(path: string): string {
  return isSegmentedPath(path) ? join(path, CONTROL_NAME) : `${path}.ctl`;
}

/** The file name of the segment whose first position is `base`. */
export function segmentFileName(base: number): string {
  return `${String(base).padStart(SEGMENT_NAME_DIGITS, '0')}${SEGMENT_SUFFIX}`;
}

/** The path of the segment whose first position is `base`, in the log directory `dir`. */
export function segmentPath(dir: string, base: number): string {
  return join(dir, segmentFileName(base));
}

/** The stable name of the active segment. */
export function activeLinkPath(dir: string): string {
  return join(dir, ACTIVE_NAME);
}

/** The directory of a segmented log's named consumers. */
export function consumersPath(dir: string): string {
  return join(dir, CONSUMERS_NAME);
}

const SEGMENT_NAME = new RegExp(`^(\\d{${SEGMENT_NAME_DIGITS}})${SEGMENT_SUFFIX.replace('.', '\\.')}$`);

/** The base position a segment file name gives, or -1 when it is not a segment's name. */
export function baseOfSegmentName(name: string): number {
  const match = SEGMENT_NAME.exec(name);
  if (match === null) return -1;
  const base = Number(match[1]);
  return Number.isSafeInteger(base) ? base : -1;
}

/** The base positions of the segment files in `dir`, ascending. */
export function listSegmentBases(dir: string): number[] {
  const bases: number[] = [];
  for (const name of readdirSync(dir)) {
    const base = baseOfSegmentName(name);
    if (base >= 0) bases.push(base);
  }
  return bases.sort((a, b) => a - b);
}

/**
 * Makes the directory of a new segmented log (`mode` plus the search bit
 * wherever it grants reading). An existing directory is fine: another
 * creator made it, or it is an existing log.
 */
export function makeLogDirectory(path: string, mode: number): void {
  const dirMode = mode | ((mode & 0o444) >>> 2);
  try {
    mkdirSync(path, { mode: dirMode });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !isSegmentedPath(path)) throw error;
  }
}

/** The permission bits of the log's own files (its control file's), for files recovery creates beside them. */
export function logFileMode(path: string): number {
  return statSync(controlPathOf(path)).mode & 0o777;
}

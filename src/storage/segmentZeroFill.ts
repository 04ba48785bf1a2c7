/**
 * Zero-filled segments (`segmentFill: 'zeros'`): the next segment written
 * with zeros, synced, and only then given its name.
 *
 * Blocks reserved with `fallocate` are *unwritten*: the first write into
 * each turns it into a written extent, so the `fdatasync` that follows must
 * also commit that metadata. Blocks that were written (with zeros) and
 * synced beforehand carry no such change: a sync of the records later
 * written over them writes data pages alone.
 *
 * The file is filled under a private temporary name in the log directory
 * (`.zeros-<base>-<pid>-<random>.tmp`), off the event loop (the thread
 * pool), and published with `link(2)`: no writer ever sees it half filled.
 * If the segment exists by then (a writer needed it first and allocated it
 * the plain way), the link fails with EEXIST and the fill is dropped. A
 * temporary file whose process died is removed by the next fill.
 * @module
 */
import {
  closeSync,
  fdatasync,
  constants as fsConstants,
  linkSync,
  openSync,
  readdirSync,
  unlinkSync,
  write,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { processStartTime } from '../control/processIdentity.js';
import type { SegmentRing } from '../control/segmentRing.js';
import { native } from '../native/binding.js';
import { segmentPath } from './logPaths.js';

const writeAsync = promisify(write);
const fdatasyncAsync = promisify(fdatasync);
/** Bytes written per call. */
const STEP = 1024 * 1024;
const TEMP_NAME = /^\.zeros-(\d+)-(\d+)-[0-9a-f]+\.tmp$/;

/** A zero fill in flight, which the writer may cancel (at close: no segment is published after it). */
export interface ZeroFill {
  readonly done: Promise<boolean>;
  cancel(): void;
}

/**
 * Removes the temporary files of fills whose process died, and says whether
 * a live process is filling the segment at `base` already (then one fill is enough).
 */
function tidyFills(dir: string, base: number): boolean {
  let filling = false;
  for (const name of readdirSync(dir)) {
    const match = TEMP_NAME.exec(name);
    if (match === null) continue;
    const pid = Number(match[2]);
    if (processStartTime(pid) !== undefined) {
      if (Number(match[1]) === base) filling = true;
      continue;
    }
    try {
      unlinkSync(join(dir, name));
    } catch {
      // Another writer removed it first.
    }
  }
  return filling;
}

/**
 * Starts filling segment `k` with zeros (see the module description).
 * `done` resolves true if this fill published the segment, false otherwise
 * (it existed already, the log got there first, another live process is
 * filling it, it was cancelled, or the fill failed: the writer that needs
 * the segment then allocates it the plain way). `stillAhead`: whether the
 * log's cursor is still below the segment.
 */
export function startZeroFill(
  dir: string,
  ring: SegmentRing,
  k: number,
  mode: number,
  stillAhead: () => boolean,
): ZeroFill {
  let cancelled = false;
  const run = async (): Promise<boolean> => {
    const base = ring.baseOf(k);
    if (tidyFills(dir, base)) return false;
    const temp = join(dir, `.zeros-${base}-${process.pid}-${Math.random().toString(16).slice(2, 10)}.tmp`);
    const fd = openSync(temp, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, mode);
    try {
      const zeros = Buffer.alloc(STEP);
      for (let at = 0; at < ring.segmentSize && !cancelled; at += STEP) {
        await writeAsync(fd, zeros, 0, Math.min(STEP, ring.segmentSize - at), at);
      }
      if (!cancelled) {
        await fdatasyncAsync(fd);
        // Written with write(2), the zeros sit in the page cache in large folios; records stored later through
        // a mapping would dirty whole folios, and each sync would write them back whole. Dropped, the pages
        // come back one by one as the mapping touches them.
        native.dropCache(fd, temp);
      }
      // A segment the log has reached meanwhile exists already (EEXIST below); one it has passed must not come back.
      if (cancelled || !stillAhead()) return false;
      try {
        linkSync(temp, segmentPath(dir, base));
        return true;
      } catch {
        return false;
      }
    } finally {
      closeSync(fd);
      try {
        unlinkSync(temp);
      } catch {
        // Already gone.
      }
    }
  };
  const done = run().catch(() => false);
  return {
    done,
    cancel() {
      cancelled = true;
    },
  };
}

/**
 * Opening what a reader walks: the segments of a segmented log, or the one
 * data file of a single-file log, read-write when asked and the files'
 * permissions allow, else read-only (the source's `writable` says which).
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { checkControlState } from '../control/integrity.js';
import { activeSegmentEnd, checkSegmentFiles, openDataFile } from './dataFile.js';
import { controlPathOf } from './logPaths.js';
import { type ReadSource, ReadWindow } from './readWindow.js';
import { SegmentWindow } from './segmentWindow.js';

/**
 * The read source of the log at `path`. `maxFrame`: the most a reader takes
 * from one window at once (windows over a data file overlap by that much);
 * `ifGone`: what a reader of a segmented log does at a segment retention
 * deleted (see `ReadOptions.ifGone`).
 */
export function openReadSource(
  path: string,
  control: ControlBlock,
  writable: boolean,
  maxFrame: number,
  ifGone: 'throw' | 'oldest' = 'throw',
): ReadSource {
  if (control.identity.segmentSize > 0) {
    // What does not depend on a data file; segments are checked as the window reaches them.
    checkControlState(control, controlPathOf(path), () => activeSegmentEnd(path, control));
    checkSegmentFiles(path, control);
    return new SegmentWindow(path, control, writable, ifGone);
  }
  const data = openDataForReading(path, control, writable);
  return new ReadWindow(path, data.fd, data.writable, maxFrame);
}

/**
 * Opens the data file read-write when `writable` and its permissions allow,
 * else read-only (and says which).
 */
function openDataForReading(path: string, control: ControlBlock, writable: boolean): { fd: number; writable: boolean } {
  if (writable) {
    try {
      return { fd: openDataFile(path, control, true).fd, writable: true };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw error;
    }
  }
  return { fd: openDataFile(path, control, false).fd, writable: false };
}

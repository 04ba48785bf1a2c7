/**
 * Named consumers of a segmented log (like Chronicle Queue's named
 * tailers): a durable position kept under a name in the log, which
 * retention respects — it never deletes a segment a consumer has not
 * consumed.
 * @module
 */
import { fstatSync } from 'node:fs';
import { SegmentRing } from '../control/segmentRing.js';
import { ErrorCode, MmlogError, PositionGoneError } from '../errors.js';
import { CONSUMER_NAME, removeConsumer, resumePosition, writeConsumerPosition } from '../storage/consumerFiles.js';
import { openControl } from '../storage/creation.js';
import { controlPathOf } from '../storage/logPaths.js';

/** A named consumer of a segmented log (see {@link consumer}). */
export interface Consumer {
  /** Its name. */
  readonly name: string;
  /** The position it resumes from: pass it as `from` to `read` or `follow`. */
  readonly position: number;
  /**
   * Stores `pos` (the position to resume from: a record's `next`) durably
   * under the consumer's name. Retention may then delete segments wholly
   * below it.
   */
  commit(pos: number): void;
  /** Removes the consumer from the log: retention no longer waits for it. */
  remove(): void;
  close(): void;
}

/**
 * Opens (registering it if new, at the log's first position) the named
 * consumer `name` of the segmented log at `path`.
 * @throws TypeError for a bad path or name; `ERR_MMLOG_NOT_SEGMENTED` for a
 *   single-file log; the errors of opening a log.
 */
export function consumer(path: string, name: string): Consumer {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('path must be a non-empty string');
  if (typeof name !== 'string' || !CONSUMER_NAME.test(name)) {
    throw new TypeError(
      `a consumer name is 1 to 128 letters, digits, '.', '_' or '-', not starting with '.'; got ${String(name)}`,
    );
  }
  const { control, fd } = openControl(controlPathOf(path), false);
  if (control.identity.segmentSize === 0) {
    control.close(fd);
    throw new MmlogError(
      ErrorCode.NOT_SEGMENTED,
      'named consumers need a segmented log (created with segmentSize)',
      path,
    );
  }
  const ring = new SegmentRing(control);
  // Positions are as private as the log: the control file's permission bits.
  const mode = fstatSync(fd).mode & 0o666;
  let position: number | undefined;
  try {
    position = resumePosition(path, name);
    if (position === undefined) {
      position = ring.firstPosition();
      writeConsumerPosition(path, name, position, mode);
    }
  } catch (error) {
    control.close(fd);
    throw error;
  }
  let closed = false;
  const check = (what: string): void => {
    if (closed) throw new MmlogError(ErrorCode.CLOSED, `${what} on a closed consumer`, path);
  };
  return {
    name,
    get position(): number {
      return position as number;
    },
    commit(pos: number): void {
      check('commit');
      if (!Number.isSafeInteger(pos) || pos < 0 || pos > control.cursor()) {
        throw new RangeError(
          `commit() takes a position from 0 to the cursor (${control.cursor()}), got ${String(pos)}`,
        );
      }
      const first = ring.firstPosition();
      if (pos < first) throw new PositionGoneError(pos, first, path);
      writeConsumerPosition(path, name, pos, mode);
      position = pos;
    },
    remove(): void {
      check('remove');
      removeConsumer(path, name);
      this.close();
    },
    close(): void {
      if (closed) return;
      closed = true;
      control.close(fd);
    },
  };
}

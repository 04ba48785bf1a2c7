/**
 * Telling that a log's file was cut outside mmlog (`logrotate copytruncate`,
 * `: > app.log`): found short when opened, or caught by a SIGBUS in a mapping
 * while open (`native/faultGuard.cc`).
 * @module
 */
import { ErrorCode, MmlogError } from '../errors.js';
import { native } from '../native/binding.js';

/** The error for a data file of `size` bytes whose log has claimed up to `claimed`. */
export function dataFileCut(path: string, size: number, claimed: number): MmlogError {
  return new MmlogError(
    ErrorCode.DATA_SHRUNK,
    `the data file is ${size} bytes but the log has claimed ${claimed}: it was cut outside mmlog ` +
      '(e.g. logrotate copytruncate), and what lay past the cut is lost; run `mmlog recover` to ' +
      'continue from what remains',
    path,
  );
}

/** The error of every append of a writer one of whose mappings faulted: its `cut` file was cut under it. */
export function cutUnderWriter(cut: 'control' | 'data', path: string, controlPath: string): MmlogError {
  return new MmlogError(
    ErrorCode.DATA_SHRUNK,
    `the ${cut} file was cut while this log had it open ` +
      '(e.g. logrotate copytruncate): this record and every later one were refused; ' +
      'close the log, and open it again (open() says how to recover)',
    cut === 'control' ? controlPath : path,
  );
}

/** Which of a log's mappings took a SIGBUS (its file was cut under it), if either. */
export function faultedFile(
  control: SharedArrayBuffer,
  data: SharedArrayBuffer | undefined,
): 'control' | 'data' | undefined {
  if (native.mappingFaulted(control)) return 'control';
  return data !== undefined && native.mappingFaulted(data) ? 'data' : undefined;
}

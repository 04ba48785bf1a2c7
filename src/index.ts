/**
 * mmlog: many processes and threads append to one log file through a shared
 * memory mapping — no log server, no syscall per record, no torn records.
 *
 * ```ts
 * import { open } from 'mmlog';
 * const log = open('/var/log/app.log');           // raw: an ordinary text file
 * const pos = log.append('hello from ' + process.pid + '\n');
 * log.close();
 * ```
 * @module
 */

export type { FormatName } from './control/layout.js';
export { Log, open } from './engine/log.js';
export { ErrorCode, type ErrorCodeValue, MmlogError } from './errors.js';
export type { OpenOptions } from './options.js';

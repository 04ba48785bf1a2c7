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
export { consumer } from './admin/consumer.js';
export { recover, } from './admin/recovery.js';
export { stat } from './admin/stat.js';
export { verify } from './admin/verify.js';
export { CorruptionError, ErrorCode, MmlogError, NotABoundaryError, PositionGoneError, } from './errors.js';
export { createReadStream, createWriteStream, LogReadStream, LogWriteStream, } from './integrations/streams.js';
export { open } from './open.js';
export { follow, read } from './reading/read.js';
export { Log } from './writing/log.js';
//# sourceMappingURL=index.js.map
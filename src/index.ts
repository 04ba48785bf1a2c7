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

export { type Consumer, consumer } from './admin/consumer.js';
export {
  type ByteRange,
  type PaddedRange,
  type PaddingReason,
  type RecoverOptions,
  type RecoveryReport,
  recover,
} from './admin/recovery.js';
export { type LogStat, type SegmentInfo, stat, type WriterInfo } from './admin/stat.js';
export { type VerifyReport, verify } from './admin/verify.js';
export type { DurabilityOptions } from './durability/logDurability.js';
export {
  CorruptionError,
  ErrorCode,
  type ErrorCodeValue,
  MmlogError,
  NotABoundaryError,
  PositionGoneError,
  SyncFailedError,
} from './errors.js';
export {
  createReadStream,
  createWriteStream,
  LogReadStream,
  LogWriteStream,
  type ReadStreamOptions,
} from './integrations/streams.js';
export type { FormatName } from './layout/control.js';
export { type OpenOptions, open } from './open.js';
export type { RetentionOptions } from './options.js';
export type { CorruptionPolicy, FollowOptions, LogRecord, ReadOptions } from './reading/read.js';
export { follow, read } from './reading/read.js';
export type { RetentionResult } from './storage/retention.js';
export { Log } from './writing/log.js';

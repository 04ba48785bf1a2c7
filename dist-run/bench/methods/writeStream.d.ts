/**
 * Node's own buffered file stream. It is used as streams are meant to be:
 * when `write` returns false the writer waits for `'drain'` (otherwise a
 * tight loop queues every record in memory), and the timed region ends when
 * the last queued record has been written.
 * @module
 */
import type { Method } from './types.js';
export declare const fsWriteStream: Method;

/**
 * Telling that a log's file was cut outside mmlog (`logrotate copytruncate`,
 * `: > app.log`): found short when opened, or caught by a SIGBUS in a mapping
 * while open (`native/faultGuard.cc`).
 * @module
 */
import { MmlogError } from '../errors.js';
/** The error for a data file of `size` bytes whose log has claimed up to `claimed`. */
export declare function dataFileCut(path: string, size: number, claimed: number): MmlogError;
/** Which of a log's mappings took a SIGBUS (its file was cut under it), if either. */
export declare function faultedFile(control: SharedArrayBuffer, data: SharedArrayBuffer | undefined): 'control' | 'data' | undefined;

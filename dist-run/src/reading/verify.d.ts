/**
 * `verify`: a full, read-only scan of a log with every CRC checked.
 * @module
 */
import { type ReaderStats } from './logReader.js';
/** What {@link verify} found: the reader's counts, plus the verdict and where the scan ended. */
export interface VerifyReport extends ReaderStats {
    path: string;
    format: 'raw' | 'framed';
    /** True when nothing is corrupt. */
    ok: boolean;
    /** Where the scan stopped: the cursor, or a live writer's claim still in progress. */
    end: number;
    cursor: number;
}
/**
 * Scans the whole log at `path` without changing it, checking every record
 * (framed: header and CRC32C). `onProgress(done, total)` is called every few
 * megabytes with positions.
 */
export declare function verify(path: string, onProgress?: (done: number, total: number) => void): VerifyReport;

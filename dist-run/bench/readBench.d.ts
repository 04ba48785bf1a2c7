import type { MachineInfo } from './machine.js';
import type { BenchResults } from './report/json.js';
/** One CRC32C measurement: `calls` calls over `bytes` bytes each, per timed sample. */
export interface CrcRow {
    case: string;
    bytes: number;
    calls: number;
    /** Medians over the samples. */
    nsPerCall: number;
    /** 10⁹ bytes per second. */
    gbPerSec: number;
    /** ns per call of every sample. */
    runsNsPerCall: number[];
}
export interface CrcResult {
    /** `crc32cImplementation()`: "sse4.2", "armv8-crc" or "table". */
    implementation: string;
    samples: number;
    /** Native, over one large buffer (several passes per sample), and per call on small buffers. */
    native: CrcRow[];
    /** `crc32cJs`, the table-driven JavaScript reference. */
    js: CrcRow;
}
/** One (log, operation) row: medians over the repetitions. */
export interface ReadRow {
    log: string;
    operation: 'read()' | 'verify()';
    format: 'framed' | 'raw';
    /** Payload bytes of each appended record. */
    recordBytes: number;
    /** Records appended. */
    records: number;
    /** What one pass yields or counts: records (framed), byte ranges (raw `read()`). */
    items: number;
    /** Bytes of log scanned (the cursor: headers, payloads and alignment). */
    logBytes: number;
    ms: number;
    msMin: number;
    msMax: number;
    /** Log bytes ÷ median time, 10⁶ bytes per second. */
    mbPerSec: number;
    /** Framed only (NaN for raw byte ranges). */
    recordsPerSec: number;
    nsPerRecord: number;
    runsMs: number[];
}
export interface ReadBenchResult {
    mode: 'full' | 'quick';
    command: string;
    machine: MachineInfo;
    date: string;
    durationS: number;
    /** Timed passes per (log, operation), interleaved. */
    reps: number;
    /** Size each log was built to. */
    targetLogBytes: number;
    /** Every timed pass reads page-cache-hot data (written, flushed, then read once untimed). */
    pageCache: 'hot';
    crc: CrcResult;
    rows: ReadRow[];
}
/** The results file with this section (docs/benchmarks.json keeps it under `read`). */
export type ResultsWithRead = BenchResults & {
    read?: ReadBenchResult;
};
export interface ReadBenchOptions {
    quick: boolean;
    reps: number;
    command: string;
    machine: MachineInfo;
}
/**
 * Runs the section in a compiled child process, its files in `dir` (removed
 * afterwards); its progress goes to stderr. Rejects when a check fails.
 */
export declare function runReadBench(dir: string, options: ReadBenchOptions): Promise<ReadBenchResult>;
/** The CRC32C table. */
export declare function crcTable(crc: CrcResult): string;
/** The read/verify table. */
export declare function readTable(rows: readonly ReadRow[]): string;
/** Tables and a one-line summary, for the terminal and docs/benchmarks.md. */
export declare function describeReadBench(result: ReadBenchResult): string;

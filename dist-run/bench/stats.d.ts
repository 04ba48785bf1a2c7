/**
 * From repeated runs to one row: medians of every measure, the ratios to the
 * baseline method, and the FAILED / not-supported verdicts.
 * @module
 */
import type { RunOutcome } from './runner.js';
export declare function median(values: readonly number[]): number;
/** One stretch of a cold row's calls (appends `from`–`to` of each fresh writer): medians over the repetitions. */
export interface SegmentRow {
    from: number;
    to: number;
    /** Each writer's own wall time over these appends ÷ their number (see `Segment` in runner.ts). */
    nsPerAppend: number;
    nsPerAppendRuns: number[];
    /** Median over repetitions of (baseline's ns per append ÷ this) over the same appends in the same repetition. */
    ratioToBaseline?: number;
}
/** A cold row's appends: 1–100, 101–1,000, … (`steps`), 1–10,000 (`first`) and the rest. */
export interface FirstAppends {
    steps: SegmentRow[];
    first: SegmentRow;
    rest?: SegmentRow;
}
/** One row of a workload's table. */
export interface Row {
    methodId: string;
    method: string;
    status: 'ok' | 'failed' | 'unsupported';
    /** Why a row is not a number. */
    reason?: string;
    reps: number;
    /** Medians over the repetitions. */
    totalMs: number;
    nsPerCall: number;
    mbPerSec: number;
    p50Ns: number;
    p99Ns: number;
    p999Ns: number;
    maxNs: number;
    peakRssMiB: number;
    /** Best and worst ns/call, to show the spread between repetitions. */
    nsPerCallMin: number;
    nsPerCallMax: number;
    /** ns/call of every repetition, in run order. */
    nsPerCallRuns: number[];
    /** Median over repetitions of (baseline ns/call ÷ this ns/call) in the same repetition: > 1 is faster. */
    ratioToBaseline?: number;
    timerFloorNs: number;
    startSpreadUs: number;
    /** Medians over repetitions of the minor page faults and preemptions of all writers in the latency phase. */
    latencyMinorFaults: number;
    latencyPreemptions: number;
    /** Cold rows only (they have no latency pass): time per append of a fresh process along its calls. */
    firstAppends?: FirstAppends;
}
/** Folds the repetitions of one method on one workload into a row. */
export declare function summarize(methodId: string, method: string, runs: readonly RunOutcome[]): Row;
/**
 * Sets the ratio to the baseline of every row but the baseline's own (and of
 * each stretch of a cold row's appends), pairing repetition i of the row with
 * repetition i of the baseline: both ran minutes apart at most, so machine
 * noise that drifts over the run largely cancels. The ratio is the median of
 * those per-repetition ratios, not a ratio of medians.
 */
export declare function addRatios(rows: Row[], runsByMethod: ReadonlyMap<string, readonly RunOutcome[]>, baselineId: string): void;

import { type Workload } from './config.js';
import { type Percentiles } from './histogram.js';
import type { Method } from './methods/types.js';
/** Time per append of one stretch of every writer's calls in a cold run. */
export interface Segment {
    /** First and last call of the stretch, counted from 1 in each writer. */
    from: number;
    to: number;
    /**
     * Each writer's own wall time over its calls `from`–`to`, summed over the
     * writers, ÷ their calls in it: what a call of one fresh process took.
     */
    nsPerAppend: number;
}
/** What one run measured. */
export type RunOutcome = {
    status: 'ok';
    /** Last writer's end − first writer's start, ns. */
    wallNs: number;
    calls: number;
    /** Payload bytes of the throughput phase. */
    bytes: number;
    /** The latency pass (absent in cold runs, which have none). */
    latency?: {
        percentiles: Percentiles;
        count: number;
        timerFloorNs: number;
        /** Minor page faults of all writers during the latency phase. */
        minorFaults: number;
        /** Involuntary context switches (preemptions) of all writers during the latency phase. */
        preemptions: number;
    };
    /**
     * Cold runs: the throughput loop cut at the marks, then appends
     * 1–`coldFirst` (or all, when there are fewer) and the rest.
     */
    segments?: {
        steps: Segment[];
        first: Segment;
        rest: Segment | undefined;
    };
    peakRssKiB: number;
    /** Spread of the writers' start instants, ns (how well the barrier held). */
    startSpreadNs: number;
    late: boolean;
} | {
    status: 'unsupported';
    reason: string;
} | {
    status: 'failed';
    reason: string;
};
/** How a workload's writers run. */
export interface RunOptions {
    /** Least warm-up of each writer, ms (0: none). */
    warmupMs: number;
    /** A cold run: the clock read at the marks, no latency pass. */
    cold: boolean;
    /** In a cold run, the appends of each writer reported apart from the rest: 1–`coldFirst`. */
    coldFirst: number;
}
/** Runs `method` on `workload` once in `dir`, verifies the output and removes it. */
export declare function runOnce(workload: Workload, method: Method, dir: string, options: RunOptions): Promise<RunOutcome>;

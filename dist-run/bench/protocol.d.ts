/**
 * Messages between the parent (`bench/runner.ts`) and a writer process
 * (`bench/worker.ts`), sent over the fork IPC channel with the `advanced`
 * serialization so that BigInt timestamps cross intact.
 *
 * Timestamps are `process.hrtime.bigint()`: on Linux that is
 * CLOCK_MONOTONIC, one clock for every process on the machine, so starts and
 * ends of different writers can be compared directly. The runner checks
 * this on every run (a worker's "ready" time must lie between the parent's
 * fork and its receipt of the message).
 * @module
 */
/** Parent → worker: what to open. */
export interface SetupMessage {
    type: 'setup';
    method: string;
    path: string;
    dir: string;
    size: number;
    count: number;
    worker: number;
    /**
     * Least milliseconds of warm-up rounds on scratch files before the timed
     * file is opened (see `warmUp` in `worker.ts`); 0 for a cold start.
     */
    warmupMs: number;
    /**
     * Calls of the throughput loop after which the writer reads the clock
     * (ascending, each below `count`); empty in warm workloads, whose loop
     * stays one bare loop.
     */
    marks: number[];
    /** Whether the latency pass follows the throughput loop (not in cold workloads). */
    latencyPass: boolean;
}
/** Parent → worker: start the next phase at `at` (hrtime, ns). */
export interface GoMessage {
    type: 'go';
    phase: 'throughput' | 'latency';
    at: bigint;
}
export type ParentMessage = SetupMessage | GoMessage;
export type WorkerMessage = {
    type: 'ready';
    at: bigint;
    recordBytes: number;
    facts: Record<string, string | number>;
} | {
    type: 'unsupported';
    reason: string;
} | {
    type: 'failed';
    error: string;
}
/**
 * Throughput phase: the loop's own start and end, the clock after each of
 * the setup's `marks` calls, and whether the worker had to start late.
 */
 | {
    type: 'throughput';
    start: bigint;
    end: bigint;
    marks: bigint[];
    late: boolean;
}
/**
 * Latency phase: every call's duration as an encoded HdrHistogram, the
 * timer's own cost, and the minor page faults and involuntary context
 * switches the process took during the phase (what a tail is made of).
 */
 | {
    type: 'latency';
    histogram: string;
    timerFloorNs: number;
    minorFaults: number;
    involuntarySwitches: number;
}
/** After close: peak resident set size in KiB (VmHWM, see `bench/memory.ts`). */
 | {
    type: 'done';
    peakRssKiB: number;
};

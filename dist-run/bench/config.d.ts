/**
 * What the benchmark runs: the workloads (the seed's table plus a
 * single-process row, warm and cold), the repetitions, and the command-line
 * switches.
 * @module
 */
/**
 * One workload: `procs` writer processes each appending `count` records of
 * `size` bytes. A `cold` workload runs fresh processes without any warm-up
 * and without the latency pass, only the methods of `COLD_METHOD_IDS`
 * (bench/methods/index.ts), and records when each writer reached the calls
 * of {@link COLD_MARKS}.
 */
export interface Workload {
    readonly procs: number;
    readonly count: number;
    readonly size: number;
    readonly cold?: boolean;
}
/** A workload's stable key, used in JSON and in the chart: "4x100000x128B", "cold-4x100000x128B". */
export declare function workloadKey(w: Workload): string;
/** A workload's heading, e.g. "4 processes × 100,000 × 128 B" or "cold: 4 processes × 100,000 × 128 B". */
export declare function workloadTitle(w: Workload): string;
/**
 * Calls after which a cold writer reads the clock (those below its count):
 * the time per append over appends 1–100, 101–1,000, 1,001–10,000 and the
 * rest of a fresh process. One `hrtime.bigint()` read between two calls of
 * the same loop function, four times per process: nothing measurable.
 */
export declare const COLD_MARKS: readonly number[];
/** The headline split of a cold run: appends 1–10,000 of a fresh process against the rest. */
export declare const COLD_FIRST = 10000;
/** Settings of one invocation of `npm run bench`. */
export interface BenchConfig {
    readonly mode: 'full' | 'quick' | 'rss' | 'render';
    readonly workloads: readonly Workload[];
    readonly reps: number;
    /** Method ids to run (all when undefined). */
    readonly methods: readonly string[] | undefined;
    /** Whether to run the 4 GiB resident-memory scenario. */
    readonly rss: boolean;
    /** Whether results go to docs/ (only for a complete full run). */
    readonly writeDocs: boolean;
    /**
     * Least milliseconds each writer of a warm workload spends in warm-up
     * rounds on scratch files of its own before it opens the timed one, so
     * that the timed loops start in V8's steady state (as in a server that has
     * been up for a while); 0 with `--cold`. Cold workloads never warm up.
     */
    readonly warmupMs: number;
    /** Cold workloads report appends 1–`coldFirst` of each fresh writer against the rest. */
    readonly coldFirst: number;
}
/** Least duration of a writer's warm-up, in milliseconds (it also runs at least {@link WARMUP_ROUNDS} rounds). */
export declare const WARMUP_MS = 300;
/** Least number of warm-up rounds: the first one's optimized code is often thrown away by what the second meets. */
export declare const WARMUP_ROUNDS = 2;
/** Parses `process.argv`-style arguments. */
export declare function parseArgs(argv: readonly string[]): BenchConfig;

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
export function workloadKey(w: Workload): string {
  return `${w.cold === true ? 'cold-' : ''}${w.procs}x${w.count}x${w.size}B`;
}

/** A workload's heading, e.g. "4 processes × 100,000 × 128 B" or "cold: 4 processes × 100,000 × 128 B". */
export function workloadTitle(w: Workload): string {
  const procs = w.procs === 1 ? '1 process' : `${w.procs} processes`;
  return `${w.cold === true ? 'cold: ' : ''}${procs} × ${w.count.toLocaleString('en-US')} × ${w.size} B`;
}

/**
 * Calls after which a cold writer reads the clock (those below its count):
 * the time per append over appends 1–100, 101–1,000, 1,001–10,000 and the
 * rest of a fresh process. One `hrtime.bigint()` read between two calls of
 * the same loop function, four times per process: nothing measurable.
 */
export const COLD_MARKS: readonly number[] = [100, 1_000, 10_000];

/** The headline split of a cold run: appends 1–10,000 of a fresh process against the rest. */
export const COLD_FIRST = 10_000;
/** The same in quick mode, scaled down like the records (its 4-process cold workloads have 10,000 per writer). */
const QUICK_COLD_FIRST = 1_000;

/** The seed's three 4-process workloads, and one process alone at 128 B. */
export const WARM_WORKLOADS: readonly Workload[] = [
  { procs: 4, count: 100_000, size: 128 },
  { procs: 4, count: 100_000, size: 1 },
  { procs: 4, count: 10_000, size: 4095 },
  { procs: 1, count: 100_000, size: 128 },
];

/**
 * What users run: the same shapes in fresh processes, no warm-up,
 * `Uint8Array` records (mmlog framed against `fs.writeSync`).
 */
const COLD_WORKLOADS: readonly Workload[] = WARM_WORKLOADS.map((w) => ({ ...w, cold: true }));

const FULL_WORKLOADS: readonly Workload[] = [...WARM_WORKLOADS, ...COLD_WORKLOADS];

/**
 * Quick mode keeps every shape of the full run (1 and 4 processes; 1 B,
 * 128 B and 4095 B; warm and cold) with a tenth of the records, and adds the
 * warm single-process 1 B and 4095 B cases, which cost little at this scale.
 */
const QUICK_WORKLOADS: readonly Workload[] = [
  ...WARM_WORKLOADS.map((w) => ({ ...w, count: w.count / 10 })),
  { procs: 1, count: 10_000, size: 1 },
  { procs: 1, count: 1_000, size: 4095 },
  ...COLD_WORKLOADS.map((w) => ({ ...w, count: w.count / 10 })),
];

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
export const WARMUP_MS = 300;
/** The same in quick mode, which must stay under a minute. */
const QUICK_WARMUP_MS = 100;
/** Least number of warm-up rounds: the first one's optimized code is often thrown away by what the second meets. */
export const WARMUP_ROUNDS = 2;

const USAGE = `usage: npm run bench -- [--quick | --rss | --render] [--reps N] [--methods id,id] [--no-rss]
  (no flag)   full run: 4 workloads × every method × 5 repetitions, the same 4 cold (fresh processes,
              no warm-up, mmlog framed and fs.writeSync with Uint8Array records), then the 4 GiB RSS
              scenario; writes bench/results/latest.json, and this Node major version's results in
              docs/benchmarks.json (other versions' are kept), then docs/benchmarks.{md,svg} from it
  --quick     a tenth of the records, 1 repetition (a smoke test, under a minute)
  --rss       only the 4 GiB resident-memory scenario
  --render    rewrite docs/benchmarks.{md,svg} from docs/benchmarks.json (every Node version), measuring nothing
  --reps N    repetitions per method and workload
  --methods   comma-separated method ids (see bench/methods/index.ts); docs are then not written
  --no-rss    skip the RSS scenario in a full run
  --cold      no warm-up in the warm workloads either: their timed loops include each method's JIT
              warm-up (by default every writer of a warm workload first runs its workload on scratch
              files for at least ${WARMUP_MS} ms, ${QUICK_WARMUP_MS} ms with --quick)`;

/** Parses `process.argv`-style arguments. */
export function parseArgs(argv: readonly string[]): BenchConfig {
  let mode: BenchConfig['mode'] = 'full';
  let reps: number | undefined;
  let methods: string[] | undefined;
  let rss = true;
  let cold = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') mode = 'quick';
    else if (arg === '--rss') mode = 'rss';
    else if (arg === '--render') mode = 'render';
    else if (arg === '--no-rss') rss = false;
    else if (arg === '--cold') cold = true;
    else if (arg === '--reps') reps = Number(argv[++i]);
    else if (arg === '--methods') methods = (argv[++i] ?? '').split(',').filter((s) => s.length > 0);
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (reps !== undefined && !(Number.isInteger(reps) && reps >= 1)) throw new Error('--reps takes a positive integer');
  const quick = mode === 'quick';
  return {
    mode,
    workloads: mode === 'full' ? FULL_WORKLOADS : quick ? QUICK_WORKLOADS : [],
    reps: reps ?? (quick ? 1 : 5),
    methods,
    rss: mode === 'rss' || (mode === 'full' && rss),
    writeDocs: mode === 'full' && methods === undefined && reps === undefined && !cold,
    warmupMs: cold ? 0 : quick ? QUICK_WARMUP_MS : WARMUP_MS,
    coldFirst: quick ? QUICK_COLD_FIRST : COLD_FIRST,
  };
}

/**
 * One run: fork the writers, hold them at the start barrier, release them
 * together, collect their timings, histograms and peak RSS, then verify the
 * file and delete it.
 * @module
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildWorkers } from './build.js';
import { COLD_MARKS, type Workload } from './config.js';
import { Child, START_LEAD_NS, withTimeout } from './fork.js';
import { mergeHistograms, type Percentiles, percentilesOf } from './histogram.js';
import type { Method } from './methods/types.js';
import type { ParentMessage, WorkerMessage } from './protocol.js';
import { verifyOutput, type WriterFacts } from './verify.js';

/** A run that takes longer than this is stuck (e.g. a writer waiting forever). */
const RUN_TIMEOUT_MS = 300_000;

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
export type RunOutcome =
  | {
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
      segments?: { steps: Segment[]; first: Segment; rest: Segment | undefined };
      peakRssKiB: number;
      /** Spread of the writers' start instants, ns (how well the barrier held). */
      startSpreadNs: number;
      late: boolean;
    }
  | { status: 'unsupported'; reason: string }
  | { status: 'failed'; reason: string };

/** How a workload's writers run. */
export interface RunOptions {
  /** Least warm-up of each writer, ms (0: none). */
  warmupMs: number;
  /** A cold run: the clock read at the marks, no latency pass. */
  cold: boolean;
  /** In a cold run, the appends of each writer reported apart from the rest: 1–`coldFirst`. */
  coldFirst: number;
}

/** A forked writer of bench/worker.ts. */
type Writer = Child<ParentMessage, WorkerMessage>;

function forkWriter(index: number): Writer {
  return new Child(buildWorkers().worker, `writer ${index}`);
}

/** The smallest (`sign` −1) or largest (`sign` 1) of some BigInts (Math.min/max take no BigInt). */
function extreme(values: readonly bigint[], sign: 1 | -1): bigint {
  let best = values[0];
  for (const v of values) if ((sign === 1 && v > best) || (sign === -1 && v < best)) best = v;
  return best;
}

/**
 * One stretch `from`–`to` (calls counted from 1) of every writer, from each
 * writer's clock readings keyed by the calls done when read (0: its start).
 */
function segment(readings: readonly Map<number, bigint>[], from: number, to: number): Segment {
  let ns = 0;
  for (const r of readings) ns += Number(r.get(to)! - r.get(from - 1)!);
  return { from, to, nsPerAppend: ns / (readings.length * (to - from + 1)) };
}

/** The cold-run segments from each writer's start, mark readings and end. */
function coldSegments(
  count: number,
  first: number,
  marks: readonly number[],
  timings: readonly { start: bigint; end: bigint; marks: bigint[] }[],
): NonNullable<Extract<RunOutcome, { status: 'ok' }>['segments']> {
  const readings = timings.map((t) => {
    const r = new Map<number, bigint>([
      [0, t.start],
      [count, t.end],
    ]);
    marks.forEach((m, i) => {
      r.set(m, t.marks[i]);
    });
    return r;
  });
  const bounds = [0, ...marks, count];
  const steps = bounds.slice(1).map((to, i) => segment(readings, bounds[i] + 1, to));
  const split = Math.min(first, count);
  return {
    steps,
    first: segment(readings, 1, split),
    rest: split < count ? segment(readings, split + 1, count) : undefined,
  };
}

/** Runs `method` on `workload` once in `dir`, verifies the output and removes it. */
export async function runOnce(
  workload: Workload,
  method: Method,
  dir: string,
  options: RunOptions,
): Promise<RunOutcome> {
  const path = join(dir, `${method.id}-${workload.size}.log`);
  const writers: Writer[] = [];
  try {
    const forkedAt = process.hrtime.bigint();
    for (let i = 0; i < workload.procs; i++) writers.push(forkWriter(i));
    return await withTimeout(drive(workload, method, dir, path, writers, forkedAt, options), RUN_TIMEOUT_MS);
  } catch (error) {
    return { status: 'failed', reason: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  } finally {
    await Promise.all(writers.map((w) => w.stop()));
    for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

async function drive(
  workload: Workload,
  method: Method,
  dir: string,
  path: string,
  writers: Writer[],
  forkedAt: bigint,
  options: RunOptions,
): Promise<RunOutcome> {
  // The split between the first appends and the rest is a mark too (it is one of COLD_MARKS as configured).
  const cuts = [...new Set([...COLD_MARKS, options.coldFirst])].sort((a, b) => a - b);
  const marks = options.cold ? cuts.filter((m) => m < workload.count) : [];
  writers.forEach((w, worker) => {
    w.send({
      type: 'setup',
      method: method.id,
      path,
      dir,
      size: workload.size,
      count: workload.count,
      worker,
      warmupMs: options.cold ? 0 : options.warmupMs,
      marks,
      latencyPass: !options.cold,
    });
  });
  const facts: WriterFacts[] = [];
  for (const [index, w] of writers.entries()) {
    const m = await w.nextAny();
    if (m.type === 'unsupported') return { status: 'unsupported', reason: m.reason };
    if (m.type !== 'ready') throw new Error(`${w.label}: expected 'ready', got '${m.type}'`);
    // The shared-clock check: the worker's reading lies between fork and now.
    const now = process.hrtime.bigint();
    if (m.at < forkedAt || m.at > now) throw new Error('process.hrtime is not one clock across processes here');
    facts.push({ worker: index, recordBytes: m.recordBytes, facts: m.facts });
  }

  const go = (phase: 'throughput' | 'latency'): void => {
    const at = process.hrtime.bigint() + START_LEAD_NS;
    for (const w of writers) w.send({ type: 'go', phase, at });
  };
  go('throughput');
  const timings = await Promise.all(writers.map((w) => w.next('throughput')));
  let latencies: Extract<WorkerMessage, { type: 'latency' }>[] = [];
  if (!options.cold) {
    go('latency');
    latencies = await Promise.all(writers.map((w) => w.next('latency')));
  }
  const done = await Promise.all(writers.map((w) => w.next('done')));
  const codes = await Promise.all(writers.map((w) => w.exited));
  if (codes.some((c) => c !== 0)) throw new Error(`writer exit codes ${codes.join(',')}`);

  const perWriter = options.cold ? workload.count : 2 * workload.count;
  const problem = verifyOutput(method.verify, path, workload, facts, perWriter);
  if (problem !== undefined) return { status: 'failed', reason: `verification: ${problem}` };

  const first = extreme(
    timings.map((t) => t.start),
    -1,
  );
  const last = extreme(
    timings.map((t) => t.end),
    1,
  );
  const spread =
    extreme(
      timings.map((t) => t.start),
      1,
    ) - first;
  let latency: Extract<RunOutcome, { status: 'ok' }>['latency'];
  if (latencies.length > 0) {
    const histogram = mergeHistograms(latencies.map((l) => l.histogram));
    latency = {
      percentiles: percentilesOf(histogram),
      count: histogram.totalCount,
      timerFloorNs: Math.min(...latencies.map((l) => l.timerFloorNs)),
      minorFaults: latencies.reduce((sum, l) => sum + l.minorFaults, 0),
      preemptions: latencies.reduce((sum, l) => sum + l.involuntarySwitches, 0),
    };
  }
  return {
    status: 'ok',
    wallNs: Number(last - first),
    calls: workload.procs * workload.count,
    bytes: facts.reduce((sum, f) => sum + f.recordBytes * workload.count, 0),
    latency,
    segments: options.cold ? coldSegments(workload.count, options.coldFirst, marks, timings) : undefined,
    peakRssKiB: Math.max(...done.map((d) => d.peakRssKiB)),
    startSpreadNs: Number(spread),
    late: timings.some((t) => t.late),
  };
}

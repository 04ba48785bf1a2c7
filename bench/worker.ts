/**
 * One writer process. It opens its writer and prepares its record before
 * the start barrier, so process start-up, module loading and file opening
 * are outside every timed region, alike for every method. Then two phases,
 * each started by the parent at one instant for all writers:
 *
 * 0. (untimed, before the start barrier) warm-up: rounds of both phases on
 *    scratch files, so that the timed loops start in V8's steady state (see
 *    {@link warmUp});
 * 1. **throughput**: `count` calls in a bare loop, timed as a whole (in a
 *    cold workload, the clock is also read after the calls of
 *    `setup.marks`: see {@link markedLoop});
 * 2. **latency**: `count` more calls, each timed on its own with
 *    `hrtime.bigint()` into a histogram. Kept apart so that the timer and
 *    histogram costs never slow the throughput loop. Not in cold workloads.
 *
 * Run by `bench/runner.ts` through `child_process.fork`, compiled to plain
 * JavaScript by `bench/build.ts`.
 * @module
 */
import { rmSync } from 'node:fs';
import { WARMUP_ROUNDS } from './config.js';
import { expectMessage, send as post, runForked, startAt } from './forked.js';
import { createHistogram, encodeHistogram, timerFloorNs } from './histogram.js';
import { peakRssKiB } from './memory.js';
import { methodById } from './methods/index.js';
import { type BenchWriter, Unsupported } from './methods/types.js';
import type { ParentMessage, SetupMessage, WorkerMessage } from './protocol.js';

const hrtime = process.hrtime.bigint;

const next = <T extends ParentMessage['type']>(type: T) => expectMessage<ParentMessage, T>(type);
const send = (message: WorkerMessage): Promise<void> => post(message);

function loopSync(writer: BenchWriter, count: number): void {
  for (let i = 0; i < count; i++) writer.write();
}

async function loopWithDrain(writer: BenchWriter, count: number): Promise<void> {
  const drain = writer.drain!;
  for (let i = 0; i < count; i++) if (writer.write() === false) await drain();
}

/**
 * The throughput loop of a cold workload: the same calls of the same loop
 * function, cut at each of `marks` to read the clock (one `hrtime.bigint()`
 * per mark, a few per process). Returns the readings.
 */
async function markedLoop(writer: BenchWriter, count: number, marks: readonly number[]): Promise<bigint[]> {
  const readings: bigint[] = [];
  let done = 0;
  for (const mark of marks) {
    if (writer.drain === undefined) loopSync(writer, mark - done);
    else await loopWithDrain(writer, mark - done);
    readings.push(hrtime());
    done = mark;
  }
  if (writer.drain === undefined) loopSync(writer, count - done);
  else await loopWithDrain(writer, count - done);
  return readings;
}

/** What the latency phase sends, less the timer floor (measured after it). */
type LatencyPass = Omit<Extract<WorkerMessage, { type: 'latency' }>, 'type' | 'timerFloorNs'>;

async function latencyPass(writer: BenchWriter, count: number): Promise<LatencyPass> {
  const histogram = createHistogram();
  const before = process.resourceUsage();
  for (let i = 0; i < count; i++) {
    const t0 = hrtime();
    const ok = writer.write();
    const t1 = hrtime();
    histogram.recordValue(Math.max(1, Number(t1 - t0)));
    // Waiting for a stream's drain is not part of any call.
    if (ok === false) await writer.drain!();
  }
  await writer.settle?.();
  const after = process.resourceUsage();
  return {
    histogram: encodeHistogram(histogram),
    minorFaults: after.minorPageFault - before.minorPageFault,
    involuntarySwitches: after.involuntaryContextSwitches - before.involuntaryContextSwitches,
  };
}

/**
 * Warm-up, alike for every method: rounds of the writer's whole life on a
 * scratch file of its own — open, the workload's `count` calls in the bare
 * loop, `count` more timed one by one as in the latency phase, settle,
 * close, delete — until at least {@link WARMUP_ROUNDS} rounds and
 * `warmupMs` have passed. Nothing of it reaches the timed file; what carries
 * over is compiled code, the heap's size (and the method's module state, as
 * in any long-running process).
 *
 * Why rounds of the whole workload and a duration, not a fixed number of
 * calls: V8 optimizes on a background thread (10–30 ms per function here),
 * throws optimized code away the first time a path it has no feedback for
 * runs (growth at a chunk boundary, a closed writer's fields changing type)
 * and recompiles. With a short warm-up those compiles land in the timed
 * loop, on the same two cores, while the loop runs unoptimized code.
 *
 * Why the latency loop too: when only the bare loop was warmed, the timed
 * latency pass was the first run of its own code (the timer reads, the
 * histogram): compiled while it ran, and with the young generation growing
 * into fresh pages. Each writer then took 300–1,000 minor page faults in
 * that pass (10–40 once warmed), ~2 µs each on this VM, and they alone set
 * the mmlog rows' p99.9 near 2 µs (measured with `perf record -e
 * page-faults`: anonymous heap pages, none in the log's mapping).
 */
async function warmUp(setup: SetupMessage): Promise<void> {
  if (setup.warmupMs === 0) return;
  const scratch = `${setup.path}.warmup-${setup.worker}`;
  const until = hrtime() + BigInt(setup.warmupMs) * 1_000_000n;
  for (let round = 0; round < WARMUP_ROUNDS || hrtime() < until; round++) {
    const writer = await methodById(setup.method).open({
      path: scratch,
      dir: setup.dir,
      size: setup.size,
      worker: setup.worker,
    });
    if (writer.drain === undefined) loopSync(writer, setup.count);
    else await loopWithDrain(writer, setup.count);
    await writer.settle?.();
    await latencyPass(writer, setup.count);
    await writer.close();
    for (const suffix of ['', '.ctl']) rmSync(`${scratch}${suffix}`, { force: true });
  }
}

async function main(): Promise<void> {
  const setup: SetupMessage = await next('setup');
  let writer: BenchWriter;
  try {
    await warmUp(setup);
    writer = await methodById(setup.method).open({
      path: setup.path,
      dir: setup.dir,
      size: setup.size,
      worker: setup.worker,
    });
  } catch (error) {
    if (error instanceof Unsupported) await send({ type: 'unsupported', reason: error.message });
    else throw error;
    process.disconnect();
    return;
  }
  await send({ type: 'ready', at: hrtime(), recordBytes: writer.recordBytes, facts: writer.facts ?? {} });

  const late = await startAt((await next('go')).at);
  const start = hrtime();
  let marks: bigint[] = [];
  if (setup.marks.length > 0) marks = await markedLoop(writer, setup.count, setup.marks);
  else if (writer.drain === undefined) loopSync(writer, setup.count);
  else await loopWithDrain(writer, setup.count);
  await writer.settle?.();
  const end = hrtime();
  await send({ type: 'throughput', start, end, marks, late });

  if (setup.latencyPass) {
    await startAt((await next('go')).at);
    const latency = await latencyPass(writer, setup.count);
    await send({ type: 'latency', ...latency, timerFloorNs: timerFloorNs() });
  }

  await writer.close();
  await send({ type: 'done', peakRssKiB: peakRssKiB() });
  process.disconnect();
}

runForked(main);

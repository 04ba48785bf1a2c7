/**
 * One process of `npm run bench:segments` (bench/segments.ts), compiled to
 * plain JavaScript like bench/worker.ts. Two tasks:
 *
 * - **append**: opens its writer on the shared log (a single file, or a
 *   segmented log), optionally warms up on a scratch log of the same kind,
 *   reports ready, waits for the common start instant, then either appends
 *   `count` records in a bare loop timed as a whole (`throughput`), or times
 *   every append on its own (`latency`), keeping apart the appends whose
 *   returned position is in a later segment than this writer's previous one:
 *   in a single writer, exactly the appends that rolled (the crossing claim,
 *   its filler, the seal, the start of the next segment and the claim again);
 *   or (`paired`) appends to two logs in alternating blocks, timing each.
 * - **verify**: builds logs of the same records as a single file and as
 *   segmented logs, flushes them, and times `verify(path)` over each,
 *   interleaved.
 * @module
 */
import { closeSync, fsyncSync, openSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { open, verify } from '../src/index.js';
import { nextMessage, send as post, runForked, startAt } from './forked.js';
import { createHistogram, encodeHistogram, timerFloorNs } from './histogram.js';
import { recordText, recordUint8Array } from './payload.js';

const hrtime = process.hrtime.bigint;

/** A log as the benchmark opens it: single-file (`segmentSize` 0) or segmented. */
export interface LogKind {
  readonly format: 'framed' | 'raw';
  /** 0: a single file. */
  readonly segmentSize: number;
}

export interface AppendSetup {
  type: 'append';
  mode: 'throughput' | 'latency' | 'paired';
  path: string;
  kind: LogKind;
  /** Paired mode: the second log, appended to in alternating blocks with the first. */
  paired?: { path: string; kind: LogKind; block: number };
  payload: 'string' | 'bytes';
  size: number;
  count: number;
  worker: number;
  /** Least ms of warm-up rounds on a scratch log (0: a cold writer). */
  warmupMs: number;
}

export interface VerifySetup {
  type: 'verify';
  dir: string;
  kinds: LogKind[];
  /** Bytes of log to build (each log). */
  logBytes: number;
  reps: number;
}

/** An append of `ns` nanoseconds at `offset` bytes into its segment (latency mode, the slow ones only). */
export interface SlowAppend {
  ns: number;
  offset: number;
  crossed: boolean;
}

export type SegWorkerMessage =
  | { type: 'ready'; at: bigint }
  | { type: 'throughput'; start: bigint; end: bigint; lastPos: number; cpuUs: number; minorFaults: number }
  | {
      type: 'latency';
      start: bigint;
      end: bigint;
      all: string;
      crossed: string;
      crossings: number;
      slow: SlowAppend[];
      timerFloorNs: number;
      minorFaults: number;
      preemptions: number;
    }
  | { type: 'paired'; firstNs: number; secondNs: number; lastPos: number }
  | { type: 'verified'; results: VerifyResult[] }
  | { type: 'failed'; error: string };

export type SegParentMessage = AppendSetup | VerifySetup | { type: 'go'; at: bigint };

/** One log of the verify task: its bytes and the time of each timed `verify()` pass. */
export interface VerifyResult {
  kind: LogKind;
  logBytes: number;
  records: number;
  segments: number;
  buildMs: number;
  runsMs: number[];
}

/** Appends taking at least this long are listed one by one (latency mode). */
const SLOW_NS = 10_000;
const MAX_SLOW = 50_000;
const WARMUP_ROUNDS = 2;
const WARMUP_APPENDS = 100_000;
/** Segment size of the scratch logs a segmented writer warms up on: small, so that its warm-up rolls often. */
const WARMUP_SEGMENT = 2 * 1024 * 1024;

const send = (message: SegWorkerMessage): Promise<void> => post(message);
const next = (): Promise<SegParentMessage> => nextMessage<SegParentMessage>();

type Log = ReturnType<typeof open>;

function openKind(path: string, kind: LogKind): Log {
  return kind.segmentSize > 0
    ? open(path, { format: kind.format, segmentSize: kind.segmentSize })
    : open(path, { format: kind.format });
}

/** Removes a log: a single file and its control file, or a segmented log's directory. */
export function removeLog(path: string): void {
  rmSync(path, { recursive: true, force: true });
  rmSync(`${path}.ctl`, { force: true });
}

function throughputLoop(log: Log, data: string | Uint8Array, count: number): number {
  let pos = 0;
  for (let i = 0; i < count; i++) pos = log.append(data);
  return pos;
}

/**
 * Appends `count` records to each of two logs in alternating blocks of
 * `block`, timing each log's blocks: a block of one and the next of the
 * other run moments apart, so what else the machine does hits both alike.
 * Which log goes first alternates too.
 */
function pairedLoop(
  first: Log,
  second: Log,
  data: string | Uint8Array,
  count: number,
  block: number,
): { firstNs: number; secondNs: number; lastPos: number } {
  let firstNs = 0;
  let secondNs = 0;
  let lastPos = 0;
  for (let done = 0, turn = 0; done < count; done += block, turn++) {
    const n = Math.min(block, count - done);
    for (const which of turn % 2 === 0 ? [0, 1] : [1, 0]) {
      const t0 = hrtime();
      const pos = throughputLoop(which === 0 ? first : second, data, n);
      const ns = Number(hrtime() - t0);
      if (which === 0) firstNs += ns;
      else {
        secondNs += ns;
        lastPos = pos;
      }
    }
  }
  return { firstNs, secondNs, lastPos };
}

interface LatencyOutcome {
  all: string;
  crossed: string;
  crossings: number;
  slow: SlowAppend[];
  minorFaults: number;
  preemptions: number;
}

/**
 * Times every append alone (two `hrtime.bigint()` reads). `segmentSize` 0:
 * nothing is a crossing, and slow appends are placed by their offset in a
 * virtual 64 MiB stretch (for comparison with a segmented log's).
 */
function latencyLoop(log: Log, data: string | Uint8Array, count: number, segmentSize: number): LatencyOutcome {
  const all = createHistogram();
  const crossed = createHistogram();
  const slow: SlowAppend[] = [];
  const span = segmentSize > 0 ? segmentSize : 64 * 1024 * 1024;
  let crossings = 0;
  let segment = -1;
  const before = process.resourceUsage();
  for (let i = 0; i < count; i++) {
    const t0 = hrtime();
    const pos = log.append(data);
    const ns = Number(hrtime() - t0);
    all.recordValue(Math.max(1, ns));
    const k = segmentSize > 0 ? Math.floor(pos / segmentSize) : 0;
    // The first append of this writer only finds its segment.
    const isCrossing = segment >= 0 && k !== segment;
    segment = k;
    if (isCrossing) {
      crossed.recordValue(Math.max(1, ns));
      crossings++;
    }
    if (ns >= SLOW_NS && slow.length < MAX_SLOW) slow.push({ ns, offset: pos % span, crossed: isCrossing });
  }
  const after = process.resourceUsage();
  return {
    all: encodeHistogram(all),
    crossed: encodeHistogram(crossed),
    crossings,
    slow,
    minorFaults: after.minorPageFault - before.minorPageFault,
    preemptions: after.involuntaryContextSwitches - before.involuntaryContextSwitches,
  };
}

/**
 * Rounds of the writer's timed loop on a scratch log of its own (for a
 * segmented log, with 2 MiB segments, so that the roll path runs several
 * times per round), at least {@link WARMUP_ROUNDS} and `ms` milliseconds: the timed
 * loop then starts in V8's steady state, roll path included.
 */
function warmUp(setup: AppendSetup, data: string | Uint8Array): void {
  const scratch = `${setup.path}.warmup-${setup.worker}`;
  const kind = { ...setup.kind, segmentSize: setup.kind.segmentSize > 0 ? WARMUP_SEGMENT : 0 };
  const until = hrtime() + BigInt(setup.warmupMs) * 1_000_000n;
  for (let round = 0; round < WARMUP_ROUNDS || hrtime() < until; round++) {
    const log = openKind(scratch, kind);
    if (setup.mode === 'latency') latencyLoop(log, data, WARMUP_APPENDS, kind.segmentSize);
    else throughputLoop(log, data, WARMUP_APPENDS);
    log.close();
    removeLog(scratch);
  }
}

async function appendTask(setup: AppendSetup): Promise<void> {
  const data =
    setup.payload === 'string' ? recordText(setup.worker, setup.size) : recordUint8Array(setup.worker, setup.size);
  if (setup.warmupMs > 0) warmUp(setup, data);
  const paired = setup.paired;
  if (paired !== undefined && setup.warmupMs > 0) warmUp({ ...setup, path: paired.path, kind: paired.kind }, data);
  const log = openKind(setup.path, setup.kind);
  const second = paired === undefined ? undefined : openKind(paired.path, paired.kind);
  await send({ type: 'ready', at: hrtime() });
  const go = await next();
  if (go.type !== 'go') throw new Error(`expected 'go', got '${go.type}'`);
  await startAt(go.at);
  const usage = process.resourceUsage();
  const start = hrtime();
  if (setup.mode === 'throughput') {
    const lastPos = throughputLoop(log, data, setup.count);
    const end = hrtime();
    // Every thread of the writer: its background populates included.
    const after = process.resourceUsage();
    const cpuUs = after.userCPUTime + after.systemCPUTime - usage.userCPUTime - usage.systemCPUTime;
    await send({
      type: 'throughput',
      start,
      end,
      lastPos,
      cpuUs,
      minorFaults: after.minorPageFault - usage.minorPageFault,
    });
  } else if (second !== undefined && paired !== undefined) {
    await send({ type: 'paired', ...pairedLoop(log, second, data, setup.count, paired.block) });
    second.close();
  } else {
    const outcome = latencyLoop(log, data, setup.count, setup.kind.segmentSize);
    const end = hrtime();
    await send({ type: 'latency', start, end, ...outcome, timerFloorNs: timerFloorNs() });
  }
  log.close();
}

/** Bytes of the files of a log (a segmented log's segments). */
function filesOf(path: string, kind: LogKind): string[] {
  if (kind.segmentSize === 0) return [path];
  return readdirSync(path)
    .filter((name) => /^\d{20}\.log$/.test(name))
    .map((name) => join(path, name));
}

function verifyTask(setup: VerifySetup): VerifyResult[] {
  const logs = setup.kinds.map((kind) => {
    const name = kind.segmentSize === 0 ? `single-${kind.format}.log` : `seg${kind.segmentSize}-${kind.format}`;
    const path = join(setup.dir, name);
    const t0 = hrtime();
    const log = openKind(path, kind);
    // The same 128 B record (a line) in every log: the logs differ only in their files.
    const data = recordText(0, 128);
    let records = 0;
    while (log.append(data) < setup.logBytes) records++;
    records++;
    log.close();
    const files = filesOf(path, kind);
    // Flushed, so that write-back does not run during the timed passes.
    for (const file of files) {
      const fd = openSync(file, 'r+');
      fsyncSync(fd);
      closeSync(fd);
    }
    return {
      kind,
      path,
      records,
      segments: kind.segmentSize > 0 ? files.length : 0,
      buildMs: Number(hrtime() - t0) / 1e6,
    };
  });
  const check = (l: (typeof logs)[number]): number => {
    const report = verify(l.path);
    const counted = l.kind.format === 'framed' ? report.records : (report.lines ?? 0);
    // Raw: each roll leaves one filler line (spaces and a newline) at the head of the next segment.
    const extra = counted - l.records;
    if (!report.ok || extra < 0 || extra > l.segments) {
      throw new Error(`verify(${l.path}): ok ${report.ok}, ${counted} records/lines for ${l.records} appended`);
    }
    return report.end;
  };
  // One untimed pass each: checks the logs and leaves them in the page cache.
  const logBytes = logs.map(check);
  const runsMs: number[][] = logs.map(() => []);
  for (let rep = 0; rep < setup.reps; rep++) {
    // Interleaved, in a rotating order, so that drift hits every log alike.
    for (let j = 0; j < logs.length; j++) {
      const i = (j + rep) % logs.length;
      const t0 = hrtime();
      check(logs[i]);
      runsMs[i].push(Number(hrtime() - t0) / 1e6);
    }
  }
  for (const l of logs) removeLog(l.path);
  return logs.map((l, i) => ({
    kind: l.kind,
    logBytes: logBytes[i],
    records: l.records,
    segments: l.segments,
    buildMs: l.buildMs,
    runsMs: runsMs[i],
  }));
}

async function main(): Promise<void> {
  const setup = await next();
  if (setup.type === 'append') await appendTask(setup);
  else if (setup.type === 'verify') await send({ type: 'verified', results: verifyTask(setup) });
  else throw new Error(`unexpected '${setup.type}'`);
  process.disconnect();
}

runForked(main);

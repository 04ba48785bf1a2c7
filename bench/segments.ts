/**
 * `npm run bench:segments`: what segmented logs cost writers and `verify`,
 * against a single-file log measured in the same repetition.
 *
 * 1. **Throughput through rolls.** Every workload (framed and raw; string and
 *    `Uint8Array` records of 128 B; 1 and 4 writer processes; warm and cold)
 *    appends the same ~672 MiB (10.5 × 64 MiB: 10 rolls at 64 MiB) to a
 *    single-file log and to a segmented log of 64 MiB segments: what this
 *    benchmark calls the default segment size (the library has none:
 *    `segmentSize` is required to get a segmented log). The warm workloads
 *    of string records also run 16 MiB (42 rolls) and 256 MiB (2 rolls).
 *    Repetitions are the outer loop and the order of the variants rotates
 *    with each, so drift hits every variant alike; the ratio segmented ÷
 *    single is taken per repetition, then the median.
 * 1b. **Paired** (bench/segmentsPaired.ts): one writer appends to a single
 *    file and to 64 MiB segments in alternating ~8 MiB blocks, timing each:
 *    the machine's noise hits both alike.
 * 2. **Latency of the appends that roll.** One writer (and four, framed,
 *    at 16 MiB) times every append of 512 MiB of records with
 *    `hrtime.bigint()` into HdrHistograms: all appends, and apart those
 *    whose returned position lies in a later segment than the writer's
 *    previous one — with one writer exactly the appends that rolled. Small
 *    segments (4 and 16 MiB) give hundreds of rolls over the repetitions.
 * 3. **verify() MB/s across segments**: ~512 MiB of 128 B records as a
 *    single file and as segmented logs, flushed, each checked once untimed,
 *    then `verify(path)` timed over each, interleaved.
 *
 * Writers are forked processes compiled to plain JavaScript (as in
 * `npm run bench`), released together at one instant; files live in a fresh
 * directory under `os.tmpdir()` (the same filesystem as `npm run bench`).
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stat, verify } from '../src/index.js';
import { frameSize } from '../src/layout/frame.js';
import { compileWorker } from './build.js';
import { Child, runTogether, wallNs, withTimeout } from './fork.js';
import { createHistogram, type Histogram, mergeHistograms, percentilesOf } from './histogram.js';
import { loadAverage, machineInfo } from './machine.js';
import { duration, num } from './report/format.js';
import { type PairedRow, pairedPart, pairedTable } from './segmentsPaired.js';
import type {
  AppendSetup,
  LogKind,
  SegParentMessage,
  SegWorkerMessage,
  SlowAppend,
  VerifyResult,
  VerifySetup,
} from './segmentsWorker.js';
import { median } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MiB = 1024 * 1024;
/** What this benchmark calls the default segment size (the library has no default). */
const DEFAULT_SEGMENT = 64 * MiB;
const SEGMENT_SIZES = [16 * MiB, 64 * MiB, 256 * MiB];
const RECORD = 128;
const RUN_TIMEOUT_MS = 300_000;
const WARMUP_MS = 300;
/** Bytes each latency run appends: 128 rolls at 4 MiB. */
const LATENCY_BYTES = 512 * MiB;

const USAGE = `usage: npm run bench:segments -- [--quick] [--reps N] [--only throughput,paired,latency,verify] [--procs N]
  (no flag)  3 repetitions of every part (~11 minutes on the shared 2-core machine)
  --quick    a tenth of the bytes, 1 repetition: a smoke test
  --reps N   repetitions (throughput and latency runs; verify takes 2 more timed passes)
  --only     run only these parts (paired: 1 and 4 writers, each appending to a single-file and a segmented log in alternating blocks)
  --procs N  throughput and paired: only the workloads of N writer processes (1 or 4)`;

interface Config {
  quick: boolean;
  reps: number;
  parts: Set<string>;
  /** Throughput workloads of this many writers only, or all (0). */
  procs: number;
}

function parseArgs(argv: readonly string[]): Config {
  let quick = false;
  let reps: number | undefined;
  let parts = new Set(['throughput', 'paired', 'latency', 'verify']);
  let procs = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--reps') reps = Number(argv[++i]);
    else if (arg === '--only') parts = new Set(String(argv[++i]).split(','));
    else if (arg === '--procs') procs = Number(argv[++i]);
    else {
      console.log(USAGE);
      process.exit(arg === '--help' || arg === '-h' ? 0 : 2);
    }
  }
  if (reps !== undefined && !(Number.isInteger(reps) && reps > 0)) throw new Error('--reps takes a positive integer');
  if (procs !== 0 && procs !== 1 && procs !== 4) throw new Error('--procs takes 1 or 4');
  return { quick, reps: reps ?? (quick ? 1 : 3), parts, procs };
}

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** Forks `procs` writers with `setup` (each its own index), releases them together, and returns their reports. */
function runWriters<T extends 'throughput' | 'latency'>(
  script: string,
  setup: Omit<AppendSetup, 'worker'>,
  procs: number,
  type: T,
): Promise<Extract<SegWorkerMessage, { type: T }>[]> {
  const setups = Array.from({ length: procs }, (_, worker): AppendSetup => ({ ...setup, worker }));
  return runTogether<AppendSetup, SegWorkerMessage, T>(script, setups, type, RUN_TIMEOUT_MS);
}

function removeLog(path: string): void {
  rmSync(path, { recursive: true, force: true });
  rmSync(`${path}.ctl`, { force: true });
}

function kindName(kind: LogKind): string {
  return kind.segmentSize === 0 ? 'single file' : `${kind.segmentSize / MiB} MiB segments`;
}

function recordFootprint(format: 'framed' | 'raw'): number {
  return format === 'framed' ? frameSize(RECORD) : RECORD;
}

/**
 * Checks a log after a run. Full: `verify()` finds it intact with every
 * record (raw: plus one filler line per roll). Otherwise the cursor only:
 * every record's bytes claimed, plus at most two records' worth per roll
 * (the crossing claim's unused tail and its filler) and the header.
 */
function checkLog(path: string, kind: LogKind, records: number, full: boolean): void {
  if (!full) {
    const { cursor } = stat(path);
    const bytes = records * recordFootprint(kind.format);
    const rolls = kind.segmentSize > 0 ? Math.floor(cursor / kind.segmentSize) : 0;
    if (cursor < bytes || cursor > bytes + 2 * recordFootprint(kind.format) * rolls + 4096) {
      throw new Error(
        `cursor ${cursor} after ${records} appends of ${recordFootprint(kind.format)} B and ${rolls} rolls`,
      );
    }
    return;
  }
  const report = verify(path);
  const counted = kind.format === 'framed' ? report.records : (report.lines ?? 0);
  const rolls = kind.segmentSize > 0 ? Math.floor(report.end / kind.segmentSize) : 0;
  if (!report.ok || counted < records || counted > records + rolls) {
    throw new Error(`verify: ok ${report.ok}, ${counted} records/lines for ${records} appended (${rolls} rolls)`);
  }
}

// ---------------------------------------------------------------- 1. throughput

interface Workload {
  format: 'framed' | 'raw';
  payload: 'string' | 'bytes';
  procs: number;
  cold: boolean;
}

/**
 * The variants a workload runs: the single file and 64 MiB segments always;
 * 16 and 256 MiB too in the warm workloads of string records (all of them
 * would take over 10 minutes on the 2-core machine).
 */
function variantsOf(w: Workload): number[] {
  return !w.cold && w.payload === 'string' ? [0, ...SEGMENT_SIZES] : [0, DEFAULT_SEGMENT];
}

/** Whether a run's log is checked with a full `verify()` (else with the cursor only): a scan costs as much as a run. */
function fullCheck(w: Workload, segmentSize: number, rep: number): boolean {
  return rep === 0 && !w.cold && w.payload === 'string' && (segmentSize === 0 || segmentSize === DEFAULT_SEGMENT);
}

function workloadTitle(w: Workload): string {
  const payload = w.payload === 'string' ? 'string' : 'Uint8Array';
  return `${w.cold ? 'cold' : 'warm'}, ${w.procs} proc, ${w.format}, ${payload}`;
}

const WORKLOADS: Workload[] = [false, true].flatMap((cold) =>
  [1, 4].flatMap((procs) =>
    (['framed', 'raw'] as const).flatMap((format) =>
      (['string', 'bytes'] as const).map((payload) => ({ format, payload, procs, cold })),
    ),
  ),
);

interface ThroughputRun {
  nsPerAppend: number;
  /** CPU time of the writer processes (every thread), ns per append: what the appends cost, preemption aside. */
  cpuNsPerAppend: number;
  /** Minor page faults of the writer processes per MiB appended. */
  faultsPerMiB: number;
  rolls: number;
}

interface ThroughputRow {
  workload: string;
  appends: number;
  logBytes: number;
  /** Per variant (0 = single file), ns per append of every repetition. */
  runs: Record<number, ThroughputRun[]>;
  nsPerAppend: Record<number, number>;
  /** Median over repetitions of segmented ÷ single of the same repetition. */
  ratio: Record<number, number>;
  /** The same for CPU time per append. */
  cpuRatio: Record<number, number>;
  cpuRatioMin: Record<number, number>;
  cpuRatioMax: Record<number, number>;
  /** Median over repetitions of the writers' minor faults per MiB appended. */
  faultsPerMiB: Record<number, number>;
  ratioMin: Record<number, number>;
  ratioMax: Record<number, number>;
  rolls: Record<number, number>;
  /** Median over repetitions of (segmented − single) wall time ÷ rolls, ns: what one roll added. */
  extraPerRollNs: Record<number, number>;
}

/** Bytes of records each throughput (and paired) run appends: 10.5 default segments, a tenth with --quick. */
function runBytes(config: Config): number {
  return ((10.5 * DEFAULT_SEGMENT) / (config.quick ? 10 : 1)) | 0;
}

async function throughput(script: string, dir: string, config: Config): Promise<ThroughputRow[]> {
  const bytes = runBytes(config);
  const workloads = WORKLOADS.filter((w) => config.procs === 0 || w.procs === config.procs);
  const rows: ThroughputRow[] = workloads.map((w) => {
    const perProc = Math.ceil(bytes / recordFootprint(w.format) / w.procs);
    return {
      workload: workloadTitle(w),
      appends: perProc * w.procs,
      logBytes: perProc * w.procs * recordFootprint(w.format),
      runs: Object.fromEntries(variantsOf(w).map((v) => [v, []])),
      nsPerAppend: {},
      ratio: {},
      cpuRatio: {},
      cpuRatioMin: {},
      cpuRatioMax: {},
      faultsPerMiB: {},
      ratioMin: {},
      ratioMax: {},
      rolls: {},
      extraPerRollNs: {},
    };
  });
  const total = config.reps * workloads.reduce((n, w) => n + variantsOf(w).length, 0);
  let done = 0;
  for (let rep = 0; rep < config.reps; rep++) {
    log(`\nthroughput, repetition ${rep + 1} (load ${loadAverage()})`);
    for (const [i, w] of workloads.entries()) {
      const row = rows[i];
      const variants = variantsOf(w);
      for (let j = 0; j < variants.length; j++) {
        const segmentSize = variants[(j + rep + i) % variants.length];
        const kind: LogKind = { format: w.format, segmentSize };
        const path = join(dir, segmentSize === 0 ? 'single.log' : `seg-${segmentSize}`);
        try {
          const reports = await runWriters(
            script,
            {
              type: 'append',
              mode: 'throughput',
              path,
              kind,
              payload: w.payload,
              size: RECORD,
              count: row.appends / w.procs,
              warmupMs: w.cold ? 0 : WARMUP_MS,
            },
            w.procs,
            'throughput',
          );
          const lastPos = Math.max(...reports.map((r) => r.lastPos));
          const run = {
            nsPerAppend: wallNs(reports) / row.appends,
            cpuNsPerAppend: (reports.reduce((n, r) => n + r.cpuUs, 0) * 1000) / row.appends,
            faultsPerMiB: reports.reduce((n, r) => n + r.minorFaults, 0) / (row.logBytes / MiB),
            rolls: segmentSize > 0 ? Math.floor(lastPos / segmentSize) : 0,
          };
          checkLog(path, kind, row.appends, fullCheck(w, segmentSize, rep));
          row.runs[segmentSize].push(run);
          done++;
          log(
            `[${done}/${total}] ${row.workload}, ${kindName(kind)}: ${run.nsPerAppend.toFixed(1)} ns/append, ` +
              `CPU ${run.cpuNsPerAppend.toFixed(1)} ns/append, ${run.faultsPerMiB.toFixed(1)} faults/MiB, ${run.rolls} rolls`,
          );
        } finally {
          removeLog(path);
        }
      }
    }
  }
  for (const row of rows) {
    const single = row.runs[0];
    row.nsPerAppend[0] = median(single.map((r) => r.nsPerAppend));
    row.faultsPerMiB[0] = median(single.map((r) => r.faultsPerMiB));
    for (const s of SEGMENT_SIZES) {
      const runs = row.runs[s];
      if (runs === undefined) continue;
      const ratios = runs.map((r, i) => r.nsPerAppend / single[i].nsPerAppend);
      row.nsPerAppend[s] = median(runs.map((r) => r.nsPerAppend));
      row.ratio[s] = median(ratios);
      row.ratioMin[s] = Math.min(...ratios);
      row.ratioMax[s] = Math.max(...ratios);
      const cpuRatios = runs.map((r, i) => r.cpuNsPerAppend / single[i].cpuNsPerAppend);
      row.cpuRatio[s] = median(cpuRatios);
      row.cpuRatioMin[s] = Math.min(...cpuRatios);
      row.cpuRatioMax[s] = Math.max(...cpuRatios);
      row.faultsPerMiB[s] = median(runs.map((r) => r.faultsPerMiB));
      row.rolls[s] = median(runs.map((r) => r.rolls));
      row.extraPerRollNs[s] = median(
        runs.map((r, i) => (r.rolls > 0 ? ((r.nsPerAppend - single[i].nsPerAppend) * row.appends) / r.rolls : NaN)),
      );
    }
  }
  return rows;
}

function throughputTable(rows: readonly ThroughputRow[]): string {
  const head =
    '| Workload | single file ns/append | 16 MiB: ns (× single) | 64 MiB: ns (× single) | 64 MiB ratio min–max | 256 MiB: ns (× single) | 64 MiB CPU × single (min–max) | faults/MiB single, 64 MiB | rolls 16/64/256 | per roll at 64 MiB |';
  const lines = [head, '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
  const D = DEFAULT_SEGMENT;
  for (const r of rows) {
    const cell = (s: number): string =>
      r.runs[s] === undefined ? '–' : `${r.nsPerAppend[s].toFixed(1)} (${r.ratio[s].toFixed(3)})`;
    lines.push(
      `| ${r.workload} | ${r.nsPerAppend[0].toFixed(1)} | ${cell(16 * MiB)} | ${cell(D)} | ` +
        `${r.ratioMin[D].toFixed(3)}–${r.ratioMax[D].toFixed(3)} | ${cell(256 * MiB)} | ` +
        `${r.cpuRatio[D].toFixed(3)} (${r.cpuRatioMin[D].toFixed(3)}–${r.cpuRatioMax[D].toFixed(3)}) | ` +
        `${r.faultsPerMiB[0].toFixed(1)}, ${r.faultsPerMiB[D].toFixed(1)} | ` +
        `${SEGMENT_SIZES.map((s) => r.rolls[s] ?? '–').join('/')} | ${(r.extraPerRollNs[D] / 1e6).toFixed(2)} ms |`,
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- 2. latency

interface LatencyCase {
  name: string;
  format: 'framed' | 'raw';
  procs: number;
  segmentSize: number;
}

const LATENCY_CASES: LatencyCase[] = (
  [
    ...(['framed', 'raw'] as const).flatMap((format) =>
      [0, 4 * MiB, 16 * MiB].map((segmentSize) => ({ name: '', format, procs: 1, segmentSize })),
    ),
    { name: '', format: 'framed', procs: 4, segmentSize: 0 },
    { name: '', format: 'framed', procs: 4, segmentSize: 16 * MiB },
  ] satisfies LatencyCase[]
).map((c) => ({ ...c, name: `${c.procs} proc, ${c.format}, ${kindName(c)}` }));

interface LatencyRow {
  name: string;
  procs: number;
  segmentSize: number;
  appends: number;
  nsPerAppend: number;
  /** Medians over repetitions of each repetition's percentiles of all appends. */
  all: { p50: number; p99: number; p999: number; max: number };
  /** Percentiles of the crossing appends of all repetitions together (few per repetition). */
  crossed: { count: number; p50: number; p99: number; p999: number; max: number };
  /** Time in appends of ≥ 10 µs, ms per GiB appended: the crossing ones, the others in each half of a segment. */
  slowMsPerGiB: { crossing: number; firstHalf: number; secondHalf: number };
  timerFloorNs: number;
  minorFaultsPerRun: number;
  preemptionsPerRun: number;
}

async function latency(script: string, dir: string, config: Config): Promise<LatencyRow[]> {
  const bytes = LATENCY_BYTES / (config.quick ? 10 : 1);
  const acc = LATENCY_CASES.map(() => ({
    perRep: [] as { p50: number; p99: number; p999: number; max: number; ns: number }[],
    crossed: createHistogram() as Histogram,
    slow: [] as SlowAppend[],
    floor: [] as number[],
    faults: [] as number[],
    preemptions: [] as number[],
  }));
  for (let rep = 0; rep < config.reps; rep++) {
    log(`\nlatency, repetition ${rep + 1} (load ${loadAverage()})`);
    for (let j = 0; j < LATENCY_CASES.length; j++) {
      const i = (j + rep) % LATENCY_CASES.length;
      const c = LATENCY_CASES[i];
      const kind: LogKind = { format: c.format, segmentSize: c.segmentSize };
      const count = Math.ceil(bytes / recordFootprint(c.format) / c.procs);
      const path = join(dir, c.segmentSize === 0 ? 'latency.log' : 'latency-seg');
      try {
        const reports = await runWriters(
          script,
          { type: 'append', mode: 'latency', path, kind, payload: 'string', size: RECORD, count, warmupMs: WARMUP_MS },
          c.procs,
          'latency',
        );
        checkLog(path, kind, count * c.procs, false);
        const all = percentilesOf(mergeHistograms(reports.map((r) => r.all)));
        const a = acc[i];
        a.perRep.push({ ...all, ns: wallNs(reports) / (count * c.procs) });
        a.crossed.add(mergeHistograms(reports.map((r) => r.crossed)));
        for (const r of reports) a.slow.push(...r.slow);
        a.floor.push(Math.min(...reports.map((r) => r.timerFloorNs)));
        a.faults.push(reports.reduce((s, r) => s + r.minorFaults, 0));
        a.preemptions.push(reports.reduce((s, r) => s + r.preemptions, 0));
        const crossings = reports.reduce((s, r) => s + r.crossings, 0);
        log(
          `${c.name}: p50 ${duration(all.p50)}, p99.9 ${duration(all.p999)}, max ${duration(all.max)}, ${crossings} crossings`,
        );
      } finally {
        removeLog(path);
      }
    }
  }
  return LATENCY_CASES.map((c, i) => {
    const a = acc[i];
    const count = Math.ceil(bytes / recordFootprint(c.format) / c.procs) * c.procs;
    const crossed = percentilesOf(a.crossed);
    const span = c.segmentSize > 0 ? c.segmentSize : 64 * MiB;
    const gib = (count * recordFootprint(c.format) * config.reps) / (1024 * MiB);
    const sum = (pick: (s: SlowAppend) => boolean): number =>
      a.slow.filter(pick).reduce((t, s) => t + s.ns, 0) / 1e6 / gib;
    return {
      name: c.name,
      procs: c.procs,
      segmentSize: c.segmentSize,
      appends: count,
      nsPerAppend: median(a.perRep.map((r) => r.ns)),
      all: {
        p50: median(a.perRep.map((r) => r.p50)),
        p99: median(a.perRep.map((r) => r.p99)),
        p999: median(a.perRep.map((r) => r.p999)),
        max: median(a.perRep.map((r) => r.max)),
      },
      crossed: { count: a.crossed.totalCount, ...crossed },
      slowMsPerGiB: {
        crossing: sum((s) => s.crossed),
        firstHalf: sum((s) => !s.crossed && s.offset < span / 2),
        secondHalf: sum((s) => !s.crossed && s.offset >= span / 2),
      },
      timerFloorNs: median(a.floor),
      minorFaultsPerRun: median(a.faults),
      preemptionsPerRun: median(a.preemptions),
    };
  });
}

function latencyTable(rows: readonly LatencyRow[]): string {
  const lines = [
    '| Log (512 MiB of 128 B records) | p50 | p99 | p99.9 | max | crossing appends | their p50 | p99 | p99.9 | max | ms/GiB in appends ≥ 10 µs: crossing / 1st half / 2nd half |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const x = r.crossed;
    const crossing =
      r.segmentSize === 0
        ? '– | – | – | – | –'
        : `${num(x.count)} | ${duration(x.p50)} | ${duration(x.p99)} | ${duration(x.p999)} | ${duration(x.max)}`;
    const s = r.slowMsPerGiB;
    lines.push(
      `| ${r.name} | ${duration(r.all.p50)} | ${duration(r.all.p99)} | ${duration(r.all.p999)} | ${duration(r.all.max)} | ` +
        `${crossing} | ${s.crossing.toFixed(2)} / ${s.firstHalf.toFixed(2)} / ${s.secondHalf.toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- 3. verify

interface VerifyRow {
  log: string;
  logBytes: number;
  segments: number;
  ms: number;
  msMin: number;
  msMax: number;
  mbPerSec: number;
  /** Median over passes of this log's MB/s ÷ the single file's of the same pass round. */
  ratio: number;
}

async function verifyPart(script: string, dir: string, config: Config): Promise<VerifyRow[]> {
  const kinds: LogKind[] = (['framed', 'raw'] as const).flatMap((format) =>
    [0, 16 * MiB, 64 * MiB].map((segmentSize) => ({ format, segmentSize })),
  );
  const setup: VerifySetup = {
    type: 'verify',
    dir,
    kinds,
    logBytes: (512 * MiB) / (config.quick ? 8 : 1),
    reps: config.reps + 2,
  };
  log(`\nverify: building ${kinds.length} logs of ${setup.logBytes / MiB} MiB (load ${loadAverage()})`);
  const child = new Child<SegParentMessage, SegWorkerMessage>(script);
  let results: VerifyResult[];
  try {
    child.send(setup);
    results = (await withTimeout(child.next('verified'), RUN_TIMEOUT_MS)).results;
    await child.exited;
  } finally {
    await child.stop();
  }
  return results.map((r) => {
    const single = results.find((s) => s.kind.format === r.kind.format && s.kind.segmentSize === 0)!;
    const ratios = r.runsMs.map((ms, i) => single.runsMs[i] / single.logBytes / (ms / r.logBytes));
    const ms = median(r.runsMs);
    return {
      log: `${r.kind.format}, ${kindName(r.kind)}`,
      logBytes: r.logBytes,
      segments: r.segments,
      ms,
      msMin: Math.min(...r.runsMs),
      msMax: Math.max(...r.runsMs),
      mbPerSec: r.logBytes / 1e6 / (ms / 1e3),
      ratio: median(ratios),
    };
  });
}

function verifyTable(rows: readonly VerifyRow[]): string {
  const lines = [
    '| Log (128 B records) | Log bytes | Segments | verify() ms | min–max | MB/s | × single file |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.log} | ${num(r.logBytes / MiB, 0)} MiB | ${r.segments || '–'} | ${r.ms.toFixed(0)} | ` +
        `${r.msMin.toFixed(0)}–${r.msMax.toFixed(0)} | ${num(r.mbPerSec)} | ${r.segments === 0 ? '' : r.ratio.toFixed(3)} |`,
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const config = parseArgs(process.argv.slice(2));
  const began = Date.now();
  const script = compileWorker('segmentsWorker');
  const dir = mkdtempSync(join(tmpdir(), 'mmlog-segbench-'));
  process.on('SIGINT', () => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
  const loads: { at: string; load: string }[] = [];
  const noteLoad = (at: string): void => {
    loads.push({ at, load: loadAverage() });
  };
  try {
    const machine = machineInfo(dir);
    log(`mmlog bench:segments: ${machine.cpus} × ${machine.cpuModel}, Linux ${machine.kernel}, Node ${machine.node}`);
    log(`directory ${dir} on ${machine.filesystem}; ${config.reps} repetition(s)${config.quick ? ', quick' : ''}`);
    noteLoad('start');
    const out: string[] = [];
    let throughputRows: ThroughputRow[] | undefined;
    let pairedRows: PairedRow[] | undefined;
    let latencyRows: LatencyRow[] | undefined;
    let verifyRows: VerifyRow[] | undefined;
    if (config.parts.has('throughput')) {
      throughputRows = await throughput(script, dir, config);
      noteLoad('after throughput');
      out.push(
        `### Appends through rolls: ns per append (wall time ÷ all appends), median of ${config.reps}; ` +
          `(× single) = median of per-repetition ratios\n\n${throughputTable(throughputRows)}`,
      );
    }
    if (config.parts.has('paired')) {
      const paired = {
        reps: config.reps,
        procs: config.procs,
        logBytes: runBytes(config),
        segmentSize: DEFAULT_SEGMENT,
        record: RECORD,
        footprint: recordFootprint,
        warmupMs: WARMUP_MS,
        timeoutMs: RUN_TIMEOUT_MS,
        clean: removeLog,
        log,
      };
      pairedRows = await pairedPart(script, dir, paired);
      noteLoad('after paired');
      out.push(
        `### Each writer appends to a single file and to 64 MiB segments in alternating ~8 MiB blocks: ns per append, median of ${config.reps}; ` +
          `× single = median of per-repetition ratios\n\n${pairedTable(pairedRows, paired)}`,
      );
    }
    if (config.parts.has('latency')) {
      latencyRows = await latency(script, dir, config);
      noteLoad('after latency');
      out.push(
        `### Latency of single appends (warm, string records): all appends (median over ${config.reps} repetitions), ` +
          `and the appends that crossed into a new segment (all repetitions together)\n\n${latencyTable(latencyRows)}`,
      );
    }
    if (config.parts.has('verify')) {
      verifyRows = await verifyPart(script, dir, config);
      noteLoad('after verify');
      out.push(
        `### verify() across segments, page-cache-hot (median of ${config.reps + 2} passes)\n\n${verifyTable(verifyRows)}`,
      );
    }
    const durationS = (Date.now() - began) / 1000;
    out.push(
      `Load average (1, 5, 15 min): ${loads.map((l) => `${l.at} ${l.load}`).join('; ')}. Total ${durationS.toFixed(0)} s.`,
    );
    console.log(`\n${out.join('\n\n')}`);
    const results = {
      command: `npm run bench:segments${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      machine,
      reps: config.reps,
      quick: config.quick,
      durationS,
      loads,
      throughput: throughputRows,
      paired: pairedRows,
      latency: latencyRows,
      verify: verifyRows,
    };
    const file = join(ROOT, 'bench/results/segments.json');
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    log(`\nwrote ${file}; total ${durationS.toFixed(1)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

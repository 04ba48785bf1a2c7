/**
 * From the repetitions of `npm run bench -- --durable` to its figures:
 * medians over repetitions, and ratios taken within each repetition (mmlog ÷
 * naive, p99 ÷ that repetition's one-page `fdatasync`, interval ÷ none,
 * preallocation ÷ zero-filled), then their median. Also the tables printed
 * at the end of a run.
 * @module
 */
import { CEILING_FILES, type CeilingProbe, PREALLOC_VARIANTS, type SyncProbe } from './diskSync.js';
import type { DurableConfig } from './durable.js';
import {
  CEILING_APPENDERS,
  CEILING_NAIVE_KEY,
  GROUP_VARIANTS,
  type GroupRun,
  type GroupVariant,
  INTERVAL_VARIANTS,
  type IntervalRun,
  type Measured,
  SINGLE_VARIANTS,
} from './durableRuns.js';
import type { MachineInfo } from './machine.js';
import { duration, num, ratio } from './report/format.js';
import { table } from './report/table.js';
import { median } from './stats.js';

export interface GroupRow extends GroupVariant {
  reps: number;
  /** Medians over the repetitions. */
  recordsPerSec: number;
  recordsPerSecMin: number;
  recordsPerSecMax: number;
  p50Ns: number;
  p99Ns: number;
  p999Ns: number;
  maxNs: number;
  syncsPerRecord: number;
  kibPerSync: number;
  cpuUsPerRecord: number;
  switchesPerSync: number;
  /** mmlog rows: median over repetitions of records/s ÷ the naive row's (same payload, same shape) in that repetition. */
  ratioToNaive?: number;
  /** Median over repetitions of p99 ÷ that repetition's one-page `fdatasync` (p50). */
  p99OverFdatasync: number;
  runs: GroupRun[];
}

/** Every figure of {@link IntervalRun}: its median over the repetitions. */
export interface IntervalRow extends IntervalRun {
  key: string;
  name: string;
  intervalMs: number | undefined;
  /** Median over runs of (no durability's ns/append ÷ this) in the same round of the same repetition: < 1 is slower. */
  throughputToNone?: number;
  /** The smallest and largest of those per-repetition ratios. */
  throughputToNoneMin?: number;
  throughputToNoneMax?: number;
  /** The same with CPU time per append. */
  cpuToNone?: number;
  runs: IntervalRun[];
}

export interface FdatasyncRow {
  what: string;
  /** Medians over the repetitions. */
  p50Ns: number;
  p99Ns: number;
  maxNs: number;
  kibPerSync: number;
  /**
   * Preallocation rows: medians over repetitions of p50 (p99) ÷ the
   * zero-filled file's written the same way (pwrite or mmap) in that repetition.
   */
  p50ToZeroFilled?: number;
  p99ToZeroFilled?: number;
  runs: SyncProbe[];
}

/** The ceiling of group commit (bench/diskSync.ts) with one way of preparing the file. */
export interface CeilingRow {
  file: string;
  /** Medians over the repetitions. */
  recordsPerSec: number;
  recordsPerSecMin: number;
  recordsPerSecMax: number;
  p50Ns: number;
  p99Ns: number;
  kibPerSync: number;
  cpuUsPerRecord: number;
  /** Median over repetitions of records/s ÷ the naive 4×4 run's (Uint8Array) in that repetition. */
  ratioToNaive?: number;
  /** Median over repetitions of the cycle's p99 ÷ that repetition's one-page `fdatasync` (p50). */
  p99OverFdatasync: number;
  runs: CeilingProbe[];
}

export interface DurableSummary {
  onePage: FdatasyncRow;
  ceiling: CeilingRow[];
  group: GroupRow[];
  single: GroupRow[];
  interval: IntervalRow[];
  prealloc: FdatasyncRow[];
}

export interface DurableResults extends DurableSummary {
  command: string;
  machine: MachineInfo;
  config: DurableConfig;
  /** 1, 5 and 15-minute load averages at the start and the end. */
  loads: string[];
  durationS: number;
}

/** `f(a[i], b[i])` of every repetition both have. */
function pairs<A, B>(a: readonly A[], b: readonly B[] | undefined, f: (x: A, y: B) => number): number[] {
  return b === undefined ? [] : Array.from({ length: Math.min(a.length, b.length) }, (_, i) => f(a[i], b[i]));
}

/** Median over the repetitions both have of `f(a[i], b[i])`. */
function paired<A, B>(a: readonly A[], b: readonly B[] | undefined, f: (x: A, y: B) => number): number | undefined {
  const values = pairs(a, b, f);
  return values.length === 0 ? undefined : median(values);
}

function fdatasyncRow(what: string, runs: SyncProbe[]): FdatasyncRow {
  return {
    what,
    p50Ns: median(runs.map((r) => r.p50)),
    p99Ns: median(runs.map((r) => r.p99)),
    maxNs: median(runs.map((r) => r.max)),
    kibPerSync: median(runs.map((r) => r.kibPerSync)),
    runs,
  };
}

/** Records/s over the repetitions (median, min, max), and the median of same-repetition ratios to `naive`'s. */
function throughput(
  runs: readonly { recordsPerSec: number }[],
  naive: readonly GroupRun[] | undefined,
): Pick<GroupRow, 'recordsPerSec' | 'recordsPerSecMin' | 'recordsPerSecMax' | 'ratioToNaive'> {
  const rates = runs.map((r) => r.recordsPerSec);
  return {
    recordsPerSec: median(rates),
    recordsPerSecMin: Math.min(...rates),
    recordsPerSecMax: Math.max(...rates),
    ratioToNaive: paired(runs, naive, (r, n) => r.recordsPerSec / n.recordsPerSec),
  };
}

function groupRow(v: GroupVariant, m: Measured): GroupRow {
  const runs = m.group.get(v.key) ?? [];
  const naive = v.method === 'mmlog' ? m.group.get(v.key.replace(/^mmlog-/, 'naive-')) : undefined;
  return {
    ...v,
    reps: runs.length,
    ...throughput(runs, naive),
    p50Ns: median(runs.map((r) => r.latency.p50)),
    p99Ns: median(runs.map((r) => r.latency.p99)),
    p999Ns: median(runs.map((r) => r.latency.p999)),
    maxNs: median(runs.map((r) => r.latency.max)),
    syncsPerRecord: median(runs.map((r) => r.syncsPerRecord)),
    kibPerSync: median(runs.map((r) => r.kibPerSync)),
    cpuUsPerRecord: median(runs.map((r) => r.cpuUsPerRecord)),
    // Runs of an older result file have no count.
    switchesPerSync: median(runs.map((r) => r.switchesPerSync ?? Number.NaN)),
    p99OverFdatasync: paired(runs, m.onePage, (r, p) => r.latency.p99 / p.p50) ?? Number.NaN,
    runs,
  };
}

function intervalRows(m: Measured): IntervalRow[] {
  return INTERVAL_VARIANTS.map((v) => {
    const runs = m.interval.get(v.key) ?? [];
    const none = m.interval.get(v.key.replace(/^interval-\d+-/, 'interval-none-'));
    const medians = Object.fromEntries(
      Object.keys(runs[0] ?? {}).map((field) => [field, median(runs.map((r) => r[field as keyof IntervalRun]))]),
    ) as unknown as IntervalRun;
    return {
      key: v.key,
      name: v.name,
      intervalMs: v.intervalMs,
      ...medians,
      ...(v.intervalMs === undefined || v.ratePerSec !== undefined
        ? {}
        : (() => {
            const ratios = pairs(runs, none, (r, n) => n.nsPerAppend / r.nsPerAppend);
            return {
              throughputToNone: median(ratios),
              throughputToNoneMin: Math.min(...ratios),
              throughputToNoneMax: Math.max(...ratios),
              cpuToNone: paired(runs, none, (r, n) => n.cpuNsPerAppend / r.cpuNsPerAppend),
            };
          })()),
      runs,
    };
  });
}

function ceilingRow(file: string, m: Measured): CeilingRow {
  const runs = m.ceiling.get(file) ?? [];
  return {
    file,
    ...throughput(runs, m.group.get(CEILING_NAIVE_KEY)),
    p50Ns: median(runs.map((r) => r.p50)),
    p99Ns: median(runs.map((r) => r.p99)),
    kibPerSync: median(runs.map((r) => r.kibPerSync)),
    cpuUsPerRecord: median(runs.map((r) => r.cpuUsPerRecord)),
    p99OverFdatasync: paired(runs, m.onePage, (r, p) => r.p99 / p.p50) ?? Number.NaN,
    runs,
  };
}

export function summarize(m: Measured): DurableSummary {
  return {
    onePage: fdatasyncRow('one page, overwritten', m.onePage),
    ceiling: CEILING_FILES.map((file) => ceilingRow(file, m)),
    group: GROUP_VARIANTS.map((v) => groupRow(v, m)),
    single: SINGLE_VARIANTS.map((v) => groupRow(v, m)),
    interval: intervalRows(m),
    prealloc: PREALLOC_VARIANTS.map((v) => {
      const runs = m.prealloc.get(v.key) ?? [];
      const zeroFilled = m.prealloc.get(`zero-filled, ${v.via}`);
      return {
        ...fdatasyncRow(v.key, runs),
        p50ToZeroFilled: paired(runs, zeroFilled, (r, z) => r.p50 / z.p50),
        p99ToZeroFilled: paired(runs, zeroFilled, (r, z) => r.p99 / z.p99),
      };
    }),
  };
}

/** The min–max cell of a records/s column. */
function spread(r: { recordsPerSecMin: number; recordsPerSecMax: number }): string {
  return `${num(r.recordsPerSecMin)}–${num(r.recordsPerSecMax)}`;
}

function groupTable(rows: readonly GroupRow[]): string {
  return table(
    [
      'Appenders',
      'records/s',
      'min–max',
      '× naive',
      'p50',
      'p99',
      'p99.9',
      'max',
      'p99 ÷ fdatasync',
      'fsyncs/record',
      'KiB to the device per fsync',
      'CPU per record',
      'context switches per fsync',
    ],
    rows.map((r) => [
      `${r.procs}×${r.inFlight} ${r.name}`,
      num(r.recordsPerSec),
      spread(r),
      ratio(r.ratioToNaive),
      duration(r.p50Ns),
      duration(r.p99Ns),
      duration(r.p999Ns),
      duration(r.maxNs),
      num(r.p99OverFdatasync, 2),
      num(r.syncsPerRecord, 3),
      num(r.kibPerSync),
      duration(r.cpuUsPerRecord * 1000),
      num(r.switchesPerSync, 1),
    ]),
  );
}

function ceilingTable(rows: readonly CeilingRow[]): string {
  return table(
    [
      'File',
      'records/s',
      'min–max',
      '× naive 4×4',
      'cycle p50',
      'cycle p99',
      'p99 ÷ fdatasync',
      'KiB to the device per fsync',
      'CPU per record',
    ],
    rows.map((r) => [
      r.file,
      num(r.recordsPerSec),
      spread(r),
      ratio(r.ratioToNaive),
      duration(r.p50Ns),
      duration(r.p99Ns),
      num(r.p99OverFdatasync, 2),
      num(r.kibPerSync),
      duration(r.cpuUsPerRecord * 1000),
    ]),
  );
}

function intervalTable(rows: readonly IntervalRow[]): string {
  return table(
    [
      'One writer, sync append',
      'ns/append',
      'appends/s',
      '× none (min–max)',
      'CPU ns/append',
      'CPU: none ÷ this',
      'lag p50',
      'lag p99',
      'lag max',
      'max bytes behind',
      'close',
      'syncs',
    ],
    rows.map((r) => {
      const none = r.intervalMs === undefined;
      const ms = (v: number): string => (none ? '–' : `${v.toFixed(1)} ms`);
      return [
        r.name,
        num(r.nsPerAppend, 1),
        num(r.appendsPerSec),
        r.throughputToNone === undefined
          ? none
            ? 'baseline'
            : '–'
          : `${num(r.throughputToNone, 2)} (${num(r.throughputToNoneMin ?? Number.NaN, 2)}–${num(r.throughputToNoneMax ?? Number.NaN, 2)})`,
        num(r.cpuNsPerAppend, 1),
        none ? 'baseline' : num(r.cpuToNone ?? Number.NaN, 2),
        ms(r.lagMsP50),
        ms(r.lagMsP99),
        ms(r.lagMsMax),
        none ? '–' : `${num(r.lagBytesMax / 2 ** 20, 1)} MiB`,
        `${r.closeMs.toFixed(1)} ms`,
        num(r.syncs),
      ];
    }),
  );
}

function fdatasyncTable(rows: readonly FdatasyncRow[]): string {
  return table(
    [
      'Prepared, written with',
      'p50',
      'p99',
      'max',
      'KiB to the device per sync',
      'p50 ÷ zero-filled',
      'p99 ÷ zero-filled',
    ],
    rows.map((r) => [
      r.what,
      duration(r.p50Ns),
      duration(r.p99Ns),
      duration(r.maxNs),
      num(r.kibPerSync),
      num(r.p50ToZeroFilled ?? Number.NaN, 2),
      num(r.p99ToZeroFilled ?? Number.NaN, 2),
    ]),
  );
}

/** The run's tables, as printed at its end. */
export function describeDurable(r: DurableResults): string {
  const reps = `median of ${r.config.reps}`;
  const page = r.onePage;
  return [
    `Directory on ${r.machine.filesystem}; ${r.machine.cpus} × ${r.machine.cpuModel}; Node ${r.machine.node}; load ${r.loads.join('; ')}.`,
    `One fdatasync of one overwritten page (${r.config.probeSyncs} per repetition): p50 ${duration(page.p50Ns)}, ` +
      `p99 ${duration(page.p99Ns)}, ${num(page.kibPerSync)} KiB to the device per sync (${reps}).`,
    `### The ceiling of group commit: ${CEILING_APPENDERS} records of 128 B per pwrite + fdatasync, one thread, ${r.config.groupMs / 1000} s each (${reps}; × naive: the naive 4×4 Uint8Array run of the same repetition)\n\n${ceilingTable(r.ceiling)}`,
    `### Durable appenders, ${r.config.groupMs / 1000} s each (${reps}; × naive and p99 ÷ fdatasync: median of same-repetition ratios)\n\n${groupTable(r.group)}`,
    `### One writer awaiting each durable append, ${r.config.singleMs / 1000} s (${reps})\n\n${groupTable(r.single)}`,
    `### Interval durability: ${num(r.config.intervalCount)} appends of 128 B, ${r.config.intervalRounds} runs of each per repetition ` +
      `(median of ${r.config.reps * r.config.intervalRounds}; paced: of ${r.config.reps}; × none: median of the ratios of runs of the same round, < 1 is slower)\n\n${intervalTable(r.interval)}`,
    `### fdatasync after each of ${r.config.preallocSyncs} 4 KiB writes at increasing offsets of a 64 MiB file (${reps})\n\n${fdatasyncTable(r.prealloc)}`,
  ].join('\n\n');
}

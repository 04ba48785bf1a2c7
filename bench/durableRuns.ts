/**
 * The runs of `npm run bench -- --durable` (bench/durable.ts): fork the
 * processes of bench/durableWorker.ts on a fresh file, release them
 * together, fold their reports into one run's figures, check the file, and
 * delete it.
 * @module
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stat, verify } from '../src/index.js';
import { frameSize } from '../src/layout/frame.js';
import { type CeilingProbe, deviceWritten, type SyncProbe } from './diskSync.js';
import type { DurableWorkerMessage, GroupSetup, IntervalSetup, Payload } from './durableWorker.js';
import { runTogether, wallNs } from './fork.js';
import { mergeHistograms, type Percentiles, percentilesOf } from './histogram.js';
import { num } from './report/format.js';

/** Record size of every scenario, in bytes. */
export const RECORD = 128;
const RUN_TIMEOUT_MS = 120_000;
/** Untimed durable appends of each appender before the start instant (see durableWorker.ts). */
const WARMUPS = 10;

/** Durable appenders: `procs` processes × `inFlight` appenders each, awaiting one durable append after another. */
export interface GroupVariant {
  key: string;
  name: string;
  method: 'mmlog' | 'naive';
  payload: Payload;
  procs: number;
  inFlight: number;
}

export interface GroupRun {
  records: number;
  wallNs: number;
  recordsPerSec: number;
  latency: Percentiles;
  /** mmlog: group commits during the timed run (`stat().durability.syncs` delta); naive: one per record. */
  syncs: number;
  syncsPerRecord: number;
  /**
   * mmlog: the mean duration of one group commit's `fdatasync` (`stat().durability.meanSyncMs`, over the
   * log's life, warm-ups included), and the fraction of the run's wall time the syncs add up to: well
   * below 1 means the disk sat idle between group commits.
   */
  meanSyncMs: number;
  syncBusy: number;
  /**
   * KiB the block device was sent per fsync, over the whole run with its warm-up (whose fsyncs are
   * counted too): device-wide, so other processes' writes count as well (see `SyncProbe` in diskSync.ts).
   */
  kibPerSync: number;
  /**
   * CPU time of every process (all their threads: event loops, thread pools, waits) over the timed run ÷
   * records, µs. Next to the one-page `fdatasync`, what a cycle costs when the machine's cores are the limit.
   */
  cpuUsPerRecord: number;
  /**
   * Context switches of every process (all their threads) over the timed run ÷ fsyncs: what one group
   * commit costs in wakes, on a machine that charges for each (see docs/benchmarks.md).
   */
  switchesPerSync: number;
}

function removeLog(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.ctl`, { force: true });
}

/** What the file must hold after a group run: every record (warm-ups too), whole. */
function checkGroupFile(path: string, v: GroupVariant, records: number): void {
  const expected = records + WARMUPS * v.procs * v.inFlight;
  if (v.method === 'naive') {
    const size = statSync(path).size;
    if (size !== expected * RECORD) throw new Error(`naive file of ${size} B for ${expected} records of ${RECORD} B`);
    return;
  }
  const report = verify(path);
  if (!report.ok || report.records !== expected) {
    throw new Error(`verify: ok ${report.ok}, ${report.records} records for ${expected} appended`);
  }
  // Every append resolved durable, the last one's included: the watermark must have reached the cursor.
  const s = stat(path);
  if (s.durability.durable < s.cursor) {
    throw new Error(
      `durable watermark ${s.durability.durable} below the cursor ${s.cursor} after every append resolved`,
    );
  }
}

/** One run of `v` for `durationMs` in `dir`. */
export async function runGroup(
  script: string,
  dir: string,
  device: string,
  v: GroupVariant,
  durationMs: number,
): Promise<GroupRun> {
  const path = join(dir, `${v.key}.log`);
  try {
    const setups = Array.from(
      { length: v.procs },
      (_, worker): GroupSetup => ({
        type: 'group',
        method: v.method,
        path,
        payload: v.payload,
        size: RECORD,
        worker,
        inFlight: v.inFlight,
        durationMs,
        warmups: WARMUPS,
      }),
    );
    const written = deviceWritten(device);
    const reports = await runTogether<GroupSetup, DurableWorkerMessage, 'group'>(
      script,
      setups,
      'group',
      RUN_TIMEOUT_MS,
    );
    const kib = (deviceWritten(device) - written) / 1024;
    const records = reports.reduce((n, r) => n + r.records, 0);
    const wall = wallNs(reports);
    checkGroupFile(path, v, records);
    const durability = v.method === 'mmlog' ? stat(path).durability : undefined;
    const syncs = durability === undefined ? records : durability.syncs - reports[0].syncsAtStart;
    const meanSyncMs = durability?.meanSyncMs ?? Number.NaN;
    return {
      records,
      wallNs: wall,
      recordsPerSec: records / (wall / 1e9),
      latency: percentilesOf(mergeHistograms(reports.map((r) => r.histogram))),
      syncs,
      syncsPerRecord: syncs / records,
      meanSyncMs,
      syncBusy: (syncs * meanSyncMs) / (wall / 1e6),
      kibPerSync: kib / (durability?.syncs ?? records + WARMUPS * v.procs * v.inFlight),
      cpuUsPerRecord: reports.reduce((us, r) => us + r.cpuUs, 0) / records,
      switchesPerSync: reports.reduce((n, r) => n + r.switches, 0) / syncs,
    };
  } finally {
    removeLog(path);
  }
}

/** One writer appending as fast as it can, with interval durability (`intervalMs`) or none (undefined). */
export interface IntervalVariant {
  key: string;
  name: string;
  payload: Payload;
  intervalMs: number | undefined;
  /** Appends per second the writer is paced at, or undefined: as fast as it can. */
  ratePerSec: number | undefined;
}

export interface IntervalRun {
  nsPerAppend: number;
  appendsPerSec: number;
  /** CPU time of the writer process (all its threads) per append, ns (see `cpuUs` in durableWorker.ts). */
  cpuNsPerAppend: number;
  /** Age of the oldest record not yet durable, sampled after each batch (ms); NaN without durability. */
  lagMsP50: number;
  lagMsP99: number;
  lagMsMax: number;
  /** Bytes between the watermark and the last record, largest sample. */
  lagBytesMax: number;
  closeMs: number;
  /** Group commits over the run, close included. */
  syncs: number;
}

/** Appends per second of the paced interval variants: ~7 MB/s of log. */
export const PACED_RATE = 50_000;
/** Appends between two yields to the event loop: about a millisecond of appends. */
const BATCH = 4096;

/** The `q`-quantile of `values` (nearest rank), NaN when empty. */
function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** One run of `v`: `count` appends in `dir`. */
export async function runInterval(
  script: string,
  dir: string,
  v: IntervalVariant,
  count: number,
): Promise<IntervalRun> {
  const path = join(dir, `${v.key}.log`);
  try {
    const setup: IntervalSetup = {
      type: 'interval',
      path,
      payload: v.payload,
      size: RECORD,
      intervalMs: v.intervalMs,
      count,
      // Paced: a batch a millisecond, so that the lag is sampled every millisecond.
      batch: v.ratePerSec === undefined ? BATCH : Math.max(1, Math.round(v.ratePerSec / 1000)),
      ratePerSec: v.ratePerSec,
    };
    const [report] = await runTogether<IntervalSetup, DurableWorkerMessage, 'interval'>(
      script,
      [setup],
      'interval',
      RUN_TIMEOUT_MS,
    );
    const s = stat(path);
    const end = s.cursor;
    if (end < count * frameSize(RECORD)) throw new Error(`cursor ${end} after ${count} appends`);
    // With interval durability, close() syncs what remains: everything must be durable now.
    if (v.intervalMs !== undefined && s.durability.durable < end) {
      throw new Error(`durable watermark ${s.durability.durable} below the cursor ${end} after close()`);
    }
    const ns = Number(report.end - report.start);
    return {
      nsPerAppend: ns / report.records,
      appendsPerSec: report.records / (ns / 1e9),
      cpuNsPerAppend: (report.cpuUs * 1e3) / report.records,
      lagMsP50: quantile(report.lagMs, 0.5),
      lagMsP99: quantile(report.lagMs, 0.99),
      lagMsMax: quantile(report.lagMs, 1),
      lagBytesMax: quantile(report.lagBytes, 1),
      closeMs: report.closeMs,
      syncs: s.durability.syncs,
    };
  } finally {
    removeLog(path);
    removeLog(`${path}.warmup`);
  }
}

function payloadName(payload: 'bytes' | 'string'): string {
  return payload === 'bytes' ? 'Uint8Array' : 'string';
}

function groupVariant(method: 'mmlog' | 'naive', payload: 'bytes' | 'string', procs: number, inFlight: number) {
  const who = method === 'mmlog' ? 'mmlog framed appendDurable' : 'naive: FileHandle.write + datasync';
  return {
    key: `${method}-${payload}-${procs}x${inFlight}`,
    name: `${who}, ${payloadName(payload)}`,
    method,
    payload,
    procs,
    inFlight,
  } satisfies GroupVariant;
}

/**
 * Scenario 1: 4 processes × 4 in flight; and 1 process × 16 in flight (a
 * server appending for many requests at once), where no other process has
 * to be woken.
 */
export const GROUP_VARIANTS: readonly GroupVariant[] = [
  ...(['bytes', 'string'] as const).flatMap((payload) =>
    (['mmlog', 'naive'] as const).map((method) => groupVariant(method, payload, 4, 4)),
  ),
  ...(['mmlog', 'naive'] as const).map((method) => groupVariant(method, 'bytes', 1, 16)),
];

/** Appenders of the group commit ceiling (bench/diskSync.ts): as many as scenario 1 has in flight. */
export const CEILING_APPENDERS = 16;
/** The naive run the ceiling is compared with. */
export const CEILING_NAIVE_KEY = 'naive-bytes-4x4';

/** Scenario 2: one writer, one durable append at a time. */
export const SINGLE_VARIANTS: readonly GroupVariant[] = (['mmlog', 'naive'] as const).map((method) =>
  groupVariant(method, 'bytes', 1, 1),
);

/** Scenario 3. */
export const INTERVAL_VARIANTS: readonly IntervalVariant[] = [
  ...(['bytes', 'string'] as const).flatMap((payload) =>
    [undefined, 10, 100].map((intervalMs) => ({
      key: `interval-${intervalMs ?? 'none'}-${payload}`,
      name: `${intervalMs === undefined ? 'no durability' : `intervalMs ${intervalMs}`}, ${payloadName(payload)}`,
      payload,
      intervalMs,
      ratePerSec: undefined,
    })),
  ),
  // A steady writer the disk keeps up with: the lag is then the timer's, not the disk's bandwidth.
  ...[10, 100].map((intervalMs) => ({
    key: `paced-${intervalMs}-bytes`,
    name: `intervalMs ${intervalMs}, Uint8Array, paced at ${num(PACED_RATE)}/s`,
    payload: 'bytes' as const,
    intervalMs,
    ratePerSec: PACED_RATE,
  })),
];

/** Every repetition's runs, by variant key (and preparation). */
export interface Measured {
  onePage: SyncProbe[];
  ceiling: Map<string, CeilingProbe[]>;
  group: Map<string, GroupRun[]>;
  interval: Map<string, IntervalRun[]>;
  prealloc: Map<string, SyncProbe[]>;
}

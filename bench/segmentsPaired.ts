/**
 * Part `paired` of `npm run bench:segments`: what rolls cost writers,
 * measured so that the machine's noise cancels. Each writer process (1, then
 * 4) holds a single-file log and a segmented log (the benchmark's default
 * segment size) and
 * appends the same records to both in alternating blocks of ~8 MiB, timing
 * each log's blocks (bench/segmentsWorker.ts, `pairedLoop`); with several
 * writers, the blocks of every writer are summed per log. Timing whole runs one
 * after the other (the `throughput` part) leaves each ratio to whatever
 * else the shared machine did during either run — single runs of the same
 * variant differ by up to 3× here; blocks moments apart share it.
 * @module
 */
import { join } from 'node:path';
import { runTogether } from './fork.js';
import type { AppendSetup, LogKind, SegWorkerMessage } from './segmentsWorker.js';
import { median } from './stats.js';

const MiB = 1024 * 1024;
const BLOCK_BYTES = 8 * MiB;

/** What bench/segments.ts measures with, so that this part measures the same. */
export interface PairedSettings {
  reps: number;
  /** Only the workloads of this many writers (1 or 4); 0: both. */
  procs: number;
  /** Bytes of records each log receives. */
  logBytes: number;
  segmentSize: number;
  /** Record size, and the bytes a record takes in a log of each format. */
  record: number;
  footprint: (format: 'framed' | 'raw') => number;
  warmupMs: number;
  timeoutMs: number;
  /** Removes a log. */
  clean: (path: string) => void;
  log: (line: string) => void;
}

export interface PairedRow {
  workload: string;
  appends: number;
  rolls: number;
  /** Per repetition: segmented ÷ single, time of all blocks. */
  ratios: number[];
  ratio: number;
  singleNs: number;
  segmentedNs: number;
}

/** Runs the paired part: `reps` repetitions of each workload (framed and raw, string and Uint8Array records). */
export async function pairedPart(script: string, dir: string, settings: PairedSettings): Promise<PairedRow[]> {
  const {
    reps,
    procs,
    logBytes,
    segmentSize,
    record,
    footprint: footprintOf,
    warmupMs,
    timeoutMs,
    clean,
    log,
  } = settings;
  const workloads = (procs === 0 ? [1, 4] : [procs]).flatMap((procs) =>
    (['framed', 'raw'] as const).flatMap((format) =>
      (['string', 'bytes'] as const).map((payload) => ({ procs, format, payload })),
    ),
  );
  const rows: PairedRow[] = [];
  for (const w of workloads) {
    const footprint = footprintOf(w.format);
    const singleKind: LogKind = { format: w.format, segmentSize: 0 };
    const segmentedKind: LogKind = { format: w.format, segmentSize };
    const perProc = Math.ceil(logBytes / footprint / w.procs);
    const appends = perProc * w.procs;
    const row: PairedRow = {
      workload: `warm, ${w.procs} proc, ${w.format}, ${w.payload === 'string' ? 'string' : 'Uint8Array'}`,
      appends,
      rolls: Math.floor(logBytes / segmentSize),
      ratios: [],
      ratio: 0,
      singleNs: 0,
      segmentedNs: 0,
    };
    const single: number[] = [];
    const segmented: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const singlePath = join(dir, 'paired-single.log');
      const segmentedPath = join(dir, 'paired-segmented');
      const setup: AppendSetup = {
        type: 'append',
        mode: 'paired',
        path: singlePath,
        kind: singleKind,
        paired: { path: segmentedPath, kind: segmentedKind, block: Math.floor(BLOCK_BYTES / footprint) },
        payload: w.payload,
        size: record,
        count: perProc,
        worker: 0,
        warmupMs,
      };
      try {
        const reports = await runTogether<AppendSetup, SegWorkerMessage, 'paired'>(
          script,
          Array.from({ length: w.procs }, (_, worker) => ({ ...setup, worker })),
          'paired',
          timeoutMs,
        );
        // Several writers: the time of every writer's blocks of each log, summed.
        const report = {
          firstNs: reports.reduce((n, r) => n + r.firstNs, 0) / w.procs,
          secondNs: reports.reduce((n, r) => n + r.secondNs, 0) / w.procs,
          lastPos: Math.max(...reports.map((r) => r.lastPos)),
        };
        if (Math.floor(report.lastPos / segmentSize) < row.rolls) {
          throw new Error(
            `the segmented log rolled ${Math.floor(report.lastPos / segmentSize)} times, not ${row.rolls}`,
          );
        }
        single.push(report.firstNs / appends);
        segmented.push(report.secondNs / appends);
        row.ratios.push(report.secondNs / report.firstNs);
        log(
          `paired ${rep + 1}/${reps} ${row.workload}: single ${(report.firstNs / appends).toFixed(1)} ns/append, ` +
            `${segmentSize / MiB} MiB segments ${(report.secondNs / appends).toFixed(1)} ns/append (× ${(report.secondNs / report.firstNs).toFixed(3)})`,
        );
      } finally {
        clean(singlePath);
        clean(segmentedPath);
      }
    }
    row.ratio = median(row.ratios);
    row.singleNs = median(single);
    row.segmentedNs = median(segmented);
    rows.push(row);
  }
  return rows;
}

export function pairedTable(
  rows: readonly PairedRow[],
  settings: Pick<PairedSettings, 'record' | 'segmentSize'>,
): string {
  const recordsMiB = Math.round(((rows[0]?.appends ?? 0) * settings.record) / MiB);
  const lines = [
    `| Workload (${recordsMiB} MiB of records to each log) | single file ns/append | ${settings.segmentSize / MiB} MiB segments ns/append | × single, median (min–max) | rolls |`,
    '|---|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.workload} | ${r.singleNs.toFixed(1)} | ${r.segmentedNs.toFixed(1)} | ${r.ratio.toFixed(3)} ` +
        `(${Math.min(...r.ratios).toFixed(3)}–${Math.max(...r.ratios).toFixed(3)}) | ${r.rolls} |`,
    );
  }
  return lines.join('\n');
}

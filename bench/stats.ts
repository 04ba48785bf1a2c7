/**
 * From repeated runs to one row: medians of every measure, the ratio to the
 * baseline method, and the FAILED / not-supported verdicts.
 * @module
 */
import type { RunOutcome } from './runner.js';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

type OkRun = Extract<RunOutcome, { status: 'ok' }>;

/** One row of a workload's table. */
export interface Row {
  methodId: string;
  method: string;
  status: 'ok' | 'failed' | 'unsupported';
  /** Why a row is not a number. */
  reason?: string;
  reps: number;
  /** Medians over the repetitions. */
  totalMs: number;
  nsPerCall: number;
  mbPerSec: number;
  p50Ns: number;
  p99Ns: number;
  p999Ns: number;
  maxNs: number;
  peakRssMiB: number;
  /** Best and worst ns/call, to show the spread between repetitions. */
  nsPerCallMin: number;
  nsPerCallMax: number;
  /** ns/call of every repetition, in run order. */
  nsPerCallRuns: number[];
  /** Median over repetitions of (baseline ns/call ÷ this ns/call) in the same repetition: > 1 is faster. */
  ratioToBaseline?: number;
  timerFloorNs: number;
  startSpreadUs: number;
  /** Medians over repetitions of the minor page faults and preemptions of all writers in the latency phase. */
  latencyMinorFaults: number;
  latencyPreemptions: number;
}

/** Folds the repetitions of one method on one workload into a row. */
export function summarize(methodId: string, method: string, runs: readonly RunOutcome[]): Row {
  const empty = { totalMs: NaN, nsPerCall: NaN, mbPerSec: NaN, p50Ns: NaN, p99Ns: NaN, p999Ns: NaN, maxNs: NaN };
  const base = { methodId, method, reps: runs.length, ...empty, peakRssMiB: NaN, timerFloorNs: NaN };
  const spread = {
    nsPerCallMin: NaN,
    nsPerCallMax: NaN,
    nsPerCallRuns: [],
    startSpreadUs: NaN,
    latencyMinorFaults: NaN,
    latencyPreemptions: NaN,
  };
  const unsupported = runs.find((r) => r.status === 'unsupported');
  if (unsupported !== undefined) return { ...base, ...spread, status: 'unsupported', reason: unsupported.reason };
  const failed = runs.filter((r) => r.status === 'failed');
  if (failed.length > 0) {
    return {
      ...base,
      ...spread,
      status: 'failed',
      reason: `${failed.length}/${runs.length} runs: ${failed[0].reason}`,
    };
  }
  const ok = runs as readonly OkRun[];
  const perCall = ok.map((r) => r.wallNs / r.calls);
  return {
    ...base,
    status: 'ok',
    totalMs: median(ok.map((r) => r.wallNs / 1e6)),
    nsPerCall: median(perCall),
    mbPerSec: median(ok.map((r) => r.bytes / 1e6 / (r.wallNs / 1e9))),
    p50Ns: median(ok.map((r) => r.latency.p50)),
    p99Ns: median(ok.map((r) => r.latency.p99)),
    p999Ns: median(ok.map((r) => r.latency.p999)),
    maxNs: median(ok.map((r) => r.latency.max)),
    peakRssMiB: median(ok.map((r) => r.peakRssKiB / 1024)),
    nsPerCallMin: Math.min(...perCall),
    nsPerCallMax: Math.max(...perCall),
    nsPerCallRuns: perCall,
    timerFloorNs: median(ok.map((r) => r.timerFloorNs)),
    startSpreadUs: median(ok.map((r) => r.startSpreadNs / 1e3)),
    latencyMinorFaults: median(ok.map((r) => r.latencyMinorFaults)),
    latencyPreemptions: median(ok.map((r) => r.latencyPreemptions)),
  };
}

/**
 * Sets each row's ratio to the baseline, pairing repetition i of the row
 * with repetition i of the baseline: both ran minutes apart at most, so
 * machine noise that drifts over the run largely cancels.
 */
export function addRatios(
  rows: Row[],
  runsByMethod: ReadonlyMap<string, readonly RunOutcome[]>,
  baselineId: string,
  wanted: (id: string) => boolean,
): void {
  const baseline = runsByMethod.get(baselineId);
  if (baseline === undefined) return;
  for (const row of rows) {
    if (!wanted(row.methodId) || row.status !== 'ok') continue;
    const runs = runsByMethod.get(row.methodId)!;
    const ratios: number[] = [];
    runs.forEach((run, i) => {
      const b = baseline[i];
      if (run.status === 'ok' && b?.status === 'ok') ratios.push(b.wallNs / b.calls / (run.wallNs / run.calls));
    });
    if (ratios.length > 0) row.ratioToBaseline = median(ratios);
  }
}

/**
 * `npm run bench -- --durable`: what durable appends cost, all scenarios in
 * one run so that every ratio pairs figures of the same repetition.
 *
 * 0. **The ceiling of group commit** for 16 appenders (bench/diskSync.ts):
 *    16 records per `pwrite` + `fdatasync`, one thread, nothing else.
 * 1. **16 durable appenders**: 4 processes × 4 appenders in flight each
 *    (and 1 process × 16),
 *    128 B records, each appender awaiting one durable append after another
 *    for a fixed time — mmlog framed `appendDurable` (group commit) against
 *    the naive way at the same concurrency (`FileHandle.write` to one shared
 *    `O_APPEND` file, then `FileHandle.datasync`). Records/s, latency of each
 *    durable append, fsyncs per record.
 * 2. **One writer** awaiting each durable append (mmlog and naive).
 * 3. **Interval durability**: one writer appending with the synchronous
 *    `append` as fast as it can with `durability: { intervalMs: 10 }` and
 *    `100` against none, and how far the durable watermark lags.
 * 4. **The disk itself** (bench/diskSync.ts): one `fdatasync` of one page
 *    (the yardstick of scenario 1's latencies), and `fdatasync` after 4 KiB
 *    writes into a 64 MiB file that was `fallocate`d, zero-filled, or
 *    zero-filled then zeroed with `FALLOC_FL_ZERO_RANGE`.
 *
 * Repetitions are the outer loop and the order of the variants rotates with
 * each, so drift hits every variant alike. Files live in a fresh directory
 * under `os.tmpdir()`, which must be disk-backed for any of this to mean
 * anything (the filesystem is printed, and a tmpfs refused).
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileWorker } from './build.js';
import {
  CEILING_FILES,
  groupCommitCeiling,
  onePageFdatasync,
  PREALLOC_VARIANTS,
  preallocatedFdatasync,
} from './diskSync.js';
import { type DurableResults, describeDurable, summarize } from './durableReport.js';
import {
  CEILING_APPENDERS,
  GROUP_VARIANTS,
  INTERVAL_VARIANTS,
  type Measured,
  RECORD,
  runGroup,
  runInterval,
  SINGLE_VARIANTS,
} from './durableRuns.js';
import { loadAverage, machineInfo } from './machine.js';
import { nodeMajor, writeJson } from './report/json.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const DURABLE_USAGE = `  --durable   only the durability benchmark (group commit; ~6 minutes): 16 durable appenders
              (4 processes × 4 in flight, and 1 × 16) with mmlog appendDurable against FileHandle.write +
              datasync on one O_APPEND file, the ceiling of any group commit of 16 on this disk (16 records
              per pwrite + fdatasync, one thread), one writer awaiting each appendDurable, interval durability
              (10 and 100 ms) against none, one-page fdatasync, and fdatasync into a fallocated,
              zero-filled or zero-ranged 64 MiB file; writes bench/results/durable-node<major>.json.
              Takes --reps N (default 5) and --quick (1 repetition, shorter runs: a smoke test)`;

/** Settings of one `--durable` run. */
export interface DurableConfig {
  reps: number;
  quick: boolean;
  /** Duration of each run of scenario 1 and of scenario 2, ms. */
  groupMs: number;
  singleMs: number;
  /** Appends of each interval run as fast as it can, and such runs of each variant per repetition; duration of each paced one, ms. */
  intervalCount: number;
  intervalRounds: number;
  pacedMs: number;
  /** `fdatasync`s of the one-page probe and of each preallocation variant, per repetition. */
  probeSyncs: number;
  preallocSyncs: number;
}

export function parseDurableArgs(argv: readonly string[]): DurableConfig {
  let reps: number | undefined;
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quick') quick = true;
    else if (argv[i] === '--reps') reps = Number(argv[++i]);
    else throw new Error(`--durable takes only --reps N and --quick, not ${argv[i]}\n${DURABLE_USAGE}`);
  }
  if (reps !== undefined && !(Number.isInteger(reps) && reps >= 1)) throw new Error('--reps takes a positive integer');
  return quick
    ? {
        reps: reps ?? 1,
        quick,
        groupMs: 1000,
        singleMs: 500,
        intervalCount: 500_000,
        intervalRounds: 1,
        pacedMs: 500,
        probeSyncs: 50,
        preallocSyncs: 100,
      }
    : {
        reps: reps ?? 5,
        quick,
        groupMs: 3000,
        singleMs: 2000,
        intervalCount: 1_000_000,
        intervalRounds: 3,
        pacedMs: 2000,
        probeSyncs: 200,
        preallocSyncs: 500,
      };
}

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** `variants` in the order of repetition `rep`: rotated, so that none always runs first. */
function rotated<T>(variants: readonly T[], rep: number): T[] {
  return variants.map((_, j) => variants[(j + rep) % variants.length]);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

async function measure(script: string, dir: string, device: string, config: DurableConfig): Promise<Measured> {
  const m: Measured = { onePage: [], ceiling: new Map(), group: new Map(), interval: new Map(), prealloc: new Map() };
  const ms = (ns: number): string => `${(ns / 1e6).toFixed(2)} ms`;
  for (let rep = 0; rep < config.reps; rep++) {
    log(`\nrepetition ${rep + 1} of ${config.reps} (load ${loadAverage()})`);
    const page = onePageFdatasync(dir, device, config.probeSyncs);
    m.onePage.push(page);
    log(`one-page fdatasync: p50 ${ms(page.p50)}, p99 ${ms(page.p99)}, ${page.kibPerSync.toFixed(0)} KiB per sync`);
    for (const file of rotated(CEILING_FILES, rep)) {
      const c = groupCommitCeiling(dir, device, file, CEILING_APPENDERS, RECORD, config.groupMs);
      push(m.ceiling, file, c);
      log(
        `group commit ceiling, ${CEILING_APPENDERS} records per fdatasync, ${file} file: ` +
          `${c.recordsPerSec.toFixed(0)} records/s, cycle p50 ${ms(c.p50)}, p99 ${ms(c.p99)}, ` +
          `CPU ${c.cpuUsPerRecord.toFixed(1)} µs/record`,
      );
    }
    for (const [variants, duration] of [
      [GROUP_VARIANTS, config.groupMs],
      [SINGLE_VARIANTS, config.singleMs],
    ] as const) {
      for (const v of rotated(variants, rep)) {
        const run = await runGroup(script, dir, device, v, duration);
        push(m.group, v.key, run);
        log(
          `${v.procs}×${v.inFlight} ${v.name}: ${run.recordsPerSec.toFixed(0)} records/s, ` +
            `p50 ${ms(run.latency.p50)}, p99 ${ms(run.latency.p99)}, ${run.syncsPerRecord.toFixed(3)} syncs/record, ` +
            `CPU ${run.cpuUsPerRecord.toFixed(1)} µs/record, ${run.switchesPerSync.toFixed(1)} switches/fsync` +
            (v.method === 'mmlog' ? `, sync ${run.meanSyncMs.toFixed(2)} ms, busy ${run.syncBusy.toFixed(2)}` : ''),
        );
      }
    }
    // Short runs of each variant in turn, several rounds: the load of this shared machine changes over seconds,
    // so a run and the no-durability run it is divided by must be close in time (one long run of each per
    // repetition gave ratios scattered several-fold on both sides of 1).
    const fast = INTERVAL_VARIANTS.filter((v) => v.ratePerSec === undefined);
    const rounds = Array.from({ length: config.intervalRounds }, (_, round) =>
      rotated(fast, rep * config.intervalRounds + round),
    );
    const paced = rotated(
      INTERVAL_VARIANTS.filter((v) => v.ratePerSec !== undefined),
      rep,
    );
    for (const v of [...rounds.flat(), ...paced]) {
      const count = v.ratePerSec === undefined ? config.intervalCount : (v.ratePerSec * config.pacedMs) / 1000;
      const run = await runInterval(script, dir, v, count);
      push(m.interval, v.key, run);
      log(
        `${v.name}: ${run.nsPerAppend.toFixed(0)} ns/append, lag p50 ${run.lagMsP50.toFixed(1)} ms, ` +
          `max ${run.lagMsMax.toFixed(1)} ms, close ${run.closeMs.toFixed(1)} ms, ${run.syncs} syncs`,
      );
    }
    for (const v of rotated(PREALLOC_VARIANTS, rep)) {
      const p = preallocatedFdatasync(dir, device, v, config.preallocSyncs);
      push(m.prealloc, v.key, p);
      log(
        `fdatasync after 4 KiB into a 64 MiB file, ${v.key}: p50 ${ms(p.p50)}, p99 ${ms(p.p99)}, ` +
          `${p.kibPerSync.toFixed(0)} KiB to the device per sync`,
      );
    }
  }
  return m;
}

export async function runDurable(argv: readonly string[]): Promise<void> {
  const config = parseDurableArgs(argv);
  const began = Date.now();
  const script = compileWorker('durableWorker');
  const dir = mkdtempSync(join(tmpdir(), 'mmlog-durable-'));
  process.on('SIGINT', () => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
  try {
    const machine = machineInfo(dir);
    log(`mmlog bench --durable: ${machine.cpus} × ${machine.cpuModel}, Linux ${machine.kernel}, Node ${machine.node}`);
    log(`directory ${dir} on ${machine.filesystem}; ${config.reps} repetition(s)${config.quick ? ', quick' : ''}`);
    // fdatasync on a memory filesystem returns at once: every figure would be meaningless.
    if (/^(tmpfs|ramfs)\b/.test(machine.filesystem)) throw new Error(`${dir} is on ${machine.filesystem}: not a disk`);
    const loads = [`start ${loadAverage()}`];
    const device = /\((\S+) on /.exec(machine.filesystem)?.[1] ?? '';
    const measured = await measure(script, dir, device, config);
    loads.push(`end ${loadAverage()}`);
    const args = argv.length > 0 ? ` ${argv.join(' ')}` : '';
    const results: DurableResults = {
      command: `npm run bench -- --durable${args}`,
      machine,
      config,
      loads,
      durationS: (Date.now() - began) / 1000,
      ...summarize(measured),
    };
    console.log(`\n${describeDurable(results)}`);
    const file = join(ROOT, `bench/results/durable-node${nodeMajor(machine.node)}.json`);
    writeJson(results, [file]);
    log(`\nwrote ${file}; total ${results.durationS.toFixed(1)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

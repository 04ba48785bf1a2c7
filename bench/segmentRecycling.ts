/**
 * Segment recycling (`retention: { recycle }`) against allocation:
 *
 * 1. Making one 64 MiB segment file: a new file allocated whole (`open` +
 *    `fallocate`; and the `unlink` of the retired file it replaces) against
 *    recycling a retired one that was written through (rename it away, lock,
 *    `FALLOC_FL_ZERO_RANGE`, `link` into place): the library's own
 *    `recycleInto`.
 * 2. Appends through rolls: a framed log of 64 MiB segments keeping 2 sealed
 *    ones, 1 KiB records, with and without recycling (records/s).
 *
 * Medians of several runs, both variants interleaved in the same run, so the
 * ratio is the figure to trust on a shared machine. `npm run bench:recycling`
 * (`RECYCLE_RUNS`, `RECYCLE_TOTAL_MIB` to change the runs and the bytes each
 * append run writes).
 */
import { closeSync, constants, mkdtempSync, openSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { open } from '../src/index.js';
import { native } from '../src/native/binding.js';
import { segmentPath } from '../src/storage/logPaths.js';
import { recycleFileName, recycleInto } from '../src/storage/segmentRecycling.js';
import { median } from './stats.js';

const MiB = 1024 * 1024;
const SEGMENT = 64 * MiB;
const RUNS = Number(process.env.RECYCLE_RUNS ?? 7);
const TOTAL = Number(process.env.RECYCLE_TOTAL_MIB ?? 512) * MiB;
const RECORD = Buffer.alloc(1024, 'x');

/** A segment-sized file written through (as a sealed segment is), under `path`. */
function writtenFile(path: string): void {
  const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o640);
  native.fallocate(fd, 0, 0, SEGMENT, path);
  const block = Buffer.alloc(4 * MiB, 0x5a);
  for (let at = 0; at < SEGMENT; at += block.length) writeSync(fd, block, 0, block.length, at);
  closeSync(fd);
}

function creationCosts(dir: string): { allocate: number[]; unlink: number[]; recycle: number[] } {
  const allocate: number[] = [];
  const unlink: number[] = [];
  const recycle: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Without recycling: the retired file is deleted and a new one allocated whole.
    const retired = join(dir, 'retired.log');
    writtenFile(retired);
    let t = performance.now();
    unlinkSync(retired);
    unlink.push(performance.now() - t);
    const fresh = segmentPath(dir, (2 * run + 1) * SEGMENT);
    t = performance.now();
    const fd = openSync(fresh, constants.O_RDWR | constants.O_CREAT, 0o640);
    native.fallocate(fd, 0, 0, SEGMENT, fresh);
    closeSync(fd);
    allocate.push(performance.now() - t);
    unlinkSync(fresh);
    // With recycling: the retired file is renamed into the pool, then taken, zeroed and linked in.
    const pooled = join(dir, recycleFileName(run * SEGMENT));
    writtenFile(retired);
    renameSync(retired, pooled);
    const target = segmentPath(dir, (2 * run + 2) * SEGMENT);
    t = performance.now();
    if (!recycleInto(dir, target, SEGMENT)) throw new Error('nothing was recycled');
    recycle.push(performance.now() - t);
    unlinkSync(target);
  }
  return { allocate, unlink, recycle };
}

/** Records per second appending TOTAL bytes of 1 KiB records through 64 MiB segments (2 sealed kept). */
function appendRate(dir: string, recycle: boolean, run: number): number {
  const path = join(dir, `log-${recycle}-${run}`);
  const log = open(path, {
    format: 'framed',
    segmentSize: SEGMENT,
    retention: recycle ? { maxSegments: 2, recycle: 2 } : { maxSegments: 2 },
  });
  // Warm: the first segments are allocated either way; measure once the pool has files.
  const warm = Math.ceil((4 * SEGMENT) / (RECORD.length + 8));
  for (let i = 0; i < warm; i++) log.append(RECORD);
  const count = Math.ceil(TOTAL / (RECORD.length + 8));
  const t = performance.now();
  for (let i = 0; i < count; i++) log.append(RECORD);
  const seconds = (performance.now() - t) / 1000;
  log.close();
  rmSync(path, { recursive: true, force: true });
  return count / seconds;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'mmlog-recycle-bench-'));
  try {
    console.log(`segment recycling, ${SEGMENT / MiB} MiB segments, ${RUNS} runs (medians), in ${dir}`);
    const costs = creationCosts(dir);
    const allocate = median(costs.allocate);
    const unlink = median(costs.unlink);
    const recycle = median(costs.recycle);
    console.log('\n| making one segment file | median ms | vs recycle |');
    console.log('|---|---:|---:|');
    console.log(`| allocate (open + fallocate) | ${allocate.toFixed(3)} | ${(allocate / recycle).toFixed(2)}× |`);
    console.log(`| delete retired (unlink) | ${unlink.toFixed(3)} | |`);
    console.log(
      `| delete + allocate | ${(unlink + allocate).toFixed(3)} | ${((unlink + allocate) / recycle).toFixed(2)}× |`,
    );
    console.log(`| recycle (rename, lock, zero range, link) | ${recycle.toFixed(3)} | 1× |`);

    const plain: number[] = [];
    const recycled: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Alternating which goes first: neither always inherits the other's writeback.
      if (run % 2 === 0) plain.push(appendRate(dir, false, run));
      recycled.push(appendRate(dir, true, run));
      if (run % 2 === 1) plain.push(appendRate(dir, false, run));
    }
    const k = (values: number[]) => values.map((v) => Math.round(v / 1000)).join(', ');
    console.log(`\nruns (thousand records/s): allocation ${k(plain)}; recycling ${k(recycled)}`);
    const p = median(plain);
    const r = median(recycled);
    console.log(`\n| appends through rolls (${TOTAL / MiB} MiB of 1 KiB records per run) | median records/s |`);
    console.log('|---|---:|');
    console.log(`| retention, segments deleted and allocated | ${Math.round(p).toLocaleString('en')} |`);
    console.log(`| retention + recycling | ${Math.round(r).toLocaleString('en')} |`);
    console.log(`| ratio recycling / allocation | ${(r / p).toFixed(3)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();

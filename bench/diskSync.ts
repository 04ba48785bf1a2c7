/**
 * What one `fdatasync` costs on the benchmark's filesystem, measured in the
 * benchmark process itself (plain synchronous system calls, nothing of
 * mmlog's but its `fallocate` binding):
 *
 * - **One page**: overwrite the one 4 KiB page of a file whose block is
 *   already written, then `fdatasync` it, many times. Nothing but that page
 *   goes to the disk (no block allocation, no size change), so this is the
 *   floor under any durable append on this disk: the yardstick the
 *   group-commit latencies are divided by.
 * - **Preallocation** (the deliverable 4: "preallocated, zero-filled
 *   segments so that fdatasync has no metadata to flush"): a 64 MiB file
 *   prepared one of three ways, then 4 KiB written at increasing offsets
 *   (as a log fills its pages) with an `fdatasync` after each:
 *   - `fallocate`d fresh (mode 0): how mmlog grows a single-file log and
 *     allocates a new segment. On ext4 and XFS the blocks are reserved as
 *     *unwritten* extents, so the first `fdatasync` of each page must also
 *     commit the extent's conversion to written (a journal commit);
 *   - zero-filled: written with zeros and synced beforehand, so the extents
 *     are already written and the `fdatasync` carries data only;
 *   - zero-filled, then zeroed again with `FALLOC_FL_ZERO_RANGE`: what
 *     mmlog's segment recycling does to a used segment before reusing it
 *     (`storage/segmentRecycling.ts`), which on ext4 turns the extents back
 *     into unwritten ones.
 *   Each preparation is written twice over: with `pwrite`, and with stores
 *   into a shared mapping of the file, as mmlog writes. The two differ where
 *   the page cache holds the file in large folios (a file written with
 *   `write(2)` on recent kernels): a store through the mapping dirties the
 *   whole folio, and the `fdatasync` writes all of it, where `pwrite` dirties
 *   only its blocks. The KiB the device was sent per `fdatasync` show it.
 *   Only the `fdatasync` is timed, not the write into the page cache.
 * - **The ceiling of group commit**: what no group commit of `n` appenders
 *   each awaiting one durable append at a time can beat on this disk. One
 *   thread writes `n` records at once (one `pwrite` of `n` × 128 B at the
 *   end of what it wrote) and `fdatasync`s them, over and over: every sync
 *   covers every appender, and nothing else happens between syncs (no
 *   process to wake, no event loop, no thread pool). A cycle is one durable
 *   append's latency at best. The file either grows with the writes (as a
 *   log with no preallocation) or was zero-filled and synced beforehand (the
 *   cheapest `fdatasync`s: no block to allocate, no extent to convert).
 * @module
 */
import { closeSync, fdatasyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { native } from '../src/native/binding.js';
import { createHistogram, type Percentiles, percentilesOf } from './histogram.js';

const PAGE = 4096;
const MiB = 1024 * 1024;
/** The size of the preallocated file: what bench:segments calls the default segment size. */
export const PREALLOCATED_BYTES = 64 * MiB;

/** How the 64 MiB file is prepared before the timed writes. */
export type Preparation = 'fallocated' | 'zero-filled' | 'zero-range';
/** How the timed writes reach the page cache: `pwrite`, or stores into a shared mapping (as mmlog writes). */
export type WriteVia = 'pwrite' | 'mmap';

export interface PreallocVariant {
  key: string;
  how: Preparation;
  via: WriteVia;
}

export const PREALLOC_VARIANTS: readonly PreallocVariant[] = (['pwrite', 'mmap'] as const).flatMap((via) =>
  (['fallocated', 'zero-filled', 'zero-range'] as const).map((how) => ({ key: `${how}, ${via}`, how, via })),
);

/** The `fdatasync` latencies of a probe, and the bytes the disk was sent per `fdatasync`. */
export interface SyncProbe extends Percentiles {
  /**
   * KiB written to the block device per `fdatasync` (its sectors-written
   * counter in /sys/class/block): data, journal and all, but device-wide, so
   * other processes' writes count too. NaN where the counter is unreadable.
   */
  kibPerSync: number;
}

/** The device's written bytes so far, from its sectors-written counter (NaN when unreadable). */
export function deviceWritten(device: string): number {
  try {
    const fields = readFileSync(`/sys/class/block/${basename(device)}/stat`, 'latin1')
      .trim()
      .split(/\s+/);
    return Number(fields[6]) * 512;
  } catch {
    return Number.NaN;
  }
}

/** Writes `bytes` of zeros to `fd` from offset 0 and syncs them. */
function fillWithZeros(fd: number, bytes: number): void {
  const zeros = Buffer.alloc(MiB);
  for (let at = 0; at < bytes; at += zeros.length) writeSync(fd, zeros, 0, Math.min(zeros.length, bytes - at), at);
  fdatasyncSync(fd);
}

/** `fdatasync` after each of `count` calls of `write(i)` on `fd`, timed alone. */
function timedSyncs(fd: number, device: string, count: number, write: (i: number) => void): SyncProbe {
  const histogram = createHistogram();
  const before = deviceWritten(device);
  for (let i = 0; i < count; i++) {
    write(i);
    const t0 = process.hrtime.bigint();
    fdatasyncSync(fd);
    histogram.recordValue(Math.max(1, Number(process.hrtime.bigint() - t0)));
  }
  return { ...percentilesOf(histogram), kibPerSync: (deviceWritten(device) - before) / 1024 / count };
}

const PAGE_OF_A = Buffer.alloc(PAGE, 0x61);

/** `count` overwrites of one already written page, each followed by an `fdatasync`. */
export function onePageFdatasync(dir: string, device: string, count: number): SyncProbe {
  const path = join(dir, 'one-page.probe');
  const fd = openSync(path, 'w+');
  try {
    fillWithZeros(fd, PAGE);
    return timedSyncs(fd, device, count, () => writeSync(fd, PAGE_OF_A, 0, PAGE, 0));
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
}

function prepare(fd: number, path: string, how: Preparation): void {
  if (how === 'fallocated') {
    native.fallocate(fd, 0, 0, PREALLOCATED_BYTES, path);
    // The allocation and the new size durable first: the timed syncs find only the extents' state to change.
    fdatasyncSync(fd);
    return;
  }
  fillWithZeros(fd, PREALLOCATED_BYTES);
  // As segmentFill 'zeros' does: out of the page cache, so that the mapping brings pages back one by one
  // rather than as the large folios write(2) left.
  if (how === 'zero-filled') native.dropCache(fd, path);
  if (how === 'zero-range') {
    const { FALLOC_FL_ZERO_RANGE, FALLOC_FL_KEEP_SIZE } = native.constants;
    native.fallocate(fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, 0, PREALLOCATED_BYTES, path);
    fdatasyncSync(fd);
  }
}

/** The 64 MiB file prepared as `v.how`, then `count` 4 KiB writes at increasing offsets, each `fdatasync`ed. */
export function preallocatedFdatasync(dir: string, device: string, v: PreallocVariant, count: number): SyncProbe {
  if (count * PAGE > PREALLOCATED_BYTES) throw new RangeError(`${count} pages do not fit in the preallocated file`);
  const path = join(dir, `${v.how}-${v.via}.probe`);
  const fd = openSync(path, 'w+');
  let mapping: SharedArrayBuffer | undefined;
  try {
    prepare(fd, path, v.how);
    if (v.via === 'pwrite') return timedSyncs(fd, device, count, (i) => writeSync(fd, PAGE_OF_A, 0, PAGE, i * PAGE));
    mapping = native.mmap(fd, 0, PREALLOCATED_BYTES, true, path);
    const bytes = new Uint8Array(mapping);
    return timedSyncs(fd, device, count, (i) => bytes.set(PAGE_OF_A, i * PAGE));
  } finally {
    if (mapping !== undefined) native.unmap(mapping);
    closeSync(fd);
    rmSync(path, { force: true });
  }
}

/** How the ceiling's file is prepared: grown by the writes themselves, or zero-filled (and synced) first. */
export type CeilingFile = 'growing' | 'zero-filled';

export const CEILING_FILES: readonly CeilingFile[] = ['growing', 'zero-filled'];

/** What the ceiling of group commit reached. */
export interface CeilingProbe extends Percentiles {
  recordsPerSec: number;
  kibPerSync: number;
  /** CPU time of this process over the probe ÷ records, µs. */
  cpuUsPerRecord: number;
}

/**
 * The ceiling of group commit (see the module description): `n` records of
 * `recordBytes` per `pwrite` + `fdatasync` cycle, for `durationMs`.
 * Percentiles are of the cycles.
 */
export function groupCommitCeiling(
  dir: string,
  device: string,
  file: CeilingFile,
  n: number,
  recordBytes: number,
  durationMs: number,
): CeilingProbe {
  const path = join(dir, `ceiling-${file}.probe`);
  const fd = openSync(path, 'w+');
  try {
    const batch = Buffer.alloc(n * recordBytes, 0x62);
    const capacity = PREALLOCATED_BYTES - (PREALLOCATED_BYTES % batch.length);
    if (file === 'zero-filled') fillWithZeros(fd, PREALLOCATED_BYTES);
    const histogram = createHistogram();
    const before = deviceWritten(device);
    let cycles = 0;
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const end = start + BigInt(durationMs) * 1_000_000n;
    for (let now = start; now < end; ) {
      // Past the prepared file, start over at its head: still written extents, still no growth.
      const at = file === 'growing' ? cycles * batch.length : (cycles * batch.length) % capacity;
      writeSync(fd, batch, 0, batch.length, at);
      fdatasyncSync(fd);
      const done = process.hrtime.bigint();
      histogram.recordValue(Math.max(1, Number(done - now)));
      now = done;
      cycles++;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpu);
    return {
      ...percentilesOf(histogram),
      recordsPerSec: (cycles * n) / seconds,
      kibPerSync: (deviceWritten(device) - before) / 1024 / cycles,
      cpuUsPerRecord: (used.user + used.system) / (cycles * n),
    };
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
}

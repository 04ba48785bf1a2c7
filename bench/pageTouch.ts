/**
 * `npm run bench:page-touch`: what this machine charges for the first store
 * into each page of a shared file mapping after `MADV_POPULATE_WRITE` has
 * already mapped it, with huge pages and with small pages. On bare metal or
 * a hardware-virtualised guest that first store is an ordinary memory write.
 * A guest whose hypervisor keeps shadow page tables instead pays a fault in
 * the hypervisor for every 4 KiB page it touches first, which the guest's
 * own fault counters never see: that cost falls on every writer that maps
 * the log with small pages (a writer that syncs), and on every fresh
 * process's own memory. Prints, per page: the populate, the first touch,
 * and the guest's minor faults during the touch.
 *
 * Then what fresh memory costs: the populate of huge pages right after an
 * equal file was deleted, and again after a pause. A guest that reports its
 * free memory to the hypervisor (`page_reporting`, a balloon device) hands
 * back free blocks of 2 MiB and more a little while after they are freed;
 * its next touch of each page of such a block faults in the host. Huge-page
 * folios are allocated from exactly those blocks, so a log's first write
 * into each 2 MiB pays that unless the memory was freed a moment before —
 * which a benchmark that deletes its scratch files right before the timed
 * run (the warm-up) gets, and a fresh process on an idle machine does not.
 * @module
 */
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { native, PAGE_SIZE } from '../src/native/binding.js';
import { sleepMs } from '../src/util/sleep.js';
import { freePageReporting } from './machine.js';
import { median } from './stats.js';

const MiB = 1024 * 1024;
const BYTES = 256 * MiB;
const REPS = 5;
/** Longer than the kernel's delay before it reports freed memory (2 s upstream), with room to spare. */
const PAUSE_MS = 5000;

interface Touch {
  populateNs: number;
  touchNs: number;
  faults: number;
}

function measure(dir: string, huge: boolean): Touch {
  const path = join(dir, `touch-${huge ? 'huge' : 'small'}`);
  const fd = openSync(path, 'w+');
  try {
    native.fallocate(fd, 0, 0, BYTES, path);
    const sab = native.mmap(fd, 0, BYTES, true, path);
    try {
      const { MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_POPULATE_WRITE } = native.constants;
      native.madvise(sab, 0, BYTES, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE, path);
      const t0 = process.hrtime.bigint();
      native.madvise(sab, 0, BYTES, MADV_POPULATE_WRITE, path);
      const t1 = process.hrtime.bigint();
      const bytes = new Uint8Array(sab);
      const before = process.resourceUsage().minorPageFault;
      const t2 = process.hrtime.bigint();
      for (let at = 0; at < BYTES; at += PAGE_SIZE) bytes[at] = 1;
      const t3 = process.hrtime.bigint();
      const pages = BYTES / PAGE_SIZE;
      return {
        populateNs: Number(t1 - t0) / pages,
        touchNs: Number(t3 - t2) / pages,
        faults: (process.resourceUsage().minorPageFault - before) / pages,
      };
    } finally {
      native.unmap(sab);
    }
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
}

const dir = mkdtempSync(join(tmpdir(), 'mmlog-page-touch-'));
try {
  console.log(
    `Node ${process.version}, ${BYTES / MiB} MiB file in ${dir}, ${REPS} repetitions (medians), per 4 KiB page:`,
  );
  for (const huge of [true, false]) {
    const runs = Array.from({ length: REPS }, () => measure(dir, huge));
    const m = (f: (t: Touch) => number) => median(runs.map(f));
    console.log(
      `${huge ? 'huge pages ' : 'small pages'}: populate ${m((t) => t.populateNs).toFixed(0)} ns, ` +
        `first store after it ${m((t) => t.touchNs).toFixed(0)} ns, ` +
        `guest minor faults during the stores ${m((t) => t.faults).toFixed(3)}`,
    );
  }
  console.log(`\nFresh memory (free page reporting: ${freePageReporting()}), huge pages, populate per 4 KiB page:`);
  const moment: number[] = [];
  const paused: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    measure(dir, true);
    moment.push(measure(dir, true).populateNs);
    sleepMs(PAUSE_MS);
    paused.push(measure(dir, true).populateNs);
  }
  const range = (values: number[]) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
  console.log(`memory freed a moment before: ${median(moment).toFixed(0)} ns (${range(moment)})`);
  console.log(`memory free for ${PAUSE_MS / 1000} s: ${median(paused).toFixed(0)} ns (${range(paused)})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * How the page cache holds a file: the sizes of the folios its pages are
 * in, read from `/proc/self/pagemap` and `/proc/kpageflags` through a
 * read-only mapping of this process. Needs root (pagemap shows page frame
 * numbers only to CAP_SYS_ADMIN).
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { native, PAGE_SIZE } from '../../src/native/binding.js';

const KPF_COMPOUND_HEAD = 15n;
const KPF_COMPOUND_TAIL = 16n;
const PRESENT = 1n << 63n;
const PFN_MASK = (1n << 55n) - 1n;

/** Why folio sizes cannot be read here, or undefined when they can. */
export function folioProbeUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'reading page frame numbers needs root';
  try {
    closeSync(openSync('/proc/kpageflags', constants.O_RDONLY));
  } catch {
    return 'no /proc/kpageflags';
  }
  return undefined;
}

function readWord(fd: number, index: bigint): bigint {
  const word = Buffer.alloc(8);
  readSync(fd, word, 0, 8, Number(index * 8n));
  return word.readBigUInt64LE(0);
}

/** Start address of this process's mapping of `file` (the first one listed). */
function mappingStart(file: string): bigint {
  for (const line of readFileSync('/proc/self/maps', 'latin1').split('\n')) {
    if (line.endsWith(` ${file}`)) return BigInt(`0x${line.slice(0, line.indexOf('-'))}`);
  }
  throw new Error(`no mapping of ${file}`);
}

/**
 * The share of the pages of `file` (of its first `upTo` bytes) that lie in
 * folios of at least `minPages` pages. Read while the file is cached: a page not cached is
 * read in (in whatever folios readahead makes).
 */
export function shareInLargeFolios(file: string, minPages: number, upTo = Number.POSITIVE_INFINITY): number {
  const fd = openSync(file, constants.O_RDONLY);
  const pages = Math.floor(Math.min(fstatSync(fd).size, upTo) / PAGE_SIZE);
  if (pages === 0) {
    closeSync(fd);
    return 0;
  }
  const sab = native.mmap(fd, 0, pages * PAGE_SIZE, false, file);
  const pagemap = openSync('/proc/self/pagemap', constants.O_RDONLY);
  const flags = openSync('/proc/kpageflags', constants.O_RDONLY);
  try {
    // Map every page: a cached page is mapped as the page cache holds it.
    native.madvise(sab, 0, pages * PAGE_SIZE, native.constants.MADV_POPULATE_READ);
    const first = mappingStart(file) / BigInt(PAGE_SIZE);
    const runs: number[] = [];
    let run = 0;
    for (let i = 0; i < pages; i++) {
      const entry = readWord(pagemap, first + BigInt(i));
      if ((entry & PRESENT) === 0n) {
        if (run > 0) runs.push(run);
        run = 0;
        continue;
      }
      const pageFlags = readWord(flags, entry & PFN_MASK);
      if ((pageFlags >> KPF_COMPOUND_TAIL) & 1n && run > 0) {
        run++;
        continue;
      }
      if (run > 0) runs.push(run);
      run = (pageFlags >> KPF_COMPOUND_HEAD) & 1n ? 1 : 0;
      if (run === 0) runs.push(1);
    }
    if (run > 0) runs.push(run);
    const cached = runs.reduce((n, r) => n + r, 0);
    const inLarge = runs.filter((r) => r >= minPages).reduce((n, r) => n + r, 0);
    return cached > 0 ? inLarge / cached : 0;
  } finally {
    native.unmap(sab);
    closeSync(flags);
    closeSync(pagemap);
    closeSync(fd);
  }
}

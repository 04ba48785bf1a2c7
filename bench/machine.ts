/**
 * The machine a run happened on, for the report: numbers without it are
 * not comparable with anything.
 * @module
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release, totalmem } from 'node:os';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  kernel: string;
  node: string;
  /** `process.versions.v8` (absent in results from before it was recorded). */
  v8?: string;
  memoryGiB: number;
  /** Filesystem type and device of the benchmark directory, from /proc/mounts. */
  filesystem: string;
  /**
   * The guest's free page reporting, when the kernel has it (a VM whose
   * balloon device takes back free memory): see {@link freePageReporting}.
   * Absent in results from before it was recorded.
   */
  freePageReporting?: string;
  benchDir: string;
  date: string;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** The mount holding `dir`: the longest mount point that prefixes it. */
function filesystemOf(dir: string): string {
  let best = { point: '', text: 'unknown' };
  for (const line of readOr('/proc/mounts', '').split('\n')) {
    const [device, point, type] = line.split(' ');
    if (point === undefined) continue;
    const inside = dir === point || dir.startsWith(point.endsWith('/') ? point : `${point}/`);
    if (inside && point.length >= best.point.length) best = { point, text: `${type} (${device} on ${point})` };
  }
  return best.text;
}

const REPORTING = '/sys/module/page_reporting/parameters';

/**
 * "order 9, after 0 ms free" when this kernel reports free memory to its
 * hypervisor, "none" otherwise. A reported block is handed back to the host,
 * and the guest's next first touch of each of its pages faults in the host:
 * huge-page folios, which come from such blocks, then cost far more to
 * populate than memory freed a moment ago (`npm run bench:page-touch`).
 */
export function freePageReporting(): string {
  const order = readOr(`${REPORTING}/page_reporting_order`, '').trim();
  if (order === '') return 'none';
  const delay = readOr(`${REPORTING}/min_free_ms`, '').trim();
  return `order ${order}${delay === '' ? '' : `, after ${delay} ms free`}`;
}

export function machineInfo(benchDir: string): MachineInfo {
  const model = /^model name\s*:\s*(.+)$/m.exec(readOr('/proc/cpuinfo', ''));
  return {
    cpus: availableParallelism(),
    cpuModel: model?.[1].trim() ?? 'unknown',
    kernel: release(),
    node: process.version,
    v8: process.versions.v8,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    filesystem: filesystemOf(benchDir),
    freePageReporting: freePageReporting(),
    benchDir,
    date: new Date().toISOString(),
  };
}

/** The 1, 5 and 15-minute load averages, "2.56, 2.04, 2.04": how busy the shared machine was. */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}

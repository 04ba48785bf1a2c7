/**
 * The markdown table of one workload, in the seed's layout with latency,
 * memory and the comparison with `fs.writeSync` added.
 * @module
 */
import type { Row } from '../stats.js';
import { duration, num, ratio } from './format.js';

const HEADER = [
  'Category',
  'Total Time (ms)',
  'Time per Call (ns)',
  'min–max of reps (ns)',
  'MB/s',
  'p50',
  'p99',
  'p99.9',
  'peak RSS',
  'throughput × fs.writeSync',
];

function cells(row: Row): string[] {
  if (row.status !== 'ok') {
    const verdict = row.status === 'failed' ? `FAILED: ${row.reason}` : `not supported here: ${row.reason}`;
    return [row.method, verdict, ...HEADER.slice(2).map(() => '')];
  }
  return [
    row.method,
    num(row.totalMs, row.totalMs < 100 ? 1 : 0),
    num(row.nsPerCall),
    row.reps > 1 ? `${num(row.nsPerCallMin)}–${num(row.nsPerCallMax)}` : '',
    num(row.mbPerSec, 1),
    duration(row.p50Ns),
    duration(row.p99Ns),
    duration(row.p999Ns),
    `${num(row.peakRssMiB)} MiB`,
    ratio(row.ratioToBaseline),
  ];
}

/** A markdown table, columns padded so it also reads well in a terminal. */
export function markdownTable(rows: readonly Row[]): string {
  const lines = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  const render = (cols: string[]): string => `| ${cols.map((text, c) => text.padEnd(widths[c])).join(' | ')} |`;
  return [
    render(HEADER),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map((r) => render(cells(r))),
  ].join('\n');
}

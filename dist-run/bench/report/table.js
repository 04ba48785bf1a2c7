/**
 * The markdown tables of one workload: warm workloads in the seed's layout
 * with latency, memory and the comparison with `fs.writeSync` added; cold
 * workloads with the time per append of a fresh process instead of latency
 * (they have no latency pass).
 * @module
 */
import { COLD_FIRST, COLD_MARKS } from '../config.js';
import { BASELINE_ID } from '../methods/index.js';
import { duration, num, ratio } from './format.js';
const RATIO_HEADER = 'throughput × fs.writeSync';
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
    RATIO_HEADER,
];
/** A padded markdown table, readable in a terminal too. */
export function table(header, rows) {
    const lines = [header, ...rows];
    const widths = header.map((_, c) => Math.max(...lines.map((l) => l[c].length)));
    const render = (cols) => `| ${cols.map((text, c) => text.padEnd(widths[c])).join(' | ')} |`;
    return [render(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(render)].join('\n');
}
/** The ratio cell: "baseline" in the baseline's own row. */
function ratioCell(row) {
    return row.methodId === BASELINE_ID ? 'baseline' : ratio(row.ratioToBaseline);
}
function verdict(row, columns) {
    const text = row.status === 'failed' ? `FAILED: ${row.reason}` : `not supported here: ${row.reason}`;
    return [row.method, text, ...new Array(columns - 2).fill('')];
}
/** The throughput cells every table starts with. */
function throughputCells(row) {
    return [
        row.method,
        num(row.totalMs, row.totalMs < 100 ? 1 : 0),
        num(row.nsPerCall),
        row.reps > 1 ? `${num(row.nsPerCallMin)}–${num(row.nsPerCallMax)}` : '',
        num(row.mbPerSec, 1),
    ];
}
/** A warm workload's table. */
export function markdownTable(rows) {
    const cells = (row) => row.status !== 'ok'
        ? verdict(row, HEADER.length)
        : [
            ...throughputCells(row),
            duration(row.p50Ns),
            duration(row.p99Ns),
            duration(row.p999Ns),
            `${num(row.peakRssMiB)} MiB`,
            ratioCell(row),
        ];
    return table(HEADER, rows.map(cells));
}
/** The last of the first appends the cold rows report apart (10,000 in a full run, 1,000 in a quick one). */
export function firstSplit(rows) {
    return rows.find((r) => r.firstAppends !== undefined)?.firstAppends?.first.to;
}
/** "1–10,000", "10,001–100,000". */
export function stretchLabel(from, to) {
    return `${num(from)}–${num(to)}`;
}
/** A stretch's ns per append with its ratio, "412 ns (3.10×)"; its ratio is left out for the baseline. */
function stretchCell(s) {
    if (s === undefined)
        return '–';
    return s.ratioToBaseline === undefined
        ? duration(s.nsPerAppend)
        : `${duration(s.nsPerAppend)} (${ratio(s.ratioToBaseline)})`;
}
/**
 * A cold workload's table: throughput of the whole loop as in the warm
 * tables, then each fresh writer's time per append over its appends
 * 1–10,000 (1–1,000 in quick mode) and over the rest, with the median
 * per-repetition ratio to `fs.writeSync` over the same appends in parentheses.
 */
export function coldTable(rows, count) {
    const split = firstSplit(rows) ?? Math.min(COLD_FIRST, count);
    const header = [
        'Category',
        'Total Time (ms)',
        'Time per Call (ns)',
        'min–max of reps (ns)',
        'MB/s',
        'peak RSS',
        RATIO_HEADER,
        `appends ${stretchLabel(1, split)}, per writer (× fs.writeSync)`,
        split < count ? `appends ${stretchLabel(split + 1, count)}, per writer (× fs.writeSync)` : 'after them',
    ];
    const cells = (row) => row.status !== 'ok'
        ? verdict(row, header.length)
        : [
            ...throughputCells(row),
            `${num(row.peakRssMiB)} MiB`,
            ratioCell(row),
            stretchCell(row.firstAppends?.first),
            stretchCell(row.firstAppends?.rest),
        ];
    return table(header, rows.map(cells));
}
/**
 * One table for every cold workload: each fresh writer's time per append
 * along its calls (1–100, 101–1,000, 1,001–10,000, the rest).
 */
export function stretchesTable(workloads) {
    const bounds = COLD_MARKS;
    const starts = [1, ...bounds.map((b) => b + 1)];
    const header = [
        'Workload',
        'Category',
        ...bounds.map((to, i) => `appends ${stretchLabel(starts[i], to)}`),
        `appends ${num(starts[bounds.length])}–end`,
    ];
    const lines = [];
    for (const w of workloads) {
        for (const row of w.rows) {
            if (row.status !== 'ok' || row.firstAppends === undefined)
                continue;
            const steps = row.firstAppends.steps;
            const at = (from) => steps.find((s) => s.from === from);
            lines.push([w.title, row.method, ...starts.map((from) => stretchCell(at(from)))]);
        }
    }
    return table(header, lines);
}
//# sourceMappingURL=table.js.map
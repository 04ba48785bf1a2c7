/**
 * The chart: ns per call of every method, one panel per workload,
 * horizontal bars on a logarithmic axis (the methods span three orders of
 * magnitude). Plain SVG text, no dependency.
 * @module
 */
import { isMmlogRow } from '../methods/index.js';
import { duration } from './format.js';
import type { BenchResults } from './json.js';

const WIDTH = 980;
const LABEL_X = 250;
const PLOT_LEFT = 262;
const PLOT_RIGHT = WIDTH - 90;
const ROW_HEIGHT = 18;
const BAR_HEIGHT = 12;
const PANEL_HEAD = 26;
const PANEL_FOOT = 30;

/** A power of ten of nanoseconds as an axis label: "10 ns", "1 µs", "100 µs". */
function tickLabel(ns: number): string {
  if (ns < 1e3) return `${ns} ns`;
  if (ns < 1e6) return `${ns / 1e3} µs`;
  if (ns < 1e9) return `${ns / 1e6} ms`;
  return `${ns / 1e9} s`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Renders the chart for `results`. */
export function renderSvg(results: BenchResults): string {
  const values = results.workloads.flatMap((w) => w.rows.filter((r) => r.status === 'ok').map((r) => r.nsPerCall));
  const lo = 10 ** Math.floor(Math.log10(Math.max(1, Math.min(...values, 1e9))));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values, lo * 10)));
  const x = (v: number): number =>
    PLOT_LEFT + ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (PLOT_RIGHT - PLOT_LEFT);
  const ticks: number[] = [];
  for (let t = lo; t <= hi; t *= 10) ticks.push(t);

  const out: string[] = [];
  let y = 56;
  for (const workload of results.workloads) {
    const top = y;
    out.push(`<text x="12" y="${y + 16}" class="panel">${escapeXml(workload.title)}</text>`);
    y += PANEL_HEAD;
    const plotTop = y;
    const plotBottom = y + workload.rows.length * ROW_HEIGHT;
    // Grid first, so that bars and values are drawn over it.
    for (const t of ticks) {
      const tx = x(t).toFixed(1);
      out.push(`<line x1="${tx}" y1="${plotTop}" x2="${tx}" y2="${plotBottom}" class="grid"/>`);
      out.push(`<text x="${tx}" y="${plotBottom + 14}" class="tick" text-anchor="middle">${tickLabel(t)}</text>`);
    }
    for (const row of workload.rows) {
      const mid = y + ROW_HEIGHT / 2;
      out.push(`<text x="${LABEL_X}" y="${mid + 4}" class="label" text-anchor="end">${escapeXml(row.method)}</text>`);
      if (row.status === 'ok') {
        const end = x(Math.max(row.nsPerCall, lo));
        const cls = isMmlogRow(row.methodId) ? 'bar mmlog' : 'bar';
        const w = (end - PLOT_LEFT).toFixed(1);
        out.push(
          `<rect x="${PLOT_LEFT}" y="${mid - BAR_HEIGHT / 2}" width="${w}" height="${BAR_HEIGHT}" class="${cls}"/>`,
        );
        out.push(`<text x="${(end + 4).toFixed(1)}" y="${mid + 4}" class="value">${duration(row.nsPerCall)}</text>`);
      } else {
        const text = row.status === 'failed' ? 'FAILED' : 'not supported here';
        out.push(`<text x="${PLOT_LEFT + 4}" y="${mid + 4}" class="missing">${text}</text>`);
      }
      y += ROW_HEIGHT;
    }
    y += PANEL_FOOT;
    out.push(`<line x1="8" y1="${top}" x2="${WIDTH - 8}" y2="${top}" class="sep"/>`);
  }

  const m = results.machine;
  const subtitle = `median of ${results.reps} run(s) · ${m.cpus} × ${m.cpuModel} · Linux ${m.kernel} · Node ${m.node} · ${m.filesystem.split(' ')[0]}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="Helvetica, Arial, sans-serif">`,
    '<style>',
    '.title{font-size:16px;font-weight:bold;fill:#222}.sub{font-size:11px;fill:#555}',
    '.panel{font-size:13px;font-weight:bold;fill:#222}.label{font-size:11px;fill:#333}',
    '.value{font-size:10px;fill:#333}.tick{font-size:10px;fill:#666}.missing{font-size:10px;fill:#a00;font-style:italic}',
    '.bar{fill:#7a93c6}.mmlog{fill:#e8590c}.grid{stroke:#ddd;stroke-width:1}.sep{stroke:#bbb;stroke-width:1}',
    '</style>',
    `<rect width="${WIDTH}" height="${y}" fill="#fff"/>`,
    '<text x="12" y="22" class="title">Time per append call (wall time ÷ total calls; lower is better; log scale)</text>',
    `<text x="12" y="40" class="sub">${escapeXml(subtitle)}</text>`,
    `<rect x="${WIDTH - 190}" y="30" width="12" height="10" class="bar mmlog"/>`,
    `<text x="${WIDTH - 174}" y="39" class="label">mmlog</text>`,
    `<rect x="${WIDTH - 120}" y="30" width="12" height="10" class="bar"/>`,
    `<text x="${WIDTH - 104}" y="39" class="label">others</text>`,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}

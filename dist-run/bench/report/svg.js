/**
 * The chart: ns per call of every method, one panel per workload (warm,
 * then cold), one bar per Node version in each method's row, horizontal on a
 * logarithmic axis (the methods span three orders of magnitude). Plain SVG
 * text, no dependency.
 * @module
 */
import { isMmlogRow } from '../methods/index.js';
import { duration } from './format.js';
import { nodeMajors } from './json.js';
const WIDTH = 980;
const LABEL_X = 250;
const PLOT_LEFT = 262;
const PLOT_RIGHT = WIDTH - 120;
/** Height of one Node version's bar slot within a method's row. */
const SLOT_HEIGHT = 13;
const BAR_HEIGHT = 10;
const ROW_GAP = 6;
const PANEL_HEAD = 26;
const PANEL_FOOT = 30;
/** Bar opacity by a version's rank (newest first): the newest is drawn solid. */
const SHADES = [1, 0.62, 0.4, 0.25];
/** A power of ten of nanoseconds as an axis label: "10 ns", "1 µs", "100 µs". */
function tickLabel(ns) {
    if (ns < 1e3)
        return `${ns} ns`;
    if (ns < 1e6)
        return `${ns / 1e3} µs`;
    if (ns < 1e9)
        return `${ns / 1e6} ms`;
    return `${ns / 1e9} s`;
}
function escapeXml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** Panels of every workload any version ran: warm ones first, then cold ones. */
function panelsOf(docs, majors) {
    const panels = [];
    for (const major of majors) {
        for (const w of docs.nodes[major].workloads) {
            let panel = panels.find((p) => p.key === w.key);
            if (panel === undefined) {
                panel = { key: w.key, title: w.title, cold: w.cold === true, methods: [] };
                panels.push(panel);
            }
            for (const r of w.rows)
                if (!panel.methods.some((m) => m.id === r.methodId))
                    panel.methods.push({ id: r.methodId, name: r.method });
        }
    }
    return panels.sort((a, b) => Number(a.cold) - Number(b.cold));
}
/** Renders the chart for every Node version of `docs`. */
export function renderSvg(docs) {
    const majors = nodeMajors(docs).filter((major) => docs.nodes[major].workloads.length > 0);
    const rowOf = (major, key, id) => docs.nodes[major].workloads.find((w) => w.key === key)?.rows.find((r) => r.methodId === id);
    const values = majors.flatMap((major) => docs.nodes[major].workloads.flatMap((w) => w.rows.filter((r) => r.status === 'ok').map((r) => r.nsPerCall)));
    const lo = 10 ** Math.floor(Math.log10(Math.max(1, Math.min(...values, 1e9))));
    const hi = 10 ** Math.ceil(Math.log10(Math.max(...values, lo * 10)));
    const x = (v) => PLOT_LEFT + ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (PLOT_RIGHT - PLOT_LEFT);
    const ticks = [];
    for (let t = lo; t <= hi; t *= 10)
        ticks.push(t);
    const rowHeight = majors.length * SLOT_HEIGHT + ROW_GAP;
    const out = [];
    // Below the title, the machine line and one line per run.
    let y = 58 + 16 * majors.length;
    for (const panel of panelsOf(docs, majors)) {
        const top = y;
        const title = panel.cold ? `${panel.title} (fresh processes, no warm-up, Uint8Array records)` : panel.title;
        out.push(`<text x="12" y="${y + 16}" class="panel">${escapeXml(title)}</text>`);
        y += PANEL_HEAD;
        const plotTop = y;
        const plotBottom = y + panel.methods.length * rowHeight;
        // Grid first, so that bars and values are drawn over it.
        for (const t of ticks) {
            const tx = x(t).toFixed(1);
            out.push(`<line x1="${tx}" y1="${plotTop}" x2="${tx}" y2="${plotBottom}" class="grid"/>`);
            out.push(`<text x="${tx}" y="${plotBottom + 14}" class="tick" text-anchor="middle">${tickLabel(t)}</text>`);
        }
        for (const method of panel.methods) {
            const mid = y + (majors.length * SLOT_HEIGHT) / 2;
            out.push(`<text x="${LABEL_X}" y="${mid + 4}" class="label" text-anchor="end">${escapeXml(method.name)}</text>`);
            majors.forEach((major, rank) => {
                const row = rowOf(major, panel.key, method.id);
                const slotMid = y + rank * SLOT_HEIGHT + SLOT_HEIGHT / 2;
                const tag = majors.length > 1 ? `Node ${major}: ` : '';
                if (row === undefined)
                    return;
                if (row.status === 'ok') {
                    const end = x(Math.max(row.nsPerCall, lo));
                    const cls = isMmlogRow(row.methodId) ? 'bar mmlog' : 'bar';
                    const w = (end - PLOT_LEFT).toFixed(1);
                    const shade = SHADES[Math.min(rank, SHADES.length - 1)];
                    out.push(`<rect x="${PLOT_LEFT}" y="${slotMid - BAR_HEIGHT / 2}" width="${w}" height="${BAR_HEIGHT}" class="${cls}" fill-opacity="${shade}"/>`);
                    out.push(`<text x="${(end + 4).toFixed(1)}" y="${slotMid + 3.5}" class="value">${tag}${duration(row.nsPerCall)}</text>`);
                }
                else {
                    const text = row.status === 'failed' ? 'FAILED' : 'not supported here';
                    out.push(`<text x="${PLOT_LEFT + 4}" y="${slotMid + 3.5}" class="missing">${tag}${text}</text>`);
                }
            });
            y += rowHeight;
        }
        y += PANEL_FOOT;
        out.push(`<line x1="8" y1="${top}" x2="${WIDTH - 8}" y2="${top}" class="sep"/>`);
    }
    const runs = majors.map((major, rank) => {
        const r = docs.nodes[major];
        const shade = majors.length > 1 ? ` (bar opacity ${SHADES[Math.min(rank, SHADES.length - 1)]})` : '';
        const text = `Node ${r.machine.node} (V8 ${r.machine.v8 ?? 'not recorded'}), run of ${r.machine.date.slice(0, 10)}, median of ${r.reps} repetition(s)${shade}`;
        return `<text x="12" y="${56 + 16 * rank}" class="sub">${escapeXml(text)}</text>`;
    });
    const newest = majors.length > 0 ? docs.nodes[majors[0]].machine : undefined;
    const machine = newest === undefined
        ? ''
        : `${newest.cpus} × ${newest.cpuModel} · Linux ${newest.kernel} · ${newest.filesystem.split(' ')[0]}`;
    const order = majors.length > 1 ? ' · one bar per Node version in each row, newest first' : '';
    return [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="Helvetica, Arial, sans-serif">`,
        '<style>',
        '.title{font-size:16px;font-weight:bold;fill:#222}.sub{font-size:11px;fill:#555}',
        '.panel{font-size:13px;font-weight:bold;fill:#222}.label{font-size:11px;fill:#333}',
        '.value{font-size:9px;fill:#333}.tick{font-size:10px;fill:#666}.missing{font-size:9px;fill:#a00;font-style:italic}',
        '.bar{fill:#7a93c6}.mmlog{fill:#e8590c}.grid{stroke:#ddd;stroke-width:1}.sep{stroke:#bbb;stroke-width:1}',
        '</style>',
        `<rect width="${WIDTH}" height="${y}" fill="#fff"/>`,
        '<text x="12" y="22" class="title">Time per append call (wall time ÷ total calls; lower is better; log scale)</text>',
        `<text x="12" y="40" class="sub">${escapeXml(`${machine}${order}`)}</text>`,
        ...runs,
        `<rect x="${WIDTH - 190}" y="30" width="12" height="10" class="bar mmlog"/>`,
        `<text x="${WIDTH - 174}" y="39" class="label">mmlog</text>`,
        `<rect x="${WIDTH - 120}" y="30" width="12" height="10" class="bar"/>`,
        `<text x="${WIDTH - 104}" y="39" class="label">others</text>`,
        ...out,
        '</svg>',
        '',
    ].join('\n');
}
//# sourceMappingURL=svg.js.map
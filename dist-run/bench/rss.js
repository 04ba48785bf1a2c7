/**
 * The memory target: "peak RSS of a writer after 4 GiB appended ≤ Node's
 * baseline + 64 MiB". One process appends 4 GiB of 4 KiB records to a raw
 * mmlog log; a baseline process, started the same way, only allocates the
 * same record and loops over it. Both report their peak RSS (VmHWM).
 * @module
 */
import { fork } from 'node:child_process';
import { rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWorkers } from './build.js';
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const GiB = 2 ** 30;
export const RSS_TOTAL_BYTES = 4 * GiB;
export const RSS_RECORD_BYTES = 4096;
const TARGET_MIB = 64;
function runWorker(mode, path) {
    return new Promise((resolve, reject) => {
        const child = fork(buildWorkers().rssWorker, [mode, path, String(RSS_TOTAL_BYTES), String(RSS_RECORD_BYTES)], {
            cwd: REPO_ROOT,
            execArgv: [],
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        let report;
        child.on('message', (m) => (report = m));
        child.on('error', reject);
        child.on('exit', (code) => code === 0 && report !== undefined ? resolve(report) : reject(new Error(`${mode} worker exited with ${code}`)));
    });
}
/** Runs the scenario in `dir` (skipped when the disk has less than 6 GiB free). */
export async function runRssScenario(dir) {
    const fs = statfsSync(dir);
    const free = fs.bavail * fs.bsize;
    if (free < 6 * GiB) {
        return { status: 'skipped', reason: `${(free / GiB).toFixed(1)} GiB free in ${dir}; the scenario needs 6 GiB` };
    }
    const path = join(dir, 'rss.log');
    try {
        const baseline = await runWorker('baseline', path);
        const mmlog = await runWorker('mmlog', path);
        if (mmlog.fileBytes !== RSS_TOTAL_BYTES) {
            return { status: 'failed', reason: `the file holds ${mmlog.fileBytes} bytes, not ${RSS_TOTAL_BYTES}` };
        }
        const overheadMiB = (mmlog.peakRssKiB - baseline.peakRssKiB) / 1024;
        return {
            status: 'ok',
            totalBytes: RSS_TOTAL_BYTES,
            recordBytes: RSS_RECORD_BYTES,
            mmlog,
            baseline,
            overheadMiB,
            targetMiB: TARGET_MIB,
            pass: overheadMiB <= TARGET_MIB,
        };
    }
    catch (error) {
        return { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
    }
    finally {
        rmSync(path, { force: true });
        rmSync(`${path}.ctl`, { force: true });
    }
}
/** One paragraph for the terminal and the docs. */
export function describeRss(result) {
    if (result.status !== 'ok')
        return `RSS scenario ${result.status}: ${result.reason}`;
    const { mmlog, baseline } = result;
    const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;
    const samples = mmlog.samples.map((s) => `${(s.appendedBytes / GiB).toFixed(2)} GiB: ${mib(s.rssKiB)}`).join(', ');
    return [
        `One process appended ${(result.totalBytes / GiB).toFixed(0)} GiB as ${result.recordBytes}-byte records to a raw mmlog log`,
        `in ${(mmlog.elapsedMs / 1000).toFixed(1)} s (${(result.totalBytes / 1e6 / (mmlog.elapsedMs / 1000)).toFixed(0)} MB/s).`,
        `Peak RSS ${mib(mmlog.peakRssKiB)} vs ${mib(baseline.peakRssKiB)} for the baseline process:`,
        `+${result.overheadMiB.toFixed(1)} MiB (target ≤ +${result.targetMiB} MiB: ${result.pass ? 'PASS' : 'FAIL'}).`,
        `Current RSS along the way: ${samples}.`,
    ].join(' ');
}
//# sourceMappingURL=rss.js.map
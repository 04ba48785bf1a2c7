/**
 * Fuzzing the control file: targeted mutations of every field (docs/format.md)
 * and random ones, each case run through every entry point in a child process
 * (see test/children/controlFuzzRunner.ts): no crash, no hang, no error but an
 * MmlogError, no data file byte changed by a call that reports an error, and
 * the data file never grown past a bound.
 *
 * `npm test` runs a deterministic sample (every field, a few values each, and
 * some random cases) in well under a minute; `npm run fuzz` runs every
 * targeted case and 1,500 random ones per format from a random seed
 * (MMLOG_FUZZ_SEED=n replays one, MMLOG_FUZZ_CASE=i only its case i;
 * MMLOG_FUZZ_RANDOM=n sets how many).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { open } from '../src/index.js';
import { childScript } from './helpers/children.js';
import { randomCases, targetedCases } from './helpers/controlFuzz.js';
import { tempDir } from './helpers/files.js';
import { readControl } from './helpers/logFile.js';
import { prng } from './helpers/records.js';
const LONG = process.env.MMLOG_FUZZ === 'long';
const SEED = Number(process.env.MMLOG_FUZZ_SEED ?? (LONG ? Date.now() % 2 ** 31 : 20_261_201));
const RANDOM_PER_FORMAT = Number(process.env.MMLOG_FUZZ_RANDOM ?? (LONG ? 1500 : 200));
/** In the short run, one targeted case in this many (all fields are still covered: the values vary fastest). */
const TARGETED_STRIDE = LONG ? 1 : 2;
const BATCH = LONG ? 250 : 120;
/** Children at once (the machine may have 2 cores). */
const PARALLEL = 2;
/** A child that reports no progress for this long is hung. */
const HANG_MS = 30_000;
const SETTINGS = { slots: 4, maxRecordSize: 1024, chunkSize: 64 * 1024 };
function deadPid() {
    return spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;
}
function makeTemplate(dir, format, pid) {
    mkdirSync(dir);
    const path = join(dir, 'log');
    const log = open(path, { format, ...SETTINGS });
    const next = prng(format === 'raw' ? 1 : 2);
    for (let i = 0; i < 200; i++)
        log.append(`${format} record ${i} ${'x'.repeat(Math.floor(next() * 200))}\n`);
    log.close();
    const { cursor, dataStart } = readControl(path);
    const maxFrame = format === 'framed' ? (SETTINGS.maxRecordSize + 15) & ~7 : SETTINGS.maxRecordSize;
    return {
        format,
        cursor,
        dataStart,
        slotCount: SETTINGS.slots,
        maxFrame,
        chunkSize: SETTINGS.chunkSize,
        deadPid: pid,
    };
}
/** Runs one batch in a child; rejects with the case it was running if it crashed or hung. */
function runBatch(batch, file) {
    writeFileSync(file, JSON.stringify(batch));
    return new Promise((resolve, reject) => {
        // Under `ulimit -f`: should a case ever make a writer allocate without bound, the
        // allocation fails (SIGXFSZ, reported as a crash) instead of filling the disk.
        const limitKiB = Math.ceil((batch.templates.framed.size + batch.templates.raw.size + 2 * batch.growthBound) / 1024);
        const child = spawn('bash', ['-c', `ulimit -f ${limitKiB} && exec "$0" "$@"`, process.execPath, childScript('controlFuzzRunner'), file], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
        let current;
        let result;
        let stderr = '';
        let hung = false;
        let watchdog = setTimeout(() => { }, 0);
        const arm = () => {
            clearTimeout(watchdog);
            watchdog = setTimeout(() => {
                hung = true;
                child.kill('SIGKILL');
            }, HANG_MS);
        };
        arm();
        child.stderr?.on('data', (d) => {
            stderr += d.toString();
        });
        child.on('message', (m) => {
            arm();
            if (m.started !== undefined)
                current = batch.cases.find((c) => c.id === m.started);
            if (m.done)
                result = { violations: m.violations, outcomes: m.outcomes };
        });
        child.on('exit', (code, signal) => {
            clearTimeout(watchdog);
            if (result !== undefined && code === 0)
                return resolve(result);
            const what = hung ? `hung for ${HANG_MS} ms` : `exited with ${signal ?? code}`;
            reject(new Error(`fuzz child ${what} in case ${JSON.stringify(current)} (seed ${SEED})\n${stderr}`));
        });
    });
}
test(`control file fuzz: targeted and random mutations of every field — no crash, no hang, only MmlogError, nothing changed on error, bounded growth (seed ${SEED})`, async () => {
    const { dir, cleanup } = tempDir('mmlog-fuzz-');
    try {
        const pid = deadPid();
        const templates = {
            raw: makeTemplate(join(dir, 'raw'), 'raw', pid),
            framed: makeTemplate(join(dir, 'framed'), 'framed', pid),
        };
        const controlSize = 4096 + 64 * SETTINGS.slots;
        let cases = [];
        for (const t of Object.values(templates)) {
            const targeted = targetedCases(t, cases.length).filter((_, i) => i % TARGETED_STRIDE === 0);
            cases.push(...targeted);
            cases.push(...randomCases(t, cases.length, RANDOM_PER_FORMAT, SEED + t.cursor, controlSize));
        }
        cases = cases.map((c, id) => ({ ...c, id }));
        if (process.env.MMLOG_FUZZ_CASE !== undefined)
            cases = [cases[Number(process.env.MMLOG_FUZZ_CASE)]];
        // Growth allowed: what writers may have claimed without allocating, plus the chunks kept ahead.
        const growthBound = SETTINGS.slots * templates.framed.maxFrame + 4 * SETTINGS.chunkSize;
        const batches = [];
        for (let i = 0; i < cases.length; i += BATCH) {
            batches.push({
                templates: {
                    raw: { dir: join(dir, 'raw'), size: templates.raw.cursor },
                    framed: { dir: join(dir, 'framed'), size: templates.framed.cursor },
                },
                growthBound,
                workDir: join(dir, 'work'),
                cases: cases.slice(i, i + BATCH),
            });
        }
        const results = [];
        let nextBatch = 0;
        const worker = async (w) => {
            while (nextBatch < batches.length) {
                const index = nextBatch++;
                results.push(await runBatch(batches[index], join(dir, `batch-${w}.json`)));
            }
        };
        await Promise.all(Array.from({ length: PARALLEL }, (_, w) => worker(w)));
        const violations = results.flatMap((r) => r.violations);
        const outcomes = {};
        for (const r of results)
            for (const [k, n] of Object.entries(r.outcomes))
                outcomes[k] = (outcomes[k] ?? 0) + n;
        assert.deepEqual(violations.slice(0, 20), [], `${violations.length} violations in ${cases.length} cases`);
        // The fuzzing reached past the header checks: some cases were refused, and some opened and appended.
        assert.ok((outcomes['open + append: ok'] ?? 0) > cases.length / 10, JSON.stringify(outcomes));
        assert.ok((outcomes['open + append: ERR_MMLOG_CORRUPT'] ?? 0) > cases.length / 10, JSON.stringify(outcomes));
        if (LONG)
            console.log(`${cases.length} cases, seed ${SEED}:`, outcomes);
    }
    finally {
        cleanup();
    }
});
//# sourceMappingURL=controlFuzz.test.js.map
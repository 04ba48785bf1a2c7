/**
 * One run: fork the writers, hold them at the start barrier, release them
 * together, collect their timings, histograms and peak RSS, then verify the
 * file and delete it.
 * @module
 */
import { fork } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWorkers } from './build.js';
import { COLD_MARKS } from './config.js';
import { mergeHistograms, percentilesOf } from './histogram.js';
import { verifyOutput } from './verify.js';
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Lead time between the parent's "go" and the common start instant: room for the IPC to every writer. */
const START_LEAD_NS = 30000000n;
/** A run that takes longer than this is stuck (e.g. a writer waiting forever). */
const RUN_TIMEOUT_MS = 300_000;
/** A forked writer and the messages it has sent. */
class Writer {
    index;
    child;
    queue = [];
    waiter;
    exited;
    stderr = '';
    constructor(index) {
        this.index = index;
        this.child = fork(buildWorkers().worker, [], {
            cwd: REPO_ROOT,
            execArgv: [],
            serialization: 'advanced',
            stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
        });
        this.child.stderr.on('data', (chunk) => (this.stderr += chunk.toString()));
        this.child.on('message', (m) => {
            this.queue.push(m);
            this.waiter?.();
        });
        this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
        this.exited.then(() => this.waiter?.());
    }
    send(message) {
        this.child.send(message);
    }
    /** The next message; a writer that exits or reports failure first makes this throw. */
    async next() {
        for (;;) {
            const m = this.queue.shift();
            if (m !== undefined) {
                if (m.type === 'failed')
                    throw new Error(`writer ${this.index}: ${m.error}`);
                return m;
            }
            if (this.child.exitCode !== null || this.child.signalCode !== null) {
                throw new Error(`writer ${this.index} exited (${this.child.exitCode ?? this.child.signalCode}): ${this.stderr}`);
            }
            await new Promise((resolve) => (this.waiter = resolve));
        }
    }
    async expect(type) {
        const m = await this.next();
        if (m.type !== type)
            throw new Error(`writer ${this.index}: expected '${type}', got '${m.type}'`);
        return m;
    }
}
/** The smallest (`sign` −1) or largest (`sign` 1) of some BigInts (Math.min/max take no BigInt). */
function extreme(values, sign) {
    let best = values[0];
    for (const v of values)
        if ((sign === 1 && v > best) || (sign === -1 && v < best))
            best = v;
    return best;
}
function withTimeout(promise, ms) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`run did not finish in ${ms / 1000} s`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
/**
 * One stretch `from`–`to` (calls counted from 1) of every writer, from each
 * writer's clock readings keyed by the calls done when read (0: its start).
 */
function segment(readings, from, to) {
    let ns = 0;
    for (const r of readings)
        ns += Number(r.get(to) - r.get(from - 1));
    return { from, to, nsPerAppend: ns / (readings.length * (to - from + 1)) };
}
/** The cold-run segments from each writer's start, mark readings and end. */
function coldSegments(count, first, marks, timings) {
    const readings = timings.map((t) => {
        const r = new Map([
            [0, t.start],
            [count, t.end],
        ]);
        marks.forEach((m, i) => {
            r.set(m, t.marks[i]);
        });
        return r;
    });
    const bounds = [0, ...marks, count];
    const steps = bounds.slice(1).map((to, i) => segment(readings, bounds[i] + 1, to));
    const split = Math.min(first, count);
    return {
        steps,
        first: segment(readings, 1, split),
        rest: split < count ? segment(readings, split + 1, count) : undefined,
    };
}
/** Runs `method` on `workload` once in `dir`, verifies the output and removes it. */
export async function runOnce(workload, method, dir, options) {
    const path = join(dir, `${method.id}-${workload.size}.log`);
    const writers = [];
    try {
        const forkedAt = process.hrtime.bigint();
        for (let i = 0; i < workload.procs; i++)
            writers.push(new Writer(i));
        return await withTimeout(drive(workload, method, dir, path, writers, forkedAt, options), RUN_TIMEOUT_MS);
    }
    catch (error) {
        return { status: 'failed', reason: error instanceof Error ? error.message.split('\n')[0] : String(error) };
    }
    finally {
        for (const w of writers)
            if (w.child.exitCode === null && w.child.signalCode === null)
                w.child.kill('SIGKILL');
        await Promise.all(writers.map((w) => w.exited));
        for (const name of readdirSync(dir))
            rmSync(join(dir, name), { recursive: true, force: true });
    }
}
async function drive(workload, method, dir, path, writers, forkedAt, options) {
    // The split between the first appends and the rest is a mark too (it is one of COLD_MARKS as configured).
    const cuts = [...new Set([...COLD_MARKS, options.coldFirst])].sort((a, b) => a - b);
    const marks = options.cold ? cuts.filter((m) => m < workload.count) : [];
    writers.forEach((w, worker) => {
        w.send({
            type: 'setup',
            method: method.id,
            path,
            dir,
            size: workload.size,
            count: workload.count,
            worker,
            warmupMs: options.cold ? 0 : options.warmupMs,
            marks,
            latencyPass: !options.cold,
        });
    });
    const facts = [];
    for (const w of writers) {
        const m = await w.next();
        if (m.type === 'unsupported')
            return { status: 'unsupported', reason: m.reason };
        if (m.type !== 'ready')
            throw new Error(`writer ${w.index}: expected 'ready', got '${m.type}'`);
        // The shared-clock check: the worker's reading lies between fork and now.
        const now = process.hrtime.bigint();
        if (m.at < forkedAt || m.at > now)
            throw new Error('process.hrtime is not one clock across processes here');
        facts.push({ worker: w.index, recordBytes: m.recordBytes, facts: m.facts });
    }
    const go = (phase) => {
        const at = process.hrtime.bigint() + START_LEAD_NS;
        for (const w of writers)
            w.send({ type: 'go', phase, at });
    };
    go('throughput');
    const timings = await Promise.all(writers.map((w) => w.expect('throughput')));
    let latencies = [];
    if (!options.cold) {
        go('latency');
        latencies = await Promise.all(writers.map((w) => w.expect('latency')));
    }
    const done = await Promise.all(writers.map((w) => w.expect('done')));
    const codes = await Promise.all(writers.map((w) => w.exited));
    if (codes.some((c) => c !== 0))
        throw new Error(`writer exit codes ${codes.join(',')}`);
    const perWriter = options.cold ? workload.count : 2 * workload.count;
    const problem = verifyOutput(method.verify, path, workload, facts, perWriter);
    if (problem !== undefined)
        return { status: 'failed', reason: `verification: ${problem}` };
    const first = extreme(timings.map((t) => t.start), -1);
    const last = extreme(timings.map((t) => t.end), 1);
    const spread = extreme(timings.map((t) => t.start), 1) - first;
    let latency;
    if (latencies.length > 0) {
        const histogram = mergeHistograms(latencies.map((l) => l.histogram));
        latency = {
            percentiles: percentilesOf(histogram),
            count: histogram.totalCount,
            timerFloorNs: Math.min(...latencies.map((l) => l.timerFloorNs)),
            minorFaults: latencies.reduce((sum, l) => sum + l.minorFaults, 0),
            preemptions: latencies.reduce((sum, l) => sum + l.involuntarySwitches, 0),
        };
    }
    return {
        status: 'ok',
        wallNs: Number(last - first),
        calls: workload.procs * workload.count,
        bytes: facts.reduce((sum, f) => sum + f.recordBytes * workload.count, 0),
        latency,
        segments: options.cold ? coldSegments(workload.count, options.coldFirst, marks, timings) : undefined,
        peakRssKiB: Math.max(...done.map((d) => d.peakRssKiB)),
        startSpreadNs: Number(spread),
        late: timings.some((t) => t.late),
    };
}
//# sourceMappingURL=runner.js.map
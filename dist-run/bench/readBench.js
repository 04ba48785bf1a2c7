/**
 * Reading and verification (`npm run bench -- --read`): how fast a log is
 * read back with `read()` and checked with `verify()` (every CRC32C checked),
 * and how fast CRC32C itself is, natively and in the JavaScript reference.
 *
 * The measuring runs in a child process compiled to plain JavaScript with
 * esbuild, as the writers do (bench/build.ts): no tsx loader, and a fresh heap
 * rather than the one the write benchmarks leave behind. (In-process under tsx,
 * reading 128 B records measured 5–15 % slower.)
 *
 * The logs are written by that process first, flushed to disk, then read
 * once untimed: every timed pass reads from the page cache ("hot"). No
 * attempt is made to drop the cache (that needs root and measures the disk).
 * @module
 */
import { fork } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, fsyncSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { open, read, stat, verify } from '../src/index.js';
import { frameSize } from '../src/layout/frame.js';
import { crc32c, crc32cImplementation, crc32cJs } from '../src/native/crc32c.js';
import { duration, num } from './report/format.js';
import { median } from './stats.js';
const MiB = 1024 * 1024;
function now() {
    return process.hrtime.bigint();
}
function elapsedNs(since) {
    return Number(process.hrtime.bigint() - since);
}
// ---------------------------------------------------------------- CRC32C
const CRC_SAMPLES = 5;
const BULK_BYTES = 64 * MiB;
const BULK_PASSES = 4;
const JS_BYTES = 16 * MiB;
/** Median ns per call of `calls` calls of `crc32c` over `bytes` bytes of `buffer`, chained. */
function crcPerCall(name, buffer, bytes, calls) {
    let sink = 0;
    const sample = () => {
        const t0 = now();
        let c = sink;
        // On a SharedArrayBuffer, the call readers make; on a Buffer, the same call on a view.
        for (let i = 0; i < calls; i++)
            c = crc32c(buffer, 0, bytes, c);
        const ns = elapsedNs(t0);
        sink = c;
        return ns / calls;
    };
    sample(); // warm-up (and JIT)
    const runs = Array.from({ length: CRC_SAMPLES }, sample);
    const nsPerCall = median(runs);
    return { case: name, bytes, calls, nsPerCall, gbPerSec: bytes / nsPerCall, runsNsPerCall: runs };
}
function measureCrc(log) {
    const implementation = crc32cImplementation();
    log(`CRC32C: native implementation "${implementation}"`);
    const big = Buffer.allocUnsafe(BULK_BYTES);
    randomFillSync(big);
    // The reference must agree with the native code before either is timed.
    const jsBuffer = big.subarray(0, JS_BYTES);
    if (crc32cJs(0, jsBuffer) !== crc32c(jsBuffer, 0, JS_BYTES, 0)) {
        throw new Error('crc32cJs and the native crc32c disagree over the same bytes');
    }
    const bulk = crcPerCall(`native, ${BULK_BYTES / MiB} MiB buffer (${BULK_PASSES} passes per sample)`, big, BULK_BYTES, BULK_PASSES);
    const small = (bytes) => big.subarray(0, bytes);
    // Readers pass the SharedArrayBuffer of their mapping, so its call cost is measured too.
    const shared = new SharedArrayBuffer(4096);
    new Uint8Array(shared).set(big.subarray(0, 4096));
    const native = [
        bulk,
        crcPerCall('native, 4 KiB Buffer', small(4096), 4096, 200_000),
        crcPerCall('native, 128 B Buffer', small(128), 128, 1_000_000),
        crcPerCall('native, 128 B of a SharedArrayBuffer (as readers call it)', shared, 128, 1_000_000),
    ];
    for (const row of native)
        log(`  ${row.case}: ${duration(row.nsPerCall)} per call, ${row.gbPerSec.toFixed(2)} GB/s`);
    let sink = 0;
    const jsSample = () => {
        const t0 = now();
        sink ^= crc32cJs(sink, jsBuffer);
        return elapsedNs(t0);
    };
    jsSample();
    const jsRuns = Array.from({ length: CRC_SAMPLES }, jsSample);
    const jsNs = median(jsRuns);
    const js = {
        case: `crc32cJs (JavaScript reference), ${JS_BYTES / MiB} MiB buffer`,
        bytes: JS_BYTES,
        calls: 1,
        nsPerCall: jsNs,
        gbPerSec: JS_BYTES / jsNs,
        runsNsPerCall: jsRuns,
    };
    log(`  ${js.case}: ${((js.gbPerSec * 1e9) / 1e6).toFixed(0)} MB/s`);
    return { implementation, samples: CRC_SAMPLES, native, js };
}
/** Writes dirty pages out and waits, so that write-back does not run during the timed passes. */
function flushToDisk(path) {
    const fd = openSync(path, 'r+');
    try {
        fsyncSync(fd);
    }
    finally {
        closeSync(fd);
    }
}
/** A framed record: letters and a newline; record `i` has `i` (u32 LE) written over its first 4 bytes. */
function framedTemplate(size) {
    const record = Buffer.alloc(size, 'x');
    record[size - 1] = 0x0a;
    return record;
}
/** A raw log is lines of `size` bytes ("r…r\n"): the content at any position is known. */
function rawPattern(size, length) {
    const line = Buffer.alloc(size, 'r');
    line[size - 1] = 0x0a;
    const pattern = Buffer.allocUnsafe(length);
    for (let at = 0; at < length; at += size)
        line.copy(pattern, at, 0, Math.min(size, length - at));
    return pattern;
}
/** The logs read: framed at 128 B and 4 KiB, and a raw log (read in byte ranges). */
const LOGS = [
    ['framed', 128],
    ['framed', 4096],
    ['raw', 4096],
];
function logPath(dir, format, recordBytes) {
    return join(dir, `read-${format}-${recordBytes}.log`);
}
function buildLog(dir, format, recordBytes, targetBytes) {
    const name = `${format}, ${recordBytes === 4096 ? '4 KiB' : `${recordBytes} B`} ${format === 'raw' ? 'lines' : 'records'}`;
    const path = logPath(dir, format, recordBytes);
    const records = Math.floor(targetBytes / (format === 'framed' ? frameSize(recordBytes) : recordBytes));
    const record = format === 'framed' ? framedTemplate(recordBytes) : rawPattern(recordBytes, recordBytes);
    const writer = open(path, { format });
    try {
        for (let i = 0; i < records; i++) {
            if (format === 'framed')
                record.writeUInt32LE(i, 0);
            writer.append(record);
        }
    }
    finally {
        writer.close();
    }
    flushToDisk(path);
    const logBytes = stat(path).cursor;
    return { name, path, format, recordBytes, records, payloadBytes: records * recordBytes, logBytes };
}
function fail(log, what) {
    throw new Error(`read benchmark, ${log.name}: ${what}`);
}
/** The untimed first pass: reads every record and checks every byte; also brings the log into the page cache. */
function checkContents(log) {
    if (log.format === 'framed') {
        const expected = framedTemplate(log.recordBytes);
        let n = 0;
        for (const r of read(log.path, { readOnly: true })) {
            expected.writeUInt32LE(n, 0);
            if (!expected.equals(Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength))) {
                fail(log, `record ${n} (at ${r.pos}) is not the record written`);
            }
            n++;
        }
        if (n !== log.records)
            fail(log, `read() returned ${n} records, ${log.records} were written`);
    }
    else {
        const pattern = rawPattern(log.recordBytes, 2 * MiB);
        let bytes = 0;
        for (const r of read(log.path, { readOnly: true })) {
            if (r.pos !== bytes)
                fail(log, `a range starts at ${r.pos}, expected ${bytes}`);
            const at = r.pos % log.recordBytes;
            const want = pattern.subarray(at, at + r.data.byteLength);
            if (want.length !== r.data.byteLength || !want.equals(r.data))
                fail(log, `bytes differ in [${r.pos}, +${r.data.byteLength})`);
            bytes += r.data.byteLength;
        }
        if (bytes !== log.payloadBytes)
            fail(log, `read() returned ${bytes} bytes, ${log.payloadBytes} were written`);
    }
}
/** One timed `read()` pass consuming every record; returns [ns, items]. */
function timeRead(log) {
    let items = 0;
    let bytes = 0;
    const t0 = now();
    for (const r of read(log.path, { readOnly: true })) {
        items++;
        bytes += r.data.length;
    }
    const ns = elapsedNs(t0);
    if (bytes !== log.payloadBytes)
        fail(log, `read() returned ${bytes} payload bytes, ${log.payloadBytes} were written`);
    if (log.format === 'framed' && items !== log.records) {
        fail(log, `read() returned ${items} records, ${log.records} were written`);
    }
    return [ns, items];
}
/** One timed `verify()` pass; returns [ns, records]. */
function timeVerify(log) {
    const t0 = now();
    const report = verify(log.path);
    const ns = elapsedNs(t0);
    const problems = [
        report.ok ? '' : `not ok (${report.corrupt.length} corrupt ranges)`,
        report.records === log.records ? '' : `${report.records} records, ${log.records} were written`,
        report.payloadBytes === log.payloadBytes ? '' : `${report.payloadBytes} payload bytes, ${log.payloadBytes} written`,
        report.deadClaims === 0 ? '' : `${report.deadClaims} dead claims`,
        report.end === report.cursor && report.cursor === log.logBytes ? '' : `stopped at ${report.end} of ${log.logBytes}`,
    ].filter((p) => p !== '');
    if (problems.length > 0)
        fail(log, `verify(): ${problems.join('; ')}`);
    return [ns, report.records];
}
function row(log, operation, runsNs, items) {
    const ns = median(runsNs);
    const perRecord = log.format === 'framed';
    return {
        log: log.name,
        operation,
        format: log.format,
        recordBytes: log.recordBytes,
        records: log.records,
        items,
        logBytes: log.logBytes,
        ms: ns / 1e6,
        msMin: Math.min(...runsNs) / 1e6,
        msMax: Math.max(...runsNs) / 1e6,
        mbPerSec: log.logBytes / 1e6 / (ns / 1e9),
        recordsPerSec: perRecord ? log.records / (ns / 1e9) : Number.NaN,
        nsPerRecord: perRecord ? ns / log.records : Number.NaN,
        runsMs: runsNs.map((n) => n / 1e6),
    };
}
/**
 * The measurement, in the compiled child: CRC32C, then a framed log of 128 B
 * records, one of 4 KiB records and a raw log, each ~512 MiB (~64 MiB quick),
 * each read (and verified) `reps` times, interleaved. Its files in `dir` are
 * removed afterwards.
 */
function measureAll(dir, options, log) {
    const began = Date.now();
    const crc = measureCrc(log);
    const targetLogBytes = (options.quick ? 64 : 512) * MiB;
    const logs = [];
    try {
        for (const [format, size] of LOGS) {
            const t0 = now();
            const built = buildLog(dir, format, size, targetLogBytes);
            logs.push(built);
            log(`built ${built.name}: ${num(built.records)} records, ${(built.logBytes / MiB).toFixed(0)} MiB in ${(elapsedNs(t0) / 1e9).toFixed(1)} s`);
            checkContents(built);
            if (format === 'framed')
                timeVerify(built); // warm-up of verify's path
        }
        const runs = logs.map(() => ({ read: [], verify: [], readItems: 0, verifyItems: 0 }));
        for (let rep = 0; rep < options.reps; rep++) {
            logs.forEach((built, i) => {
                const [readNs, readItems] = timeRead(built);
                runs[i].read.push(readNs);
                runs[i].readItems = readItems;
                let line = `rep ${rep + 1} ${built.name}: read() ${(readNs / 1e6).toFixed(0)} ms`;
                if (built.format === 'framed') {
                    const [verifyNs, verifyItems] = timeVerify(built);
                    runs[i].verify.push(verifyNs);
                    runs[i].verifyItems = verifyItems;
                    line += `, verify() ${(verifyNs / 1e6).toFixed(0)} ms`;
                }
                log(line);
            });
        }
        const rows = logs.flatMap((built, i) => {
            const r = runs[i];
            const out = [row(built, 'read()', r.read, r.readItems)];
            if (built.format === 'framed')
                out.push(row(built, 'verify()', r.verify, r.verifyItems));
            return out;
        });
        return {
            mode: options.quick ? 'quick' : 'full',
            command: options.command,
            machine: options.machine,
            date: new Date().toISOString(),
            durationS: (Date.now() - began) / 1000,
            reps: options.reps,
            targetLogBytes,
            pageCache: 'hot',
            crc,
            rows,
        };
    }
    finally {
        for (const [format, size] of LOGS) {
            const path = logPath(dir, format, size);
            rmSync(path, { force: true });
            rmSync(`${path}.ctl`, { force: true });
        }
    }
}
// ---------------------------------------------------------------- processes
/** Set (to the JSON of the job) only in the environment of the measuring child. */
const CHILD_ENV = 'MMLOG_READ_BENCH_JOB';
/** Bundles this file into node_modules/.cache (from where the addon and packages resolve as from src/). */
async function buildChild() {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const outDir = `${root}node_modules/.cache/mmlog-bench-read`;
    const { compileForNode } = await import('./build.js');
    compileForNode([`${root}bench/readBench.ts`], outDir);
    return `${outDir}/readBench.mjs`;
}
/**
 * Runs the section in a compiled child process, its files in `dir` (removed
 * afterwards); its progress goes to stderr. Rejects when a check fails.
 */
export async function runReadBench(dir, options) {
    const entry = await buildChild();
    const job = { ...options, dir };
    return new Promise((resolve, reject) => {
        const child = fork(entry, [], {
            execArgv: [],
            env: { ...process.env, [CHILD_ENV]: JSON.stringify(job) },
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
            serialization: 'advanced',
        });
        let result;
        child.on('message', (message) => (result = message));
        child.on('error', reject);
        child.on('exit', (code, signal) => {
            if (code === 0 && result !== undefined)
                resolve(result);
            else
                reject(new Error(`the read benchmark process exited with ${signal ?? code}`));
        });
    });
}
function childMain(job) {
    const result = measureAll(job.dir, job, (text) => process.stderr.write(`${text}\n`));
    process.send(result, () => process.disconnect());
}
const childJob = process.env[CHILD_ENV];
if (childJob !== undefined && process.send !== undefined) {
    try {
        childMain(JSON.parse(childJob));
    }
    catch (error) {
        console.error(error);
        process.exit(1);
    }
}
// ---------------------------------------------------------------- report
/** A markdown table with padded columns, readable in a terminal too. */
function table(header, rows) {
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    const line = (cols) => `| ${cols.map((t, c) => t.padEnd(widths[c])).join(' | ')} |`;
    return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
function throughput(gbPerSec) {
    return gbPerSec >= 1 ? `${gbPerSec.toFixed(2)} GB/s` : `${num(gbPerSec * 1000)} MB/s`;
}
/** The CRC32C table. */
export function crcTable(crc) {
    const rows = [...crc.native, crc.js].map((r) => [
        r.case,
        r.bytes >= MiB ? `${r.bytes / MiB} MiB` : r.bytes >= 1024 ? `${r.bytes / 1024} KiB` : `${r.bytes} B`,
        duration(r.nsPerCall),
        throughput(r.gbPerSec),
    ]);
    return table(['CRC32C', 'Bytes per call', 'Time per call', 'Throughput'], rows);
}
/** The read/verify table. */
export function readTable(rows) {
    return table(['Log', 'Operation', 'Log size', 'Records', 'Time (ms)', 'min–max (ms)', 'MB/s', 'Records/s', 'ns per record'], rows.map((r) => [
        r.log,
        r.operation,
        `${(r.logBytes / MiB).toFixed(0)} MiB`,
        r.format === 'raw' ? `${num(r.items)} ranges` : num(r.records),
        num(r.ms, r.ms < 100 ? 1 : 0),
        r.runsMs.length > 1 ? `${num(r.msMin, 0)}–${num(r.msMax, 0)}` : '',
        num(r.mbPerSec, 0),
        Number.isFinite(r.recordsPerSec) ? `${num(r.recordsPerSec / 1e6, 2)} M` : '–',
        num(r.nsPerRecord, 0),
    ]));
}
/** Tables and a one-line summary, for the terminal and docs/benchmarks.md. */
export function describeReadBench(result) {
    const small = result.rows.filter((r) => r.format === 'framed' && r.recordBytes === 128);
    const perRecord = small.map((r) => `${r.operation} ${num(r.nsPerRecord)} ns`).join(', ');
    const bulk = result.crc.native[0];
    return [
        `CRC32C: native implementation \`${result.crc.implementation}\`, ${throughput(bulk.gbPerSec)} over a large buffer; median of ${result.crc.samples} samples.`,
        '',
        crcTable(result.crc),
        '',
        `Reading, page-cache-hot (${result.mode} mode: logs of ~${result.targetLogBytes / MiB} MiB, median of ${result.reps} passes each, after one untimed pass).`,
        `MB/s counts log bytes (headers and alignment included). Per 128 B record: ${perRecord}.`,
        '',
        readTable(result.rows),
    ].join('\n');
}
//# sourceMappingURL=readBench.js.map
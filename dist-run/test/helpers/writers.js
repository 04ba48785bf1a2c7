/**
 * Runs many writers (child processes and worker threads) against one log,
 * all released at once from a start barrier, and checks what they wrote.
 */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { childScript } from './children.js';
import { readControl, walkFramed } from './logFile.js';
import { recordBytes, recordSizes, textRecord } from './records.js';
function startProcess(spec) {
    const child = fork(childScript('appender'), [JSON.stringify(spec)], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let markReady;
    const ready = new Promise((r) => {
        markReady = r;
    });
    const done = new Promise((resolve, reject) => {
        child.on('message', (m) => {
            if (m.ready)
                markReady();
        });
        child.on('exit', (code, signal) => code === 0 ? resolve() : reject(new Error(`writer ${spec.writer} exited with ${code ?? signal}`)));
    });
    return { send: (m) => child.send(m), done, ready };
}
function startThread(spec) {
    const worker = new Worker(childScript('appender'), { workerData: spec });
    let markReady;
    const ready = new Promise((r) => {
        markReady = r;
    });
    const done = new Promise((resolve, reject) => {
        worker.on('message', (m) => {
            if (m.ready)
                markReady();
        });
        worker.on('error', reject);
        worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`thread ${spec.writer} exited ${code}`))));
    });
    return { send: (m) => worker.postMessage(m), done, ready };
}
/** Starts every writer, waits until all have opened the log, releases them together, waits for all. */
export async function runWriters(plans) {
    const handles = plans.map((p) => (p.kind === 'process' ? startProcess(p.spec) : startThread(p.spec)));
    await Promise.race([Promise.all(handles.map((h) => h.ready)), Promise.all(handles.map((h) => h.done))]);
    for (const h of handles)
        h.send('go');
    await Promise.all(handles.map((h) => h.done));
}
/** A plan for `writers` writers of `count` records each into `path`. */
export function planWriters(dir, path, kinds, count, options, payload) {
    return kinds.map((kind, writer) => ({
        kind,
        spec: { path, writer, count, options, positionsFile: join(dir, `positions-${writer}.bin`), payload },
    }));
}
export function placedRecords(plans) {
    const placed = [];
    for (const { spec } of plans) {
        const positions = new Float64Array(readFileSync(spec.positionsFile).buffer.slice(0));
        assert.equal(positions.length, spec.count, `writer ${spec.writer} saved every position`);
        for (let i = 1; i < positions.length; i++) {
            assert.ok(positions[i] > positions[i - 1], `writer ${spec.writer}: positions grow (${i})`);
        }
        const sizes = spec.payload === 'bytes' ? recordSizes(spec.writer, spec.count, spec.maxSize) : [];
        for (let i = 0; i < spec.count; i++) {
            const bytes = spec.payload === 'bytes'
                ? recordBytes(spec.writer, i, sizes[i])
                : new TextEncoder().encode(textRecord(spec.writer, i));
            placed.push({ pos: positions[i], bytes });
        }
    }
    return placed.sort((a, b) => a.pos - b.pos);
}
/**
 * Raw format: the records tile the file exactly, in position order, each
 * byte-exact; no overlap, no gap, nothing else in the file.
 */
export function verifyRaw(path, plans, dataStart = 0) {
    const data = readFileSync(path);
    const placed = placedRecords(plans);
    let expected = dataStart;
    for (const { pos, bytes } of placed) {
        assert.equal(pos, expected, `record at ${pos} starts where the previous one ended (${expected})`);
        assert.ok(data.subarray(pos, pos + bytes.length).equals(bytes), `record at ${pos} is byte-exact`);
        expected = pos + bytes.length;
    }
    assert.equal(data.length, expected, 'the file holds exactly the appended bytes');
    assert.equal(readControl(path).cursor, expected, 'the cursor ends at the last record');
    return placed.length;
}
/**
 * Framed format: every frame is complete with a good CRC; the DATA frames are
 * exactly the appended records at the positions append() returned.
 */
export function verifyFramed(path, plans) {
    const data = readFileSync(path);
    const control = readControl(path);
    const frames = walkFramed(data, control, data.length);
    assert.equal(frames[0].type, 3, 'the file starts with its META record');
    const dataFrames = frames.filter((f) => f.type === 1);
    const placed = placedRecords(plans);
    assert.equal(dataFrames.length, placed.length, 'one DATA frame per appended record');
    for (let i = 0; i < placed.length; i++) {
        assert.equal(dataFrames[i].pos, placed[i].pos, `frame ${i} is at the position append() returned`);
        assert.ok(dataFrames[i].payload.equals(placed[i].bytes), `frame at ${placed[i].pos} is byte-exact`);
    }
    assert.equal(control.cursor, data.length, 'the file ends at the cursor');
    return placed.length;
}
//# sourceMappingURL=writers.js.map
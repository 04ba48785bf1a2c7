/**
 * A writer for multi-writer tests, as a child process (IPC) or a worker
 * thread (workerData). It opens the log, says ready, waits for "go", appends
 * `count` deterministic records, saves their positions and closes.
 */
import { writeFileSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { open } from '../../src/index.js';
import { recordBytes, recordSizes, textRecord } from '../helpers/records.js';
function send(message) {
    if (isMainThread)
        process.send?.(message);
    else
        parentPort?.postMessage(message);
}
function waitForGo() {
    return new Promise((resolve) => {
        const onMessage = (m) => {
            if (m === 'go')
                resolve();
        };
        if (isMainThread)
            process.once('message', onMessage);
        else
            parentPort?.once('message', onMessage);
    });
}
async function main(spec) {
    const log = open(spec.path, spec.options);
    const sizes = spec.payload === 'bytes' ? recordSizes(spec.writer, spec.count, spec.maxSize) : [];
    const records = [];
    for (let i = 0; i < spec.count; i++) {
        records.push(spec.payload === 'bytes' ? recordBytes(spec.writer, i, sizes[i]) : textRecord(spec.writer, i));
    }
    send({ ready: true });
    await waitForGo();
    const positions = new Float64Array(spec.count);
    for (let i = 0; i < spec.count; i++)
        positions[i] = log.append(records[i]);
    log.close();
    writeFileSync(spec.positionsFile, positions);
    if (isMainThread)
        process.send?.({ done: true }, () => process.disconnect());
    else
        send({ done: true });
}
const spec = isMainThread ? JSON.parse(process.argv[2]) : workerData;
main(spec).catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
//# sourceMappingURL=appender.js.map
/**
 * A worker thread that opens a log, appends, then ends the way the parent
 * asks: returning, after close(), by process.exit(), by throwing, or (mode
 * `loop`) appending until it is terminated.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { open } from '../../src/index.js';
const { path, mode, slots } = workerData;
const log = open(path, { format: 'framed', slots, chunkSize: 64 * 1024 });
parentPort?.postMessage('opened');
const record = `worker record ${'x'.repeat(40)}`;
if (mode === 'loop') {
    for (;;)
        log.append(record);
}
for (let i = 0; i < 1000; i++)
    log.append(record);
if (mode === 'close')
    log.close();
if (mode === 'process-exit')
    process.exit(0);
if (mode === 'throw')
    throw new Error('worker failed on purpose');
//# sourceMappingURL=workerAppender.js.map
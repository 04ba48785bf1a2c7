/** A worker thread that follows a log forever (until terminated), to test teardown during a wait. */
import { parentPort, workerData } from 'node:worker_threads';
import { follow } from '../../src/index.js';
parentPort?.postMessage('following');
for await (const record of follow(workerData))
    parentPort?.postMessage(record.pos);
//# sourceMappingURL=followInWorker.js.map
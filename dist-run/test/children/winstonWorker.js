/**
 * A node:cluster worker logging through winston into the mmlog transport
 * (used by winston.test.ts; the test process is the cluster primary).
 *
 * Usage (cluster.setupPrimary args): `winstonWorker.js <path> <count>`, with
 * its id in the environment as WORKER_ID. Reports `{ ready }`, waits for the
 * primary's `'go'`, logs `count` entries, ends the logger, waits until the
 * transport has closed the log, reports `{ logged }` and disconnects.
 */
import cluster from 'node:cluster';
import winston from 'winston';
import MmlogTransport from '../../src/integrations/winston.js';
const [path, countArg] = process.argv.slice(2);
const id = Number(process.env.WORKER_ID);
const count = Number(countArg);
if (!cluster.isWorker)
    throw new Error('run me as a cluster worker');
const transport = new MmlogTransport({ filename: path });
const logger = winston.createLogger({ level: 'info', format: winston.format.json(), transports: [transport] });
process.on('message', (message) => {
    if (message !== 'go')
        return;
    for (let seq = 0; seq < count; seq++) {
        // Entries of varying length and non-ASCII text, so that a torn or misplaced line cannot hide.
        logger.info(`entry ${seq} from ${id} — héllo ✓`, { worker: id, seq, pad: 'y'.repeat((seq * 53) % 401) });
        logger.debug('below the level: never written', { worker: id, seq });
    }
    transport.on('finish', () => process.send({ logged: count }, () => cluster.worker.disconnect()));
    logger.end();
});
process.send({ ready: true });
//# sourceMappingURL=winstonWorker.js.map
/**
 * A cluster-style worker logging through pino into the mmlog destination
 * (used by pino.test.ts).
 *
 * Usage: `pinoLogger.js <path> <id> <count> <mode>`
 * - `together`: reports `{ ready }`, waits for the parent's `'go'`, logs
 *   `count` lines, reports `{ logged }` and exits without closing anything
 *   (as a worker that just returns from its work would).
 * - `kill`: logs `count` lines at once, reports `{ logged }`, then idles
 *   until the parent SIGKILLs it.
 */
import pino from 'pino';
import { destination } from '../../src/integrations/pino.js';
const [path, idArg, countArg, mode] = process.argv.slice(2);
const id = Number(idArg);
const count = Number(countArg);
const logger = pino(destination(path));
function logAll() {
    for (let seq = 0; seq < count; seq++) {
        // Lines of varying length and non-ASCII text, so that a torn or
        // misplaced line cannot hide behind a regular layout.
        logger.info({ child: id, seq, pad: 'x'.repeat((seq * 37) % 301) }, `line ${seq} from ${id} — héllo ✓`);
    }
}
if (mode === 'kill') {
    logAll();
    process.send({ logged: count });
    setInterval(() => { }, 60_000);
}
else {
    process.on('message', () => {
        logAll();
        process.send({ logged: count }, () => process.disconnect());
    });
    process.send({ ready: true });
}
//# sourceMappingURL=pinoLogger.js.map
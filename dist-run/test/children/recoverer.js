/** Runs recover() on argv[2] at the instant argv[3] (ms since the epoch), and reports what it did. */
import { recover } from '../../src/index.js';
import { sleepMs } from '../../src/util/sleep.js';
const [path, atArg] = process.argv.slice(2);
const wait = Number(atArg) - Date.now();
if (wait > 0)
    sleepMs(wait);
const report = recover(path);
process.send?.(report, () => process.disconnect());
//# sourceMappingURL=recoverer.js.map
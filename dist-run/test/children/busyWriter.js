/**
 * Appends short records to argv[2] (open options argv[3], JSON) for argv[4]
 * ms, in bursts of 200 back to back with a millisecond's pause between (so
 * that the log stays small enough to scan), then closes. Says 'writing' once
 * it has started.
 */
import { open } from '../../src/index.js';
import { sleepMs } from '../../src/util/sleep.js';
const [path, options, durationArg] = process.argv.slice(2);
const log = open(path, JSON.parse(options));
const deadline = Date.now() + Number(durationArg);
process.send?.('writing');
let i = 0;
while (Date.now() < deadline) {
    for (let j = 0; j < 200; j++, i++)
        log.append(`busy ${process.pid} ${i}\n`);
    sleepMs(1);
}
log.close();
process.send?.({ appended: i }, () => process.disconnect());
//# sourceMappingURL=busyWriter.js.map
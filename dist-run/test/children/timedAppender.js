/**
 * A slow writer for the roll-by-time test: opens the segmented log at
 * argv[2], appends the line `w<id> <n> <ms since the epoch>` every `interval` ms until `until`
 * (ms since the epoch), then closes. Its roll timer runs meanwhile.
 */
import { open } from '../../src/index.js';
const [path, id, interval, until] = process.argv.slice(2);
const log = open(path);
let n = 0;
const timer = setInterval(() => {
    if (Date.now() >= Number(until)) {
        clearInterval(timer);
        log.close();
        return;
    }
    log.append(`w${id} ${n++} ${Date.now()}\n`);
}, Number(interval));
//# sourceMappingURL=timedAppender.js.map
/**
 * Follows a log with createReadStream({ follow: true }) (used by
 * streams.test.ts), and proves that destroy() lets the process go.
 *
 * Usage: `streamFollower.js <path> <count>`. Sends `{ ready }` once the
 * stream exists, `{ pos, text }` per record; 100 ms after `count` records
 * (the stream is then waiting for the next) it destroys the stream and, on
 * 'close', sends `{ done, before, fds, mapped }` (open descriptors before and
 * now, and whether the log is still mapped), disconnects, and leaves the
 * process to exit by itself: a handle left open would keep it alive.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createReadStream } from '../../src/index.js';
const [path, countArg] = process.argv.slice(2);
const count = Number(countArg);
const fds = () => readdirSync('/proc/self/fd').length;
const before = fds();
let received = 0;
const stream = createReadStream(path, { follow: true, highWaterMark: 2 });
stream.on('data', (record) => {
    process.send({ pos: record.pos, text: Buffer.from(record.data).toString('utf8') });
    // Destroyed while the stream waits for a next record that never comes (not between two).
    if (++received === count)
        setTimeout(() => stream.destroy(), 100);
});
stream.on('error', (error) => process.send({ error: String(error) }));
stream.on('close', () => {
    const mapped = readFileSync('/proc/self/maps', 'utf8').includes(path);
    process.send({ done: true, before, fds: fds(), mapped }, () => process.disconnect());
});
process.send({ ready: true });
//# sourceMappingURL=streamFollower.js.map
/**
 * A follower of the SIGKILL storm: tails the log from the start, checks every
 * record is intact, reports when it sees the sentinel, and on "stop" sends
 * every position it saw.
 */
import { follow } from '../../src/index.js';
import { parseStormPayload } from '../helpers/stormRecords.js';
const path = process.argv[2];
const controller = new AbortController();
const positions = [];
let malformed = 0;
process.on('message', (m) => {
    if (m === 'stop')
        controller.abort();
});
process.send?.('following');
for await (const record of follow(path, { from: 0, signal: controller.signal })) {
    const text = Buffer.from(record.data).toString('latin1');
    if (text === 'SENTINEL') {
        process.send?.({ sentinelAt: Date.now() });
        continue;
    }
    positions.push(record.pos);
    if (parseStormPayload(text) === undefined)
        malformed++;
}
process.send?.({ positions, malformed }, () => process.disconnect());
//# sourceMappingURL=stormFollower.js.map
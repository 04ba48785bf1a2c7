/**
 * A follower for follow.test.ts: follows the log at argv[2] from position
 * argv[3] (default 0), with the extra follow() options given as JSON in
 * argv[4] (e.g. `{"readOnly":true}`), and reports over IPC.
 *
 * Sends `{ kind: 'record', pos, text }` for every record it receives (UTF-8
 * text of its bytes), and answers the parent's commands:
 * - `'cpu-mark'`: remembers process.cpuUsage() now, replies `{ kind: 'cpu-marked' }`;
 * - `'cpu-read'`: replies `{ kind: 'cpu', micros, ms }`: CPU time (user +
 *   system, every thread of the process) and wall time since the mark;
 * - `'waits'`: replies `{ kind: 'waits', waits }`: how many times follow() has
 *   announced itself to writers and gone to sleep (calls of the internal
 *   Waiter.wait, each of which sets the WAITERS flag);
 * - `'stop'`: aborts its follow(); once the loop has ended replies
 *   `{ kind: 'done', records, error }` and disconnects.
 */
import { Waiter } from '../../src/control/notify.js';
import { follow } from '../../src/index.js';
// Count the follower's sleeps: each sets WAITERS, so each allows at most one wake-up by a writer.
let waits = 0;
const wait = Waiter.prototype.wait;
Waiter.prototype.wait = function (...args) {
    waits++;
    return wait.apply(this, args);
};
const [path, fromArg, optionsArg] = process.argv.slice(2);
const extra = JSON.parse(optionsArg ?? '{}');
const controller = new AbortController();
let mark = process.cpuUsage();
let markAt = performance.now();
process.on('message', (message) => {
    if (message === 'stop') {
        controller.abort();
    }
    else if (message === 'cpu-mark') {
        mark = process.cpuUsage();
        markAt = performance.now();
        process.send?.({ kind: 'cpu-marked' });
    }
    else if (message === 'waits') {
        process.send?.({ kind: 'waits', waits });
    }
    else if (message === 'cpu-read') {
        const used = process.cpuUsage(mark);
        process.send?.({ kind: 'cpu', micros: used.user + used.system, ms: performance.now() - markAt });
    }
});
let records = 0;
let error = null;
process.send?.({ kind: 'following' });
try {
    for await (const record of follow(path, { ...extra, from: Number(fromArg ?? 0), signal: controller.signal })) {
        records++;
        process.send?.({ kind: 'record', pos: record.pos, text: Buffer.from(record.data).toString('utf8') });
    }
}
catch (caught) {
    error = caught instanceof Error ? (caught.stack ?? caught.message) : String(caught);
}
process.send?.({ kind: 'done', records, error }, () => process.disconnect());
//# sourceMappingURL=followerProbe.js.map
/** A follower in a child process (test/children/followerProbe.ts), driven over IPC. */
import { fork } from 'node:child_process';
import { childScript } from './children.js';
export class FollowerProbe {
    child;
    records = [];
    /** How the child ended, once it has. */
    exit;
    messages = [];
    waiters = new Set();
    constructor(path, from = 0, options = {}, forkOptions = {}) {
        this.child = fork(childScript('followerProbe'), [path, String(from), JSON.stringify(options)], {
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
            ...forkOptions,
        });
        this.child.on('message', (message) => {
            if (message.kind === 'record')
                this.records.push({ pos: message.pos, text: message.text });
            else
                this.messages.push(message);
            for (const wake of this.waiters)
                wake();
        });
        this.child.on('exit', (code, signal) => {
            this.exit = { code, signal };
            for (const wake of this.waiters)
                wake();
        });
    }
    /** Resolves with `find()` once it is defined; rejects after `timeoutMs` or if the child exits first. */
    waitFor(find, timeoutMs, what) {
        return new Promise((resolve, reject) => {
            const check = () => {
                const found = find();
                if (found !== undefined)
                    finish(() => resolve(found));
                else if (this.exit !== undefined) {
                    const how = `code ${this.exit.code}, signal ${this.exit.signal}`;
                    finish(() => reject(new Error(`follower exited (${how}) before ${what}`)));
                }
            };
            const timer = setTimeout(() => finish(() => reject(new Error(`follower: no ${what} within ${timeoutMs} ms`))), timeoutMs);
            const finish = (settle) => {
                clearTimeout(timer);
                this.waiters.delete(check);
                settle();
            };
            this.waiters.add(check);
            check();
        });
    }
    waitForText(predicate, timeoutMs, what) {
        return this.waitFor(() => this.records.find((r) => predicate(r.text)), timeoutMs, what);
    }
    /** Takes the next unread message of `kind` (waiting for it). */
    message(kind, timeoutMs) {
        return this.waitFor(() => {
            const index = this.messages.findIndex((m) => m.kind === kind);
            if (index < 0)
                return undefined;
            return this.messages.splice(index, 1)[0];
        }, timeoutMs, `'${kind}' message`);
    }
    /** Sends `command` and takes the reply of `kind`. */
    ask(command, kind) {
        this.child.send(command);
        return this.message(kind, 5000);
    }
    /** CPU time (ms) the follower uses over `ms` of wall time. */
    async cpuOver(ms) {
        await this.ask('cpu-mark', 'cpu-marked');
        await new Promise((r) => setTimeout(r, ms));
        const cpu = await this.ask('cpu-read', 'cpu');
        return cpu.micros / 1000;
    }
    /** Asks the follower to stop (its AbortSignal aborts); resolves with its report and how long it took. */
    async stop() {
        const started = performance.now();
        this.child.send('stop');
        const done = await this.message('done', 5000);
        return { records: done.records, error: done.error, ms: performance.now() - started };
    }
    kill() {
        if (this.exit === undefined)
            this.child.kill('SIGKILL');
    }
}
//# sourceMappingURL=probe.js.map
import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { SELF_START_TIME } from '../src/control/processIdentity.js';
import { ErrorCode, open } from '../src/index.js';
import { childScript } from './helpers/children.js';
import { fingerprint, tempDir } from './helpers/files.js';
import { readControl, walkFramed } from './helpers/logFile.js';
const OPENERS = 16;
const ROUNDS = 20;
const LINES = 50;
function deadPid() {
    const child = spawnSync(process.execPath, ['-e', '0']);
    return child.pid ?? 999_999;
}
test(`${OPENERS} processes open the same new log at the same instant, ${ROUNDS} rounds`, async () => {
    const { dir, cleanup } = tempDir();
    const children = [];
    try {
        const started = [];
        for (let i = 0; i < OPENERS; i++) {
            const child = fork(childScript('opener'), [String(i)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
            children.push(child);
            started.push(new Promise((resolve) => child.once('message', () => resolve())));
        }
        await Promise.all(started);
        for (let round = 0; round < ROUNDS; round++) {
            const format = round % 2 === 0 ? 'raw' : 'framed';
            const path = `${dir}/log-${round}`;
            const results = children.map((child) => new Promise((resolve) => child.once('message', (m) => resolve(m))));
            const at = Date.now() + 150;
            for (const child of children)
                child.send({ path, format, at, records: LINES, round });
            for (const result of await Promise.all(results))
                assert.ok(result.ok, result.error);
            const data = readFileSync(path);
            const control = readControl(path);
            let lines;
            if (format === 'raw') {
                lines = data.toString('utf8').split('\n').slice(0, -1);
            }
            else {
                lines = walkFramed(data, control, data.length)
                    .filter((f) => f.type === 1)
                    .map((f) => f.payload.toString('utf8').slice(0, -1));
            }
            assert.equal(lines.length, OPENERS * LINES, `round ${round}: every line landed`);
            assert.equal(new Set(lines).size, lines.length, `round ${round}: no line twice`);
            const leftovers = readdirSync(dir).filter((n) => n.includes('.tmp-'));
            assert.deepEqual(leftovers, [], 'no temporary control files are left behind');
        }
    }
    finally {
        for (const child of children)
            child.send('exit');
        cleanup();
    }
});
test('a creator killed at a random instant never blocks the next opener', async () => {
    const { dir, cleanup } = tempDir();
    try {
        for (let round = 0; round < 20; round++) {
            const format = round % 2 === 0 ? 'raw' : 'framed';
            const path = `${dir}/log-${round}`;
            const child = fork(childScript('creator'), [path, format], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
            await new Promise((resolve) => child.once('message', () => resolve()));
            const exited = new Promise((resolve) => child.once('exit', resolve));
            // Kill somewhere inside open(): before the link, between link and data, or after.
            setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 6));
            await exited;
            const log = open(path, { creationTimeout: 2000 });
            log.append('after the creator died\n');
            log.close();
            const data = readFileSync(path);
            if (format === 'framed' && log.format === 'framed')
                walkFramed(data, readControl(path), data.length);
            else
                assert.ok(data.toString().endsWith('after the creator died\n'));
            assert.equal(readControl(path).flags & 1, 1, 'the data file is marked ready');
        }
    }
    finally {
        cleanup();
    }
});
/** A framed log whose creator "died" after publishing the control file but before writing its data file. */
function halfMadeLog(dir, creatorPid, creatorStart) {
    const path = `${dir}/half`;
    open(path, { format: 'framed' }).close();
    const control = readFileSync(`${path}.ctl`);
    control.writeUInt32LE(control.readUInt32LE(136) & ~1, 136); // DATA_READY cleared
    control.writeInt32LE(creatorPid, 4096); // slot 0: the creator
    control.writeDoubleLE(creatorStart, 4096 + 8);
    control.writeUInt32LE(1, 4096 + 48);
    writeFileSync(`${path}.ctl`, control);
    truncateSync(path, 0); // its META record was never written
    return path;
}
test('a half-made log whose creator died is repaired by the next opener', () => {
    const { dir, cleanup } = tempDir();
    try {
        const path = halfMadeLog(dir, deadPid(), 12345);
        const log = open(path);
        const pos = log.append('works\n');
        log.close();
        assert.equal(pos, 64, 'the first record follows the rewritten META record');
        const data = readFileSync(path);
        const frames = walkFramed(data, readControl(path), data.length);
        assert.deepEqual(frames.map((f) => f.type), [3, 1]);
    }
    finally {
        cleanup();
    }
});
test('a half-made log whose creator is alive but stuck times out with a clear error, unmodified', () => {
    const { dir, cleanup } = tempDir();
    try {
        // This very process plays the stuck creator: alive, never finishing.
        const path = halfMadeLog(dir, process.pid, SELF_START_TIME);
        const before = fingerprint(`${path}.ctl`);
        const started = Date.now();
        assert.throws(() => open(path, { creationTimeout: 300 }), { code: ErrorCode.CREATION_TIMEOUT });
        assert.ok(Date.now() - started < 5000, 'bounded wait');
        assert.equal(fingerprint(`${path}.ctl`), before, 'control file untouched');
    }
    finally {
        cleanup();
    }
});
test('temporary control files of dead creators are cleaned up', () => {
    const { dir, cleanup } = tempDir();
    try {
        const stale = `${dir}/log.ctl.tmp-${deadPid()}-0-deadbeef`;
        writeFileSync(stale, 'half-written');
        open(`${dir}/log`).close();
        assert.equal(existsSync(stale), false);
    }
    finally {
        cleanup();
    }
});
//# sourceMappingURL=creation.test.js.map
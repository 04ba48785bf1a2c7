import assert from 'node:assert/strict';
import { execFileSync, fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { stat } from '../src/index.js';
import { childScript, collect, runChild } from './helpers/children.js';
import { tempDir } from './helpers/files.js';
import { readControl, walkFramed } from './helpers/logFile.js';
/** Mounts a tmpfs of `size` (2 MiB by default) on `dir`; returns why not, if it cannot. */
function mountTinyFs(dir, size = '2m') {
    if (process.getuid?.() !== 0)
        return 'needs root to mount a tmpfs (run as root to include this test)';
    try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
        return undefined;
    }
    catch (error) {
        return `cannot mount a tmpfs here: ${String(error.stderr ?? error).trim()}`;
    }
}
for (const format of ['raw', 'framed']) {
    test(`a full disk is an ENOSPC error from append (${format}); the process survives, earlier records intact`, async (t) => {
        const { dir, cleanup } = tempDir();
        const reason = mountTinyFs(dir);
        if (reason !== undefined) {
            console.log(`# skipped: ${reason}`);
            t.skip(reason);
            cleanup();
            return;
        }
        try {
            const path = `${dir}/log`;
            const result = await runChild('fillDisk', [path, format]);
            assert.equal(result.signal, null, `the writer was not killed by a signal (${result.signal})`);
            assert.equal(result.code, 0, result.stderr);
            const report = result.messages[0];
            assert.equal(report.code, 'ENOSPC');
            assert.equal(report.errno, -28);
            assert.equal(report.syscall, 'fallocate');
            assert.equal(report.path, path);
            assert.equal(report.retry, 'ENOSPC', 'the log is still usable and reports the same error');
            assert.ok(report.appended > 1000, `filled most of the disk first (${report.appended} records)`);
            const data = readFileSync(path);
            const lines = format === 'raw'
                ? data.toString('latin1').split('\n').slice(0, -1)
                : walkFramed(data, readControl(path), data.length)
                    .filter((f) => f.type === 1)
                    .map((f) => f.payload.toString('latin1').slice(0, -1));
            assert.equal(lines.length, report.appended, 'every record appended before the error is there, and no other');
            lines.forEach((line, i) => {
                assert.equal(line, `${String(i).padStart(8, '0')}${'.'.repeat(991)}`);
            });
            assert.equal(readControl(path).cursor, data.length, 'the failed claim was undone: no gap');
        }
        finally {
            execFileSync('umount', [dir]);
            cleanup();
        }
    });
}
for (const format of ['raw', 'framed']) {
    test(`two writers retrying on a full disk (${format}): abandoned claims stay bounded, appends resume once space is freed, no NUL gaps`, async (t) => {
        const { dir, cleanup } = tempDir();
        const reason = mountTinyFs(dir, '4m');
        if (reason !== undefined) {
            console.log(`# skipped: ${reason}`);
            t.skip(reason);
            cleanup();
            return;
        }
        const children = [];
        try {
            const path = `${dir}/log`;
            const ballast = `${dir}/ballast`;
            writeFileSync(ballast, Buffer.alloc(1024 * 1024, 1));
            for (const name of ['a', 'b']) {
                const stdio = ['ignore', 'inherit', 'pipe', 'ipc'];
                children.push(fork(childScript('spaceRetrier'), [path, format, name, '3000'], { stdio }));
            }
            const done = children.map((child) => collect(child));
            const full = await Promise.all(children.map((child) => new Promise((resolve) => child.once('message', resolve))));
            for (const report of full) {
                assert.deepEqual(report.codes, ['ENOSPC']);
                assert.ok(report.failures > 3000, 'every retry failed while the disk was full');
            }
            const info = stat(path);
            assert.ok(info.counters.claimsAbandoned <= 4, `abandoned claims stay bounded by the writers racing, not the retries: ${info.counters.claimsAbandoned}`);
            assert.ok(info.cursor <= info.fileSize + 4 * 256, `cursor ${info.cursor} stays at the file (${info.fileSize})`);
            rmSync(ballast);
            for (const child of children)
                child.send('space freed');
            const results = await Promise.all(done);
            const freed = results.map((r) => r.messages[1]);
            for (const [i, r] of results.entries()) {
                assert.equal(r.code, 0, r.stderr);
                assert.deepEqual(freed[i].errors, [], 'appends succeed again once space is back');
                assert.equal(freed[i].after, 200);
            }
            const data = readFileSync(path);
            const records = format === 'raw'
                ? data
                    .toString('latin1')
                    .split('\n')
                    .filter((line) => line.trim() !== '')
                : walkFramed(data, readControl(path), data.length)
                    .filter((f) => f.type === 1)
                    .map((f) => f.payload.toString('latin1').slice(0, -1));
            if (format === 'raw')
                assert.equal(data.indexOf(0), -1, 'no NUL bytes in the text log');
            for (const [i, name] of ['a', 'b'].entries()) {
                const mine = records.filter((line) => line.startsWith(`${name} `));
                assert.equal(mine.length, freed[i].appended, `${name}: every acknowledged record is there once`);
                for (const [k, line] of mine.entries()) {
                    assert.ok(line.startsWith(`${name} ${String(k).padStart(8, '0')} `), line);
                }
            }
        }
        finally {
            // A failed assertion leaves them waiting for their next message.
            for (const child of children)
                child.kill('SIGKILL');
            await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
            execFileSync('umount', [dir]);
            cleanup();
        }
    });
}
//# sourceMappingURL=enospc.test.js.map
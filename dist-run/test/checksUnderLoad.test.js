import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { test } from 'node:test';
import { open, read, stat, verify } from '../src/index.js';
import { childScript, collect } from './helpers/children.js';
import { tempDir } from './helpers/files.js';
/** Tiny limits: the cursor may run at most 4 × 72 bytes past the end of the file, the tightest rule there is. */
const OPTIONS = { slots: 4, maxRecordSize: 64, chunkSize: 64 * 1024 };
for (const format of ['raw', 'framed']) {
    test(`the checks never refuse a healthy ${format} log while writers append in bursts and take and give back slots`, async () => {
        const { dir, cleanup } = tempDir();
        try {
            const path = `${dir}/log`;
            open(path, { format, ...OPTIONS }).close();
            const writers = [0, 1].map(() => fork(childScript('busyWriter'), [path, JSON.stringify(OPTIONS), '2500'], {
                stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
            }));
            const exits = writers.map(collect);
            await Promise.all(writers.map((w) => new Promise((resolve) => w.once('message', resolve))));
            // Every entry point, over and over, while the cursor runs and slots are taken and given back.
            let rounds = 0;
            for (const deadline = Date.now() + 2000; Date.now() < deadline; rounds++) {
                stat(path);
                // (A full scan of a log growing this fast takes a while: now and then.)
                if (rounds % 20 === 0)
                    verify(path);
                let n = 0;
                for (const _ of read(path))
                    if (++n > 50)
                        break;
                const log = open(path);
                log.append('checker\n');
                log.close();
            }
            for (const result of await Promise.all(exits))
                assert.equal(result.code, 0, result.stderr);
            assert.ok(rounds > 20, `${rounds} rounds`);
            assert.equal(verify(path).ok, true);
        }
        finally {
            cleanup();
        }
    });
}
//# sourceMappingURL=checksUnderLoad.test.js.map
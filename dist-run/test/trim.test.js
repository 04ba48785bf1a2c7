import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { test } from 'node:test';
import { open } from '../src/index.js';
import { childScript, collect } from './helpers/children.js';
import { tempDir } from './helpers/files.js';
import { readControl } from './helpers/logFile.js';
const size = (path) => statSync(path).size;
test('trim() never cuts while another live writer has the log open; the last to close trims', () => {
    const { dir, cleanup } = tempDir();
    try {
        const path = `${dir}/log`;
        const a = open(path, { chunkSize: 64 * 1024 });
        const b = open(path, { chunkSize: 64 * 1024 });
        a.append('from a\n');
        b.append('from b\n');
        assert.ok(size(path) > 14, 'the file is preallocated beyond the records');
        assert.equal(a.trim(), false, 'b is open: no trim');
        assert.ok(size(path) > 14);
        b.close();
        assert.ok(size(path) > 14, 'b was not the last writer');
        a.close();
        assert.equal(size(path), 14);
        assert.equal(readFileSync(path, 'utf8'), 'from a\nfrom b\n');
    }
    finally {
        cleanup();
    }
});
test('trim() is idempotent, leaves an exact file untouched, and appending continues after it', () => {
    const { dir, cleanup } = tempDir();
    try {
        const path = `${dir}/log`;
        const log = open(path, { format: 'framed', chunkSize: 64 * 1024 });
        log.append('one');
        assert.equal(log.trim(), true);
        const first = statSync(path);
        assert.equal(first.size, readControl(path).cursor);
        assert.equal(log.trim(), true);
        assert.equal(statSync(path).mtimeMs, first.mtimeMs, 'second trim changed nothing');
        const pos = log.append('two');
        assert.equal(pos, first.size, 'the next record goes right after the trimmed end');
        log.close();
        assert.equal(size(path), readControl(path).cursor);
    }
    finally {
        cleanup();
    }
});
test('a writer in another process blocks the trim while alive, and not once it is dead', async () => {
    const { dir, cleanup } = tempDir();
    try {
        const path = `${dir}/log`;
        const child = fork(childScript('holder'), [path], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
        await new Promise((r) => child.once('message', r));
        const log = open(path);
        log.append('from the parent\n');
        log.close();
        assert.ok(size(path) > readControl(path).cursor, 'the child is alive: no trim');
        const exited = collect(child);
        child.kill('SIGKILL');
        await exited;
        const again = open(path);
        again.close();
        assert.equal(size(path), readControl(path).cursor, 'the dead writer no longer counts');
        assert.equal(readFileSync(path, 'utf8'), 'held open by a child\nfrom the parent\n');
    }
    finally {
        cleanup();
    }
});
//# sourceMappingURL=trim.test.js.map
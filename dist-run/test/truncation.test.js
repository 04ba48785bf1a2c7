/**
 * Files cut under a live log (issue: external truncation). A writer whose
 * data or control file is cut must not die of SIGBUS: its appends throw
 * `ERR_MMLOG_DATA_SHRUNK` and acknowledge nothing; closing does not re-extend
 * the cut file; the next open() says how to go on, and `recover()` brings the
 * log back to what the file holds. An ALLOCATED above the file size with no
 * claim past it (a trim killed between its two steps) is simply lowered.
 */
import assert from 'node:assert/strict';
import { openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { open, read, recover, stat, verify } from '../src/index.js';
import { Offset } from '../src/layout/control.js';
import { runChild } from './helpers/children.js';
import { tempDir } from './helpers/files.js';
for (const format of ['raw', 'framed']) {
    test(`${format}: data file cut under a writer — appends throw ERR_MMLOG_DATA_SHRUNK, no SIGBUS; recover() resumes`, async () => {
        const { dir, cleanup } = tempDir();
        try {
            const path = join(dir, 'log');
            const result = await runChild('truncator', [path, format, 'data']);
            assert.equal(result.signal, null, `writer killed by ${result.signal}`);
            assert.equal(result.code, 0, result.stderr);
            const { errors, sizeAfterClose } = result.messages[0];
            assert.deepEqual(errors, ['ERR_MMLOG_DATA_SHRUNK', 'ERR_MMLOG_DATA_SHRUNK', 'ERR_MMLOG_DATA_SHRUNK']);
            assert.equal(sizeAfterClose, 0, 'close() did not extend the cut file');
            assert.throws(() => open(path, { format }), { code: 'ERR_MMLOG_DATA_SHRUNK', message: /mmlog recover/ });
            // The refused open() gave back the writer slot it had taken.
            const report = recover(path);
            assert.equal(report.liveWriters, false, 'no slot left held by the refused open()');
            assert.equal(report.dataShrunk, true);
            const log = open(path, { format });
            log.append('after recovery\n');
            log.close();
            if (format === 'raw')
                assert.equal(readFileSync(path, 'utf8'), 'after recovery\n');
            else
                assert.deepEqual([...read(path)].map((r) => Buffer.from(r.data).toString()), ['after recovery\n']);
            assert.equal(verify(path).ok, true);
        }
        finally {
            cleanup();
        }
    });
    test(`${format}: control file cut under a writer — appends throw ERR_MMLOG_DATA_SHRUNK and write nothing`, async () => {
        const { dir, cleanup } = tempDir();
        try {
            const path = join(dir, 'log');
            const result = await runChild('truncator', [path, format, 'control']);
            assert.equal(result.signal, null, `writer killed by ${result.signal}`);
            assert.equal(result.code, 0, result.stderr);
            const { errors } = result.messages[0];
            assert.deepEqual(errors, ['ERR_MMLOG_DATA_SHRUNK', 'ERR_MMLOG_DATA_SHRUNK', 'ERR_MMLOG_DATA_SHRUNK']);
            const text = readFileSync(path, 'latin1');
            assert.ok(!text.includes('after the cut'), 'no append after the cut reached the data file');
            assert.ok(text.includes('before the cut 999'), 'records before the cut are intact');
        }
        finally {
            cleanup();
        }
    });
    test(`${format}: ALLOCATED left above the file size by an interrupted trim is lowered; appends land in the file`, () => {
        const { dir, cleanup } = tempDir();
        try {
            const path = join(dir, 'log');
            const first = open(path, { format, chunkSize: 64 * 1024 });
            for (let i = 0; i < 100; i++)
                first.append(`record ${i}\n`);
            first.close();
            const size = statSync(path).size;
            // What a kill between the two steps of a trim (in the old order) left behind.
            const ctl = openSync(`${path}.ctl`, 'r+');
            const allocated = Buffer.alloc(8);
            allocated.writeBigInt64LE(BigInt(size + 1024 * 1024));
            writeSync(ctl, allocated, 0, 8, Offset.ALLOCATED);
            const second = open(path, { format, chunkSize: 64 * 1024 });
            for (let i = 100; i < 200; i++)
                second.append(`record ${i}\n`);
            second.close();
            assert.doesNotThrow(() => stat(path));
            const expected = Array.from({ length: 200 }, (_, i) => `record ${i}\n`);
            if (format === 'raw')
                assert.equal(readFileSync(path, 'utf8'), expected.join(''));
            else
                assert.deepEqual([...read(path)].map((r) => Buffer.from(r.data).toString()), expected);
        }
        finally {
            cleanup();
        }
    });
}
for (const format of ['raw', 'framed']) {
    test(`${format}: data file cut under a reader — ERR_MMLOG_DATA_SHRUNK, no SIGBUS, no zero bytes returned as data`, async () => {
        const { dir, cleanup } = tempDir();
        try {
            const result = await runChild('cutReader', [join(dir, 'log'), format]);
            assert.equal(result.signal, null, `reader killed by ${result.signal}`);
            assert.equal(result.code, 0, result.stderr);
            const { code, zeros } = result.messages[0];
            assert.equal(code, 'ERR_MMLOG_DATA_SHRUNK');
            assert.equal(zeros, false, 'no record returned held bytes of the zero page');
        }
        finally {
            cleanup();
        }
    });
}
test('raw: a control file removed under a live writer — a new open() refuses to adopt the data file until the writer closes', () => {
    const { dir, cleanup } = tempDir();
    try {
        const path = join(dir, 'log');
        const first = open(path);
        first.append('first writer\n');
        rmSync(`${path}.ctl`);
        assert.throws(() => open(path), { code: 'ERR_MMLOG_DATA_IN_USE' });
        first.append('first writer, still appending\n');
        first.close();
        const second = open(path);
        second.append('second writer\n');
        second.close();
        assert.equal(readFileSync(path, 'utf8'), 'first writer\nfirst writer, still appending\nsecond writer\n');
    }
    finally {
        cleanup();
    }
});
//# sourceMappingURL=truncation.test.js.map
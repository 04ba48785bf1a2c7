import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import { createReadStream, createWriteStream, LogReadStream, LogWriteStream, open, read, stat, } from '../src/index.js';
import { childScript, collect } from './helpers/children.js';
import { tempDir } from './helpers/files.js';
const text = (data) => Buffer.from(data).toString('utf8');
test('pipeline: a log through a Transform into another log, one record per chunk', async () => {
    const { dir, cleanup } = tempDir();
    try {
        const source = open(`${dir}/a.log`, { format: 'framed' });
        const sent = Array.from({ length: 500 }, (_, i) => `record ${i} ${'é'.repeat(i % 50)}`);
        for (const s of sent)
            source.append(s);
        source.close();
        const reader = createReadStream(`${dir}/a.log`);
        assert.ok(reader instanceof LogReadStream);
        const writer = createWriteStream(`${dir}/b.log`, { format: 'framed' });
        assert.ok(writer instanceof LogWriteStream);
        const upper = new Transform({
            objectMode: true,
            transform(record, _encoding, callback) {
                callback(null, Buffer.from(text(record.data).toUpperCase()));
            },
        });
        await pipeline(reader, upper, writer);
        assert.deepEqual([...read(`${dir}/b.log`)].map((r) => text(r.data)), sent.map((s) => s.toUpperCase()));
        const after = stat(`${dir}/b.log`);
        assert.deepEqual(after.writers, [], 'the ended write stream closed its log');
        assert.equal(after.fileSize, after.cursor, 'and trimmed it');
        // Chunks of every kind: a string (in any encoding), a Buffer, a Uint8Array; write() never asks to wait.
        const raw = createWriteStream(`${dir}/c.log`);
        assert.equal(raw.write('one\n'), true);
        assert.equal(raw.write('74776f0a', 'hex'), true);
        assert.equal(raw.write(Buffer.from('three\n')), true);
        assert.equal(raw.write(new Uint8Array(Buffer.from(`${'x'.repeat(100_000)}\n`))), true, 'no backpressure');
        // Written before write() returned, not when the stream gets round to it.
        assert.match(readFileSync(`${dir}/c.log`, 'utf8'), /^one\ntwo\nthree\nx{100000}\n/);
        raw.end();
        await once(raw, 'close');
        assert.equal(readFileSync(`${dir}/c.log`, 'utf8'), `one\ntwo\nthree\n${'x'.repeat(100_000)}\n`);
    }
    finally {
        cleanup();
    }
});
test('backpressure: a slow consumer holds the reader to highWaterMark records ahead', async () => {
    const { dir, cleanup } = tempDir();
    try {
        const log = open(`${dir}/many.log`, { format: 'framed' });
        const total = 300;
        for (let i = 0; i < total; i++)
            log.append(`r${i}`);
        log.close();
        const highWaterMark = 4;
        const reader = createReadStream(`${dir}/many.log`, { highWaterMark });
        // Every record the reader takes from the log is pushed at once: count them there.
        let read = 0;
        const push = reader.push.bind(reader);
        reader.push = (chunk) => {
            if (chunk !== null)
                read++;
            return push(chunk);
        };
        let consumed = 0;
        let ahead = 0;
        const seen = [];
        const slow = new Writable({
            objectMode: true,
            highWaterMark: 1,
            write(record, _encoding, callback) {
                consumed++;
                ahead = Math.max(ahead, read - consumed);
                seen.push(text(record.data));
                setTimeout(callback, 1);
            },
        });
        await pipeline(reader, slow);
        assert.deepEqual(seen, Array.from({ length: total }, (_, i) => `r${i}`));
        // Read ahead: what the reader buffers (highWaterMark) and the one the consumer has queued.
        assert.ok(ahead >= highWaterMark, `it does read ahead (${ahead})`);
        assert.ok(ahead <= highWaterMark + 1, `never more than highWaterMark + 1 records ahead (${ahead})`);
    }
    finally {
        cleanup();
    }
});
test('follow: records appended later arrive; destroy() ends the wait and releases everything', async () => {
    const { dir, cleanup } = tempDir();
    try {
        const path = `${dir}/followed.log`;
        const log = open(path, { format: 'framed' });
        log.append('early');
        const count = 6;
        const child = fork(childScript('streamFollower'), [path, String(count)], {
            stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
        });
        const result = collect(child);
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await once(child, 'message');
        // Appended while the stream waits for them (the child is asleep on the log's futex by now).
        for (let i = 1; i < count; i++) {
            await new Promise((resolve) => setTimeout(resolve, 20));
            log.append(`late ${i}`);
        }
        const { code, signal, messages, stderr } = await result;
        clearTimeout(killer);
        log.close();
        assert.equal(signal, null, `the child exited by itself once destroyed (no handle left): ${stderr}`);
        assert.equal(code, 0, stderr);
        const records = messages.filter((m) => m.text !== undefined);
        assert.deepEqual(records.map((r) => r.text), ['early', 'late 1', 'late 2', 'late 3', 'late 4', 'late 5']);
        const done = messages.at(-1);
        assert.equal(done.done, true);
        assert.equal(done.fds, done.before, 'every descriptor of the log closed');
        assert.equal(done.mapped, false, 'no mapping of the log left');
    }
    finally {
        cleanup();
    }
});
test('failures are error events, never thrown; malformed arguments are thrown at once', async () => {
    const { dir, cleanup } = tempDir();
    try {
        const missing = createWriteStream(`${dir}/no/such/dir.log`);
        const [openError] = (await once(missing, 'error'));
        assert.equal(openError.code, 'ENOENT');
        const small = createWriteStream(`${dir}/small.log`, { maxRecordSize: 10 });
        small.write('fits\n');
        small.write('much too long for this log\n');
        const [tooLong] = (await once(small, 'error'));
        assert.ok(tooLong instanceof RangeError);
        assert.equal(small.destroyed, true);
        assert.deepEqual(stat(`${dir}/small.log`).writers, [], 'destroyed: the log is closed');
        assert.equal(readFileSync(`${dir}/small.log`, 'utf8'), 'fits\n');
        const absent = createReadStream(`${dir}/absent.log`);
        absent.resume();
        const [readError] = (await once(absent, 'error'));
        assert.equal(readError.code, 'ENOENT');
        const framed = open(`${dir}/f.log`, { format: 'framed' });
        framed.append('a record');
        framed.close();
        const inside = createReadStream(`${dir}/f.log`, { from: 68 });
        inside.resume();
        const [boundary] = (await once(inside, 'error'));
        assert.equal(boundary.code, 'ERR_MMLOG_NOT_A_BOUNDARY');
        assert.throws(() => createWriteStream(''), TypeError);
        assert.throws(() => createWriteStream(`${dir}/x.log`, { format: 'bogus' }), RangeError);
        assert.throws(() => createWriteStream(`${dir}/x.log`, { bogus: 1 }), /unknown option 'bogus'/);
        assert.throws(() => createReadStream(1), TypeError);
        assert.throws(() => createReadStream(`${dir}/f.log`, { bogus: 1 }), /unknown option 'bogus'/);
        assert.throws(() => createReadStream(`${dir}/f.log`, { from: -1 }), RangeError);
        assert.throws(() => createReadStream(`${dir}/f.log`, { from: '0' }), TypeError);
        assert.throws(() => createReadStream(`${dir}/f.log`, { follow: 1 }), TypeError);
        assert.throws(() => createReadStream(`${dir}/f.log`, { highWaterMark: 1.5 }), RangeError);
        assert.throws(() => createReadStream(`${dir}/f.log`, { onCorrupt: 'ignore' }), RangeError);
        assert.equal(existsSync(`${dir}/x.log`), false, 'refused before any file is touched');
        // A stream destroyed before it was ever read opened nothing.
        const unread = createReadStream(`${dir}/f.log`, { follow: true });
        unread.destroy();
        await once(unread, 'close');
    }
    finally {
        cleanup();
    }
});
//# sourceMappingURL=streams.test.js.map
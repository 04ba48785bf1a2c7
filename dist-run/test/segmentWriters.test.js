/**
 * Segmented logs under many writers: eight processes appending records of
 * random sizes into 64 KiB segments (thousands of rolls), and a follower
 * that starts at 0 and crosses a thousand rolls while a writer appends.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { follow, open, read, stat, verify } from '../src/index.js';
import { frameSize } from '../src/layout/frame.js';
import { segmentFileName } from '../src/storage/logPaths.js';
import { tempDir } from './helpers/files.js';
import { placedRecords, planWriters, runWriters } from './helpers/writers.js';
const SEGMENT = 64 * 1024;
const PROCESSES = Array.from({ length: 8 }, () => 'process');
for (const [format, count] of [
    ['framed', 50_000],
    ['raw', 25_000],
]) {
    test(`${format}: 8 processes, random sizes, 64 KiB segments: every record once, byte-exact, at its position, in one segment`, async () => {
        const { dir, cleanup } = tempDir();
        try {
            const path = join(dir, 'log');
            const options = { format, segmentSize: SEGMENT };
            open(path, options).close();
            const plans = planWriters(dir, path, PROCESSES, count, options, 'bytes').map((plan) => ({
                ...plan,
                spec: { ...plan.spec, maxSize: 16 * 1024 },
            }));
            await runWriters(plans);
            // Positions grow per writer (placedRecords checks it) and tile the log with no overlap.
            const placed = placedRecords(plans);
            const footprint = (n) => (format === 'framed' ? frameSize(n) : n);
            const files = new Map();
            const fileOf = (k) => {
                let file = files.get(k);
                if (file === undefined) {
                    file = readFileSync(join(path, segmentFileName(k * SEGMENT)));
                    files.set(k, file);
                }
                return file;
            };
            let previousEnd = 0;
            for (const { pos, bytes } of placed) {
                const end = pos + footprint(bytes.length);
                const k = Math.floor(pos / SEGMENT);
                assert.ok(pos >= previousEnd, `record at ${pos} overlaps the one before (ending at ${previousEnd})`);
                assert.ok(end <= (k + 1) * SEGMENT, `record at ${pos} straddles the end of segment ${k}`);
                const at = pos - k * SEGMENT + (format === 'framed' ? 8 : 0);
                assert.ok(fileOf(k)
                    .subarray(at, at + bytes.length)
                    .equals(bytes), `record at ${pos} is byte-exact in its file`);
                previousEnd = end;
            }
            const rolls = Math.floor(stat(path).cursor / SEGMENT);
            assert.ok(rolls >= 1000, `thousands of rolls (${rolls})`);
            // What a reader returns: exactly the records (framed) or exactly their bytes (raw), in position order.
            if (format === 'framed') {
                let i = 0;
                for (const record of read(path)) {
                    const expected = placed[i++];
                    assert.equal(record.pos, expected?.pos);
                    assert.ok(Buffer.from(record.data).equals(expected?.bytes), `record ${i} read back exactly`);
                }
                assert.equal(i, placed.length, 'the reader returned every record once');
            }
            else {
                const chunks = [...read(path)].map((r) => Buffer.from(r.data));
                assert.ok(Buffer.concat(chunks).equals(Buffer.concat(placed.map((p) => p.bytes))), 'raw reader: exactly the bytes');
            }
            assert.equal(verify(path).ok, true);
            console.log(`# ${format}: ${placed.length} records, ${rolls} rolls`);
        }
        finally {
            cleanup();
        }
    });
}
test('a follower that starts at 0 crosses more than 1,000 rolls and sees every record once, in order', async () => {
    const { dir, cleanup } = tempDir();
    try {
        const path = join(dir, 'log');
        const options = { format: 'framed', segmentSize: SEGMENT };
        open(path, options).close();
        const count = 250_000;
        const plans = planWriters(dir, path, ['process'], count, options, 'bytes').map((plan) => ({
            ...plan,
            spec: { ...plan.spec, maxSize: 4096 },
        }));
        const writing = runWriters(plans);
        const seen = [];
        for await (const record of follow(path, { from: 0 })) {
            seen.push(record);
            if (seen.length === count)
                break;
        }
        await writing;
        const placed = placedRecords(plans);
        assert.equal(seen.length, placed.length);
        for (let i = 0; i < placed.length; i++) {
            assert.equal(seen[i]?.pos, placed[i]?.pos, `record ${i} at its position`);
            assert.ok(Buffer.from(seen[i]?.data).equals(placed[i]?.bytes), `record ${i} exact`);
        }
        const rolls = Math.floor(stat(path).cursor / SEGMENT);
        assert.ok(rolls > 1000, `the follower crossed more than 1,000 rolls (${rolls})`);
        console.log(`# follower: ${seen.length} records across ${rolls} rolls`);
    }
    finally {
        cleanup();
    }
});
//# sourceMappingURL=segmentWriters.test.js.map
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { CorruptionError, ErrorCode, MmlogError, open, read } from '../src/index.js';
import { tempDir } from './helpers/files.js';
import { prng } from './helpers/records.js';
const RECORDS = 60;
/** The META frame a framed data file starts with, and the errors its damage is refused with. */
const META_SIZE = 64;
// A file cut below its META frame is reported as cut (DATA_SHRUNK); a damaged one as corrupt or not this log.
const META_CODES = new Set([ErrorCode.CORRUPT, ErrorCode.WRONG_DATA, ErrorCode.VERSION, ErrorCode.DATA_SHRUNK]);
/** A healthy framed log: its files' bytes and every record's position and payload. */
function template(dir) {
    const path = `${dir}/template`;
    const log = open(path, { format: 'framed', chunkSize: 64 * 1024 });
    const next = prng(7);
    const records = [];
    for (let i = 0; i < RECORDS; i++) {
        const data = Buffer.alloc(1 + Math.floor(next() * 300));
        for (let j = 0; j < data.length; j++)
            data[j] = (next() * 256) | 0;
        records.push({ pos: log.append(data), data });
    }
    log.close();
    return { data: readFileSync(path), control: readFileSync(`${path}.ctl`), records };
}
/** One kind of damage, at a byte offset anywhere in a file of `size` bytes. */
function damage(size) {
    return fc.oneof(fc.record({ kind: fc.constant('flip'), at: fc.nat(size - 1), bit: fc.nat(7) }), fc.record({
        kind: fc.constant('garbage'),
        at: fc.nat(size - 1),
        bytes: fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 96 }), fc.nat(96).map((n) => new Uint8Array(n + 1))),
    }));
}
/** Applies the damage; returns the damaged file and the damaged byte ranges. */
function apply(original, damages, truncateAt) {
    const data = Buffer.from(original);
    const ranges = [];
    for (const d of damages) {
        const at = d.at;
        if (d.kind === 'flip') {
            data[at] ^= 1 << d.bit;
            ranges.push([at, at + 1]);
        }
        else {
            const bytes = d.bytes.subarray(0, data.length - at);
            data.set(bytes, at);
            ranges.push([at, at + bytes.length]);
        }
    }
    const length = truncateAt === null ? data.length : truncateAt;
    return { data: data.subarray(0, length), ranges, length };
}
test('property: damaged framed logs (flips, garbage runs, truncation) — typed errors only, no loops, every intact record returned', () => {
    const { dir, cleanup } = tempDir();
    try {
        const healthy = template(dir);
        const path = `${dir}/log`;
        let damagedCases = 0;
        fc.assert(fc.property(fc.array(damage(healthy.data.length), { minLength: 1, maxLength: 4 }), fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(healthy.data.length) }), (damages, truncateAt) => {
            const { data, ranges, length } = apply(healthy.data, damages, truncateAt);
            writeFileSync(path, data);
            writeFileSync(`${path}.ctl`, healthy.control);
            // Skipping: never loops, returns only real records, and every intact one. It
            // throws only when the META frame (the first 64 bytes) no longer names the log.
            const metaTouched = ranges.some(([s]) => s < META_SIZE) || length < META_SIZE;
            const returned = new Map();
            let steps = 0;
            const skipped = [];
            try {
                for (const record of read(path, {
                    onCorrupt: 'skip',
                    readOnly: true,
                    onSkip: (s, e) => skipped.push([s, e]),
                })) {
                    assert.ok(++steps <= RECORDS, 'the reader does not loop');
                    returned.set(record.pos, Buffer.from(record.data));
                }
            }
            catch (error) {
                assert.ok(metaTouched, `only a damaged META frame refuses the log, got ${String(error)}`);
                assert.ok(error instanceof MmlogError && META_CODES.has(error.code), String(error));
                assert.equal(steps, 0, 'nothing was read');
                return;
            }
            const byPos = new Map(healthy.records.map((r) => [r.pos, r.data]));
            for (const [pos, bytes] of returned) {
                assert.ok(byPos.get(pos)?.equals(bytes), `record at ${pos} is one that was written, unchanged`);
            }
            for (const { pos, data: payload } of healthy.records) {
                const end = pos + ((payload.length + 15) & ~7);
                const touched = ranges.some(([s, e]) => s < end && e > pos) || end > length;
                if (!touched)
                    assert.ok(returned.has(pos), `intact record at ${pos} is returned`);
            }
            if (skipped.length > 0)
                damagedCases++;
            for (const [start, end] of skipped)
                assert.ok(end > start, 'a skipped range is never empty');
            // Throwing: only the typed corruption error, after a prefix of the same records.
            const prefix = [];
            try {
                for (const record of read(path, { readOnly: true }))
                    prefix.push(record.pos);
            }
            catch (error) {
                assert.ok(error instanceof CorruptionError, `only CorruptionError is thrown, got ${String(error)}`);
                assert.equal(error.code, 'ERR_MMLOG_CORRUPT');
                assert.ok(error.end > error.start, 'the error says where reading can resume');
            }
            assert.deepEqual(prefix, [...returned.keys()].slice(0, prefix.length));
        }), { numRuns: 1000 });
        assert.ok(damagedCases > 300, `many cases had damage to detect and skip (${damagedCases} of 1000)`);
    }
    finally {
        cleanup();
    }
});
//# sourceMappingURL=corruption.test.js.map
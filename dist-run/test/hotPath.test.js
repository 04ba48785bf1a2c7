/**
 * The append hot path against its references: the frame layout of
 * src/layout/frame.ts and the reference CRC32C of test/helpers. The native commit
 * (native/hotPath.cc) and the JavaScript short path must both produce exactly
 * those bytes, for every kind of string and for bytes, at positions across
 * the whole 53-bit range.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { open, read } from '../src/index.js';
import { CRC_OFFSET, frameSize, HEADER_SIZE, LEN_WORD_OFFSET, lenWordOf, RecordType } from '../src/layout/frame.js';
import { native } from '../src/native/binding.js';
import { frameSeed, NATIVE_CRC_THRESHOLD } from '../src/native/crc32c.js';
import { FramedWriter } from '../src/writing/framedWriter.js';
import { RawWriter } from '../src/writing/rawWriter.js';
import { utf8Length } from '../src/writing/recordWriter.js';
import { crc32cReference } from './helpers/crc32cReference.js';
import { tempDir } from './helpers/files.js';
const SIZE = 1 << 20;
const target = new SharedArrayBuffer(SIZE);
/** A window whose first position is `base`: a frame at `pos` lands at offset `pos - base`. */
const store = {
    base: 0,
    sab: target,
    buf: Buffer.from(target),
    u8: new Uint8Array(target),
    i32: new Int32Array(target),
};
/** A string as a caller may hold it: flat (one V8 sequential string) or built by concatenation. */
function shaped(text, flat) {
    if (!flat)
        return text.length < 2 ? text : text.slice(0, 1) + text.slice(1);
    let oneByte = true;
    for (let i = 0; i < text.length && oneByte; i++)
        oneByte = text.charCodeAt(i) <= 0xff;
    return oneByte ? Buffer.from(text, 'latin1').toString('latin1') : Buffer.from(text, 'utf16le').toString('utf16le');
}
const text = fc.oneof(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 }), fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 }), 
// Any UTF-16 units, lone surrogates included (written as U+FFFD, like Buffer does).
fc.string({ unit: 'binary', maxLength: 100 }));
const position = fc.oneof(fc.nat(), fc.maxSafeNat());
const frameOffset = fc.integer({ min: 0, max: 512 }).map((k) => k * 8);
const logId = fc.record({ lo: fc.nat().map((n) => n >>> 0), hi: fc.nat().map((n) => n >>> 0) });
/** What a framed record must look like: the layout module and the reference CRC. */
function expectFrame(offset, logIdLo, logIdHi, pos, payload, shown) {
    const lenWord = lenWordOf(RecordType.DATA, payload.length);
    const idRegister = new FramedWriter({ logIdLo, logIdHi })['idRegister'];
    const view = Buffer.from(target, offset, frameSize(payload.length));
    assert.equal(view.readUInt32LE(LEN_WORD_OFFSET), lenWord, `lenWord of ${shown}`);
    assert.equal(view.readUInt32LE(CRC_OFFSET), crc32cReference(frameSeed(idRegister, pos, lenWord), payload), `crc of ${shown}`);
    assert.ok(view.subarray(HEADER_SIZE, HEADER_SIZE + payload.length).equals(payload), `payload of ${shown}`);
}
function clearFrame(offset, length) {
    store.u8.fill(0, offset, offset + frameSize(length));
}
test('utf8Length equals Buffer.byteLength for every kind of string', () => {
    fc.assert(fc.property(text, fc.boolean(), (raw, flat) => {
        const value = shaped(raw, flat);
        assert.equal(utf8Length(value), Buffer.byteLength(value, 'utf8'));
    }), { numRuns: 3000 });
});
test('framed writer, strings (JavaScript short path and native writeStringFrame): the frame equals the layout and reference CRC', () => {
    fc.assert(fc.property(text, fc.boolean(), frameOffset, logId, position, (raw, flat, offset, id, pos) => {
        const value = shaped(raw, flat);
        const payload = Buffer.from(value, 'utf8');
        const writer = new FramedWriter({ logIdLo: id.lo, logIdHi: id.hi });
        clearFrame(offset, payload.length);
        store.base = pos - offset;
        writer.write(store, pos, value, utf8Length(value));
        expectFrame(offset, id.lo, id.hi, pos, payload, JSON.stringify(value));
    }), { numRuns: 3000 });
});
test('framed writer, bytes (JavaScript short path and native commitFrame): the frame equals the layout and reference CRC', () => {
    const sizes = fc.oneof(fc.integer({ min: 0, max: NATIVE_CRC_THRESHOLD + 8 }), fc.integer({ min: 0, max: 5000 }));
    fc.assert(fc.property(sizes.chain((n) => fc.uint8Array({ minLength: n, maxLength: n })), frameOffset, logId, position, (bytes, offset, id, pos) => {
        const writer = new FramedWriter({ logIdLo: id.lo, logIdHi: id.hi });
        clearFrame(offset, bytes.length);
        store.base = pos - offset;
        writer.write(store, pos, bytes, bytes.length);
        expectFrame(offset, id.lo, id.hi, pos, Buffer.from(bytes), `${bytes.length} bytes`);
    }), { numRuns: 2000 });
});
test('raw writer: the bytes of Buffer.from, for every kind of string and for bytes', () => {
    const writer = new RawWriter();
    fc.assert(fc.property(fc.oneof(text, fc.uint8Array({ maxLength: 400 })), fc.boolean(), fc.nat(4096), (raw, flat, offset) => {
        const value = typeof raw === 'string' ? shaped(raw, flat) : raw;
        const expected = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
        const length = typeof value === 'string' ? utf8Length(value) : value.length;
        store.u8.fill(0xee, offset, offset + length + 1);
        store.base = 0;
        writer.write(store, offset, value, length);
        assert.ok(Buffer.from(target, offset, length).equals(expected));
        assert.equal(store.u8[offset + length], 0xee, 'nothing written past the record');
    }), { numRuns: 2000 });
});
test('native frame calls refuse bad arguments with -1 and write nothing', () => {
    const sentinel = Buffer.from(target, 64, 64);
    sentinel.fill(0x5a);
    const bad = [
        ['misaligned header', () => native.commitFrame(target, 66, 0, 0, 0, 1)],
        ['past the end', () => native.commitFrame(target, SIZE - 8, 1, 0, 0, 1)],
        ['negative position', () => native.commitFrame(target, 64, 1, 0, -1, 1)],
        ['NaN position', () => native.commitFrame(target, 64, 1, 0, Number.NaN, 1)],
        ['fractional position', () => native.commitFrame(target, 64, 1, 0, 1.5, 1)],
        ['position past 2^53 - 1', () => native.commitFrame(target, 64, 1, 0, 2 ** 53, 1)],
        ['negative offset', () => native.commitFrame(target, -8, 1, 0, 0, 1)],
        ['not a SharedArrayBuffer', () => native.commitFrame(new ArrayBuffer(256), 64, 1, 0, 0, 1)],
        ['missing arguments', () => native.commitFrame(target, 64)],
        ['string past the end', () => native.writeStringFrame('abc', target, SIZE - 10, 3, 0, 0, 3)],
        ['string, wrong length', () => native.writeStringFrame('abc', target, 64, 4, 0, 0, 4)],
        ['string, longer than told', () => native.writeStringFrame('ab\u20ac', target, 64, 3, 0, 0, 3)],
        ['not a string', () => native.writeStringFrame(42, target, 64, 2, 0, 0, 2)],
    ];
    for (const [what, call] of bad)
        assert.equal(call(), -1, what);
    assert.equal(native.commitFrame(target, 4, 0, 0, 0, 1), 0, 'a 4-aligned header is accepted');
    assert.ok(sentinel.every((b) => b === 0x5a), 'a rejected call wrote nothing');
});
test('100,000 appends of each kind read back exactly (raw file bytes; framed records)', () => {
    const { dir, cleanup } = tempDir();
    try {
        const line = `${'x'.repeat(20)} hot path\n`;
        const rawPath = join(dir, 'hot.log');
        const log = open(rawPath, { format: 'raw' });
        for (let i = 0; i < 100_000; i++)
            log.append(line);
        log.close();
        assert.equal(readFileSync(rawPath, 'latin1'), line.repeat(100_000));
        const framedPath = join(dir, 'hot-framed.log');
        const framed = open(framedPath, { format: 'framed' });
        const values = [line, 'é short', Buffer.from('bytes!'), new Uint8Array(300).fill(7), `${'y'.repeat(40)}\u20ac`];
        for (let i = 0; i < 100_000; i++)
            framed.append(values[i % values.length]);
        framed.close();
        let n = 0;
        for (const record of read(framedPath)) {
            const value = values[n % values.length];
            const expected = typeof value === 'string' ? Buffer.from(value) : Buffer.from(value);
            assert.ok(Buffer.from(record.data).equals(expected), `record ${n}`);
            n++;
        }
        assert.equal(n, 100_000);
    }
    finally {
        cleanup();
    }
});
//# sourceMappingURL=hotPath.test.js.map
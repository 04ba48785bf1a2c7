/**
 * Child side of the hot-path tests. Run once with V8's defaults (optimized
 * callers reach the fast API functions) and once with
 * `--no-turbo-fast-api-calls` (every call takes the ordinary callback), so
 * that both paths are held to the same results. Reports its findings, and
 * this thread's fast-call count, to the parent.
 */
import { readFileSync, rmSync } from 'node:fs';
import fc from 'fast-check';
import { commitFrame, NO_CHECKSUM, StringStager } from '../../src/engine/hotPath.js';
import { open } from '../../src/engine/log.js';
import { crc32cJs, frameSeed } from '../../src/formats/crc32c.js';
import { native } from '../../src/native.js';
import { read } from '../../src/reading/read.js';
const [dir] = process.argv.slice(2);
native.countFastCalls(true);
const failures = [];
function check(condition, what) {
    if (!condition && failures.length < 20)
        failures.push(what);
}
// A string as a caller may hold it: flat (one V8 sequential string) or built
// by concatenation (a cons string); fast calls accept only the first kind.
function shaped(text, flat) {
    if (!flat)
        return text.length < 2 ? text : text.slice(0, 1) + text.slice(1);
    // Round-tripping through a Buffer yields a fresh sequential string.
    let oneByte = true;
    for (let i = 0; i < text.length && oneByte; i++)
        oneByte = text.charCodeAt(i) <= 0xff;
    return oneByte ? Buffer.from(text, 'latin1').toString('latin1') : Buffer.from(text, 'utf16le').toString('utf16le');
}
const target = new SharedArrayBuffer(1 << 20);
const store = { sab: target, buf: Buffer.from(target), u8: new Uint8Array(target) };
const stager = new StringStager();
const text = fc.oneof(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 }), fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 }), 
// Any UTF-16 units, lone surrogates included (written as U+FFFD, like Buffer does).
fc.string({ unit: 'binary', maxLength: 100 }));
// Warm up: enough calls of every kind for V8 to optimize the stager, so that
// the property below runs through optimized code (and so fast calls, where
// the flags allow them), not just the interpreter.
const warmUp = [
    shaped('plain ascii line', true),
    shaped('caf\xe9 latin-1', true),
    `${'cons'.repeat(5)}!`,
    'two-byte \u20ac',
];
for (let i = 0; i < 200_000; i++) {
    const value = warmUp[i & 3];
    stager.write(store, value, (i & 255) * 64, stager.measure(value), i & 1 ? NO_CHECKSUM : i);
}
// 1. Any string, flat or not, written with or without a checksum, gives the
//    bytes of Buffer.from(text) and their CRC32C.
const propertyStart = native.fastCallCount();
fc.assert(fc.property(text, fc.boolean(), fc.integer({ min: 0, max: 4096 }), fc.nat(), (raw, flat, offset, seed) => {
    const value = shaped(raw, flat);
    const expected = Buffer.from(value, 'utf8');
    const length = stager.measure(value);
    check(length === expected.length, `length of ${JSON.stringify(value)}: ${length} vs ${expected.length}`);
    const crc = stager.write(store, value, offset, length, seed >>> 0);
    const written = Buffer.from(target, offset, length);
    check(written.equals(expected), `bytes of ${JSON.stringify(value)}`);
    check(crc === crc32cJs(seed >>> 0, expected), `crc of ${JSON.stringify(value)}`);
    check(stager.write(store, value, offset, length, NO_CHECKSUM) === 0, 'no checksum asked, 0 returned');
}), { numRuns: 3000 });
// 1b. The same strings and bytes as the payload of a frame: the payload
//     bytes after the 8-byte header, the CRC32C of logId ‖ pos ‖ lenWord ‖
//     payload (the reference is the JavaScript fold and loop), and the lenWord
//     last. Positions span the whole 53-bit range the engine can reach.
const frameCheck = (value, offset, idRegister, pos, how) => {
    const expected = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
    const length = expected.length;
    const lenWord = (0x1 << 28) | length;
    const words = new Int32Array(target, offset, 2);
    words[0] = 0;
    words[1] = 0;
    how(length, lenWord);
    const shown = typeof value === 'string' ? JSON.stringify(value) : `${length} bytes`;
    check(Buffer.from(target, offset + 8, length).equals(expected), `frame payload of ${shown}`);
    check(words[0] >>> 0 === lenWord >>> 0, `frame lenWord of ${shown}`);
    check(words[1] >>> 0 === crc32cJs(frameSeed(idRegister, pos, lenWord), expected), `frame crc of ${shown} at ${pos}`);
};
const framePosition = fc.oneof(fc.nat(), fc.maxSafeNat());
const frameOffset = fc.integer({ min: 0, max: 512 }).map((k) => k * 8);
fc.assert(fc.property(text, fc.boolean(), frameOffset, fc.nat(), framePosition, (raw, flat, offset, id, pos) => {
    const value = shaped(raw, flat);
    const idRegister = id >>> 0;
    frameCheck(value, offset, idRegister, pos, (length, lenWord) => {
        check(stager.measure(value) === length, `measured length of ${JSON.stringify(value)}`);
        stager.writeFrame(store, value, offset, length, idRegister, pos, lenWord);
    });
}), { numRuns: 2000 });
fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), frameOffset, fc.nat(), framePosition, (bytes, offset, id, pos) => {
    frameCheck(bytes, offset, id >>> 0, pos, (length, lenWord) => {
        store.u8.set(bytes, offset + 8);
        commitFrame(store, offset, length, id >>> 0, pos, lenWord);
    });
}), { numRuns: 1000 });
const propertyFastCalls = native.fastCallCount() - propertyStart;
// 2. Bad arguments give -1 on every path, and write nothing.
const sentinel = Buffer.from(target, 64, 64);
sentinel.fill(0x5a);
for (let round = 0; round < 20_000; round++) {
    check(native.fetchAdd64(target, 4, 1) === -1, 'fetchAdd64 misaligned');
    check(native.fetchAdd64(target, (1 << 20) - 4, 1) === -1, 'fetchAdd64 past the end');
    check(native.fetchAdd64({}, 0, 1) === -1, 'fetchAdd64 not a SharedArrayBuffer');
    check(native.crc32cShared(target, (1 << 20) - 10, 11, 0) === -1, 'crc32cShared past the end');
    check(native.writeAscii('abc', target, (1 << 20) - 2, 1, 0) === -1, 'writeAscii past the end');
    check(native.copyShared(target, 0, target, (1 << 20) - 2, 3, 0, 0) === -1, 'copyShared past the end');
    check(native.measureString('x'.repeat(50), new SharedArrayBuffer(16)) === -1, 'measureString, scratch too small');
    check(native.commitFrame(target, 4, 0, 0, 0, 1) === 0, 'commitFrame, 4-aligned header');
    check(native.commitFrame(target, 66, 0, 0, 0, 1) === -1, 'commitFrame, misaligned header');
    check(native.commitFrame(target, (1 << 20) - 8, 1, 0, 0, 1) === -1, 'commitFrame past the end');
    check(native.commitFrame(target, 64, 1, 0, -1, 1) === -1, 'commitFrame, negative position');
    check(native.commitFrame(target, 64, 1, 0, Number.NaN, 1) === -1, 'commitFrame, NaN position');
    check(native.commitFrame(target, 64, 1, 0, 2 ** 53, 1) === -1, 'commitFrame, position past 2^53 - 1');
    check(native.writeAsciiFrame('abc', target, (1 << 20) - 10, 0, 0, 3) === -1, 'writeAsciiFrame past the end');
    check(native.writeAsciiFrame('abc', target, 66, 0, 0, 3) === -1, 'writeAsciiFrame, misaligned header');
    check(native.copyFrame(target, (1 << 20) - 2, target, 64, 3, 0, 0, 3) === -1, 'copyFrame, source past the end');
    check(native.copyFrame(target, 0, target, (1 << 20) - 10, 3, 0, 0, 3) === -1, 'copyFrame, target past the end');
    check(native.copyFrame({}, 0, target, 64, 3, 0, 0, 3) === -1, 'copyFrame, source not shared');
}
check(sentinel.every((b) => b === 0x5a), 'a rejected call wrote nothing');
// 3. fetchAdd64 is exact beyond 32 bits and returns the value before the add.
const words = new BigInt64Array(target);
words[1] = 2n ** 40n + 5n;
check(native.fetchAdd64(target, 8, 4096) === 2 ** 40 + 5, 'fetchAdd64 previous value');
check(words[1] === 2n ** 40n + 4101n, 'fetchAdd64 stored sum');
// 4. The append path itself: a hot loop of appends reaches the fast calls.
const before = native.fastCallCount();
const path = `${dir}/hot.log`;
const log = open(path, { format: 'raw' });
const line = `${'x'.repeat(20)} hot path\n`;
for (let i = 0; i < 100_000; i++)
    log.append(line);
log.close();
check(readFileSync(path, 'latin1') === line.repeat(100_000), 'appended file content');
rmSync(path);
rmSync(`${path}.ctl`);
// …and of framed appends, whose frames the reader then checks one by one.
const framedPath = `${dir}/hot-framed.log`;
const framed = open(framedPath, { format: 'framed' });
const flatLine = shaped(line, true);
for (let i = 0; i < 100_000; i++)
    framed.append(i & 1 ? flatLine : line);
framed.close();
const appendFastCalls = native.fastCallCount() - before;
let records = 0;
for (const record of read(framedPath)) {
    check(Buffer.from(record.data).toString('latin1') === line, `framed record ${records}`);
    records++;
}
check(records === 100_000, `framed records read back: ${records}`);
rmSync(framedPath);
rmSync(`${framedPath}.ctl`);
process.send?.({ failures, fastCalls: native.fastCalls, fastCallCount: native.fastCallCount(), propertyFastCalls, appendFastCalls }, () => process.disconnect());
//# sourceMappingURL=hotPathChecks.js.map
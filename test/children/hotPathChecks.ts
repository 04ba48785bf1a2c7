/**
 * Child side of the hot-path tests. Run once with V8's defaults (optimized
 * callers reach the fast API functions) and once with
 * `--no-turbo-fast-api-calls` (every call takes the ordinary callback), so
 * that both paths are held to the same results. Reports its findings, and
 * this thread's fast-call count, to the parent.
 */
import { readFileSync, rmSync } from 'node:fs';
import fc from 'fast-check';
import { NO_CHECKSUM, StringStager } from '../../src/engine/hotPath.js';
import { open } from '../../src/engine/log.js';
import type { DataStore } from '../../src/engine/storage.js';
import { crc32cJs } from '../../src/formats/crc32c.js';
import { native } from '../../src/native.js';

const [dir] = process.argv.slice(2);
native.countFastCalls(true);
const failures: string[] = [];

function check(condition: boolean, what: string): void {
  if (!condition && failures.length < 20) failures.push(what);
}

// A string as a caller may hold it: flat (one V8 sequential string) or built
// by concatenation (a cons string); fast calls accept only the first kind.
function shaped(text: string, flat: boolean): string {
  if (!flat) return text.length < 2 ? text : text.slice(0, 1) + text.slice(1);
  // Round-tripping through a Buffer yields a fresh sequential string.
  let oneByte = true;
  for (let i = 0; i < text.length && oneByte; i++) oneByte = text.charCodeAt(i) <= 0xff;
  return oneByte ? Buffer.from(text, 'latin1').toString('latin1') : Buffer.from(text, 'utf16le').toString('utf16le');
}

const target = new SharedArrayBuffer(1 << 20);
const store = { sab: target, buf: Buffer.from(target), u8: new Uint8Array(target) } as unknown as DataStore;
const stager = new StringStager();

const text = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  // Any UTF-16 units, lone surrogates included (written as U+FFFD, like Buffer does).
  fc.string({ unit: 'binary', maxLength: 100 }),
);

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
fc.assert(
  fc.property(text, fc.boolean(), fc.integer({ min: 0, max: 4096 }), fc.nat(), (raw, flat, offset, seed) => {
    const value = shaped(raw, flat);
    const expected = Buffer.from(value, 'utf8');
    const length = stager.measure(value);
    check(length === expected.length, `length of ${JSON.stringify(value)}: ${length} vs ${expected.length}`);
    const crc = stager.write(store, value, offset, length, seed >>> 0);
    const written = Buffer.from(target, offset, length);
    check(written.equals(expected), `bytes of ${JSON.stringify(value)}`);
    check(crc === crc32cJs(seed >>> 0, expected), `crc of ${JSON.stringify(value)}`);
    check(stager.write(store, value, offset, length, NO_CHECKSUM) === 0, 'no checksum asked, 0 returned');
  }),
  { numRuns: 3000 },
);
const propertyFastCalls = native.fastCallCount() - propertyStart;

// 2. Bad arguments give -1 on every path, and write nothing.
const sentinel = Buffer.from(target, 0, 64);
sentinel.fill(0x5a);
for (let round = 0; round < 20_000; round++) {
  check(native.fetchAdd64(target, 4, 1) === -1, 'fetchAdd64 misaligned');
  check(native.fetchAdd64(target, (1 << 20) - 4, 1) === -1, 'fetchAdd64 past the end');
  check(native.fetchAdd64({} as SharedArrayBuffer, 0, 1) === -1, 'fetchAdd64 not a SharedArrayBuffer');
  check(native.crc32cShared(target, (1 << 20) - 10, 11, 0) === -1, 'crc32cShared past the end');
  check(native.writeAscii('abc', target, (1 << 20) - 2, 1, 0) === -1, 'writeAscii past the end');
  check(native.copyShared(target, 0, target, (1 << 20) - 2, 3, 0, 0) === -1, 'copyShared past the end');
  check(native.measureString('x'.repeat(50), new SharedArrayBuffer(16)) === -1, 'measureString, scratch too small');
}
check(
  sentinel.every((b) => b === 0x5a),
  'a rejected call wrote nothing',
);

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
for (let i = 0; i < 100_000; i++) log.append(line);
log.close();
const appendFastCalls = native.fastCallCount() - before;
check(readFileSync(path, 'latin1') === line.repeat(100_000), 'appended file content');
rmSync(path);
rmSync(`${path}.ctl`);

process.send?.(
  { failures, fastCalls: native.fastCalls, fastCallCount: native.fastCallCount(), propertyFastCalls, appendFastCalls },
  () => process.disconnect(),
);

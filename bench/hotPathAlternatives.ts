/**
 * The design alternatives of the append hot path, measured side by side in
 * one process on a plain SharedArrayBuffer (no page faults, no other
 * writers): what a claim, a frame commit and a string copy cost done in
 * JavaScript or through an ordinary native call. Run it under each Node
 * line (`scripts/with-node.sh 24 npm run bench:hot-path`); the results and the
 * decision they led to are in docs/benchmarks.md ("Hot path").
 * @module
 */
// Imported as `append` imports it (`src/writing/recordWriter.ts`): the global is an accessor.
import { Buffer } from 'node:buffer';
import { HEADER_SIZE, lenWordOf, RecordType } from '../src/layout/frame.js';
import { native } from '../src/native/binding.js';
import { crc32cShort, frameSeed } from '../src/native/crc32c.js';
import { median } from './stats.js';

const CALLS = 1_000_000;
const SAMPLES = 7;
const REGION = 1 << 24;

const sab = new SharedArrayBuffer(REGION + 65536);
const u8 = new Uint8Array(sab);
const i32 = new Int32Array(sab);
const buf = Buffer.from(sab);
const cursor64 = new BigInt64Array(new SharedArrayBuffer(256));
const cursor32 = new Int32Array(cursor64.buffer);
const ID_REGISTER = 0x12345678;

/** Median ns per call of `step`, which returns where the next call writes. */
function measure(step: (offset: number) => number): number {
  const sample = (): number => {
    let offset = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) {
      offset = step(offset);
      if (offset > REGION) offset = 0;
    }
    return Number(process.hrtime.bigint() - t0) / CALLS;
  };
  sample();
  return median(Array.from({ length: SAMPLES }, sample));
}

const line128 = `${'x'.repeat(127)}\n`;
const bytes128 = Buffer.from(line128);
const bytes1 = new Uint8Array([65]);
const bytes16 = new Uint8Array(16).fill(65);
const bytes32 = new Uint8Array(32).fill(65);
const lenWord16 = lenWordOf(RecordType.DATA, 16);
const lenWord32 = lenWordOf(RecordType.DATA, 32);
const frame128 = (128 + HEADER_SIZE + 7) & ~7;
const lenWord128 = lenWordOf(RecordType.DATA, 128);
const lenWord1 = lenWordOf(RecordType.DATA, 1);

const rows: Array<[string, () => number]> = [
  [
    'claim: Atomics.add on a BigInt64Array',
    () => measure((o) => (Number(Atomics.add(cursor64, 1, 136n)) & 0xfff) + o + 136),
  ],
  [
    'claim: Atomics.add on an Int32Array (32 bits only)',
    () => measure((o) => (Atomics.add(cursor32, 4, 136) & 0xfff) + o + 136),
  ],
  ['an ordinary native call that does nothing', () => measure((o) => o + 8 + native.commitFrame(sab, 2, 0, 0, 0, 0))],
  [
    'frame 1 B bytes: set + JS CRC + Atomics.store',
    () =>
      measure((o) => {
        u8.set(bytes1, o + HEADER_SIZE);
        i32[(o + 4) >>> 2] = crc32cShort(frameSeed(ID_REGISTER, o, lenWord1), u8, o + HEADER_SIZE, 1);
        Atomics.store(i32, o >>> 2, lenWord1);
        return o + 16;
      }),
  ],
  [
    'frame 1 B bytes: set + native commitFrame',
    () =>
      measure((o) => {
        u8.set(bytes1, o + HEADER_SIZE);
        native.commitFrame(sab, o, 1, ID_REGISTER, o, lenWord1);
        return o + 16;
      }),
  ],
  [
    'frame 16 B bytes: set + JS CRC + Atomics.store',
    () =>
      measure((o) => {
        u8.set(bytes16, o + HEADER_SIZE);
        i32[(o + 4) >>> 2] = crc32cShort(frameSeed(ID_REGISTER, o, lenWord16), u8, o + HEADER_SIZE, 16);
        Atomics.store(i32, o >>> 2, lenWord16);
        return o + 24;
      }),
  ],
  [
    'frame 16 B bytes: set + native commitFrame',
    () =>
      measure((o) => {
        u8.set(bytes16, o + HEADER_SIZE);
        native.commitFrame(sab, o, 16, ID_REGISTER, o, lenWord16);
        return o + 24;
      }),
  ],
  [
    'frame 32 B bytes: set + JS CRC + Atomics.store',
    () =>
      measure((o) => {
        u8.set(bytes32, o + HEADER_SIZE);
        i32[(o + 4) >>> 2] = crc32cShort(frameSeed(ID_REGISTER, o, lenWord32), u8, o + HEADER_SIZE, 32);
        Atomics.store(i32, o >>> 2, lenWord32);
        return o + 40;
      }),
  ],
  [
    'frame 32 B bytes: set + native commitFrame',
    () =>
      measure((o) => {
        u8.set(bytes32, o + HEADER_SIZE);
        native.commitFrame(sab, o, 32, ID_REGISTER, o, lenWord32);
        return o + 40;
      }),
  ],
  [
    'frame 128 B bytes: set + native commitFrame',
    () =>
      measure((o) => {
        u8.set(bytes128, o + HEADER_SIZE);
        native.commitFrame(sab, o, 128, ID_REGISTER, o, lenWord128);
        return o + frame128;
      }),
  ],
  [
    'frame 128 B bytes: set + JS CRC + Atomics.store',
    () =>
      measure((o) => {
        u8.set(bytes128, o + HEADER_SIZE);
        i32[(o + 4) >>> 2] = crc32cShort(frameSeed(ID_REGISTER, o, lenWord128), u8, o + HEADER_SIZE, 128);
        Atomics.store(i32, o >>> 2, lenWord128);
        return o + frame128;
      }),
  ],
  [
    'frame 128 B string: byteLength + native writeStringFrame',
    () =>
      measure((o) => {
        const n = Buffer.byteLength(line128, 'utf8');
        native.writeStringFrame(line128, sab, o, n, ID_REGISTER, o, lenWord128);
        return o + frame128;
      }),
  ],
  [
    'frame 128 B string: the same, byteLength through the global Buffer (a getter)',
    () =>
      measure((o) => {
        const n = globalThis.Buffer.byteLength(line128, 'utf8');
        native.writeStringFrame(line128, sab, o, n, ID_REGISTER, o, lenWord128);
        return o + frame128;
      }),
  ],
  [
    'frame 128 B string: byteLength + Buffer#write + native commitFrame',
    () =>
      measure((o) => {
        const n = Buffer.byteLength(line128, 'utf8');
        buf.write(line128, o + HEADER_SIZE, n, 'latin1');
        native.commitFrame(sab, o, n, ID_REGISTER, o, lenWord128);
        return o + frame128;
      }),
  ],
  [
    'raw 128 B string: byteLength + Buffer#write',
    () =>
      measure((o) => {
        const n = Buffer.byteLength(line128, 'utf8');
        buf.write(line128, o, n, 'latin1');
        return o + n;
      }),
  ],
  [
    'raw 128 B string: TextEncoder#encodeInto a view',
    () => {
      const encoder = new TextEncoder();
      return measure((o) => o + encoder.encodeInto(line128, u8.subarray(o, o + 256)).written);
    },
  ],
  [
    'raw 128 B bytes: set',
    () =>
      measure((o) => {
        u8.set(bytes128, o);
        return o + 128;
      }),
  ],
];

console.log(
  `Node ${process.version} (V8 ${process.versions.v8}); median of ${SAMPLES} × ${CALLS.toLocaleString('en-US')} calls`,
);
for (const [name, run] of rows) console.log(`${run().toFixed(1).padStart(7)} ns  ${name}`);

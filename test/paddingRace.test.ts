/**
 * Two readers padding the same dead claims at the same moment, one with
 * PADDING and one with LOST (their verdicts differ when a dead writer's slot
 * is freed between them), must leave whole frames: one padder's lenWord with
 * its own CRC, never one's lenWord with the other's CRC, which every later
 * reader would take for corruption in a log that lost nothing.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { lenWordOf, RecordType } from '../src/layout/frame.js';
import { frameSeed } from '../src/native/crc32c.js';
import { childScript } from './helpers/children.js';

const FRAMES = 1 << 16;
const SIZE = 64;
const ID_REGISTER = 0x2f6a_91c3;
const ROUNDS = 4;

test('two threads padding the same positions with different types leave whole frames, each with its own CRC', async () => {
  const paddingWord = lenWordOf(RecordType.PADDING, SIZE - 8) >>> 0;
  const lostWord = lenWordOf(RecordType.LOST, SIZE - 8) >>> 0;
  const won = { padding: 0, lost: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const sab = new SharedArrayBuffer(FRAMES * SIZE);
    const go = new SharedArrayBuffer(4);
    const workers = [RecordType.PADDING, RecordType.LOST].map(
      (type) =>
        new Worker(childScript('padder'), {
          workerData: { sab, go, type, frames: FRAMES, size: SIZE, idRegister: ID_REGISTER },
        }),
    );
    // Both waiting on the same word, released together: they pad the same positions at the same time.
    await new Promise((resolve) => setTimeout(resolve, 200));
    Atomics.store(new Int32Array(go), 0, 1);
    Atomics.notify(new Int32Array(go), 0);
    await Promise.all(workers.map((worker) => once(worker, 'exit')));
    const words = new Uint32Array(sab);
    for (let i = 0; i < FRAMES; i++) {
      const pos = i * SIZE;
      const lenWord = words[pos >>> 2] as number;
      assert.ok(lenWord === paddingWord || lenWord === lostWord, `a filler frame at ${pos}`);
      assert.equal(words[(pos >>> 2) + 1], frameSeed(ID_REGISTER, pos, lenWord) >>> 0, `the CRC at ${pos} is its own`);
      if (lenWord === paddingWord) won.padding++;
      else won.lost++;
    }
  }
  console.log(`# padding won ${won.padding} positions, LOST ${won.lost}`);
});

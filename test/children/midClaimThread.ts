/**
 * A worker thread caught in the middle of an append, for good: it opens the
 * log, appends a few records, then makes a claim the way `append` does —
 * floor, fetch-add of the cursor, length, position in its slot — and blocks
 * before writing it, until the parent terminates it.
 */
import { threadId as ownThread, parentPort, workerData } from 'node:worker_threads';
import { open } from '../../src/index.js';
import { SlotOffset, slotOffset } from '../../src/layout/control.js';
import { CURSOR, f64Bytes, i64At, i64Bytes, pread, pwrite } from '../helpers/controlEdits.js';

const { path, format, length } = workerData as { path: string; format: 'raw' | 'framed'; length: number };
const log = open(path, { format });
for (let i = 0; i < 3; i++) log.append(`worker record ${i}\n`);
let slot = -1;
for (let i = 0; slot < 0; i++) {
  const base = slotOffset(i);
  const owner = pread(path, base + SlotOffset.PID, 8);
  if (owner.readInt32LE(0) === process.pid && owner.readUInt32LE(4) === ownThread) slot = base;
}
const pos = i64At(path, CURSOR);
pwrite(path, slot + SlotOffset.CLAIM_FLOOR, f64Bytes(pos));
pwrite(path, CURSOR, i64Bytes(pos + length));
pwrite(path, slot + SlotOffset.CLAIM_LEN, f64Bytes(length));
pwrite(path, slot + SlotOffset.CLAIM_POS, f64Bytes(pos));
parentPort?.postMessage({ pos });
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);

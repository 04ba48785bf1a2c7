/**
 * Worker side of the padding race test: once released, pads every frame
 * position of the shared buffer with filler frames of one type, as a reader
 * that found those claims dead would.
 */
import { workerData } from 'node:worker_threads';
import { writePadding } from '../../src/storage/fillerFrame.js';

const { sab, go, type, frames, size, idRegister } = workerData as {
  sab: SharedArrayBuffer;
  go: SharedArrayBuffer;
  type: number;
  frames: number;
  size: number;
  idRegister: number;
};
const source = { sab, u8: new Uint8Array(sab), i32: new Int32Array(sab), base: 0 };
Atomics.wait(new Int32Array(go), 0, 0);
for (let i = 0; i < frames; i++) writePadding(source, i * size, size, idRegister, type);

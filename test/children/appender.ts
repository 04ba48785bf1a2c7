/**
 * A writer for multi-writer tests, as a child process (IPC) or a worker
 * thread (workerData). It opens the log, says ready, waits for "go", appends
 * `count` deterministic records, saves their positions and closes.
 */
import { writeFileSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { open } from '../../src/index.js';
import type { OpenOptions } from '../../src/options.js';
import { recordBytes, recordSizes, textRecord } from '../helpers/records.js';

export interface AppenderSpec {
  path: string;
  writer: number;
  count: number;
  options: OpenOptions;
  /** Where to save the positions (Float64Array). */
  positionsFile: string;
  /** 'bytes': recordBytes() of recordSizes(); 'text': UTF-8 lines with multi-byte characters. */
  payload: 'bytes' | 'text';
  /** With 'bytes': the largest record (sizes above it are cut to it). Default 64 KiB. */
  maxSize?: number;
}

function send(message: unknown): void {
  if (isMainThread) process.send?.(message);
  else parentPort?.postMessage(message);
}

function waitForGo(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => {
      if (m === 'go') resolve();
    };
    if (isMainThread) process.once('message', onMessage);
    else parentPort?.once('message', onMessage);
  });
}

async function main(spec: AppenderSpec): Promise<void> {
  const log = open(spec.path, spec.options);
  const sizes = spec.payload === 'bytes' ? recordSizes(spec.writer, spec.count, spec.maxSize) : [];
  const records: (Uint8Array | string)[] = [];
  for (let i = 0; i < spec.count; i++) {
    records.push(spec.payload === 'bytes' ? recordBytes(spec.writer, i, sizes[i]) : textRecord(spec.writer, i));
  }
  send({ ready: true });
  await waitForGo();
  const positions = new Float64Array(spec.count);
  for (let i = 0; i < spec.count; i++) positions[i] = log.append(records[i]);
  log.close();
  writeFileSync(spec.positionsFile, positions);
  if (isMainThread) process.send?.({ done: true }, () => process.disconnect());
  else send({ done: true });
}

const spec: AppenderSpec = isMainThread ? JSON.parse(process.argv[2]) : workerData;
main(spec).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

/**
 * A worker thread's descriptors: Node closes those a worker opened (and did
 * not close through `fs`) when the worker ends. The native threads that
 * start write-back, allocate segments and cut sealed ones must therefore
 * work through descriptors of their own: were they to close one opened from
 * JavaScript, the worker's end would close that number again, by then
 * perhaps another thread's file.
 */
import assert from 'node:assert/strict';
import { closeSync, fstatSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { tempDir } from './helpers/files.js';

const WORKER = `
const { workerData: { path, url, options, count }, parentPort } = require('node:worker_threads');
const warnings = [];
process.on('warning', (warning) => warnings.push(warning.message));
(async () => {
  const { open } = await import(url);
  const log = open(path, options);
  for (let i = 0; i < count; i++) {
    log.append('record ' + i + ' ' + 'x'.repeat(200) + '\\n');
    if (i % 50 === 0) await new Promise((r) => setTimeout(r, 2));
  }
  log.close();
  await new Promise((r) => setTimeout(r, 200));
  parentPort.postMessage(warnings);
  await new Promise((r) => parentPort.once('message', r));
})();`;

for (const [name, options] of [
  ['interval durability, one file', { durability: { intervalMs: 1 } }],
  ['a segmented log rolling, with interval durability', { segmentSize: 64 * 1024, durability: { intervalMs: 1 } }],
] as const) {
  test(`a worker that used ${name} ends: no descriptor of the rest of the process is closed`, async () => {
    const { dir, cleanup } = tempDir();
    const mine: number[] = [];
    try {
      const url = new URL('../src/index.js', import.meta.url).href;
      const worker = new Worker(WORKER, {
        eval: true,
        workerData: { path: join(dir, 'log'), url, options, count: 2000 },
      });
      // Once the native threads are done (the worker waited), the numbers they held are free again.
      const warnings = await new Promise<string[]>((resolve) => worker.once('message', resolve));
      for (let i = 0; i < 40; i++) mine.push(openSync('/dev/null', 'r'));
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('end');
      await exited;
      const closed = mine.filter((fd) => {
        try {
          fstatSync(fd);
          return false;
        } catch {
          return true;
        }
      });
      assert.deepEqual(closed, [], "descriptors of the main thread closed by the worker's end");
      // Node's sign of a descriptor it tracks closed behind its back, then handed out again.
      assert.deepEqual(
        warnings.filter((w) => /unmanaged mode/.test(w)),
        [],
      );
    } finally {
      for (const fd of mine) {
        try {
          closeSync(fd);
        } catch {
          // Closed behind our back: what the test reports.
        }
      }
      cleanup();
    }
  });
}

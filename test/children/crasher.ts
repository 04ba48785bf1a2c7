/**
 * Opens the raw log at argv[2], appends a line, then dies the way argv[3]
 * says without closing it: `throw` (an uncaught exception), `rejection` (an
 * unhandled rejection), or `handled` (an exception an 'uncaughtException'
 * handler catches: the thread goes on, appends again and exits normally).
 * With argv[4] `worker`, all of it runs in a worker thread.
 */
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { open } from '../../src/index.js';

const [path, mode, where] = isMainThread ? process.argv.slice(2) : (workerData as string[]);
if (isMainThread && where === 'worker') {
  new Worker(new URL(import.meta.url), { workerData: [path, mode] }).on('error', () => {});
} else {
  const log = open(path);
  log.append(`before the ${mode}\n`);
  if (mode === 'handled') {
    process.on('uncaughtException', (error) => {
      log.append(`still open after ${error.message}\n`);
    });
  }
  if (mode === 'rejection') void Promise.reject(new Error('rejected on purpose'));
  else
    setTimeout(() => {
      throw new Error('thrown on purpose');
    }, 5);
}

/**
 * Worker threads that open a log may end in any way without harming the
 * process: normal return, close(), process.exit() in the worker, an uncaught
 * error, terminate() at once or mid-append. The main thread of the child
 * never loads the addon, so nothing but the workers keeps it loaded. The
 * slots of ended workers are free again (with 4 slots, 12 workers in turn
 * must all open), and every record a worker committed reads back.
 */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { read, stat, verify } from '../src/index.js';
import { childScript, collect } from './helpers/children.js';
import { tempDir } from './helpers/files.js';

const MODES = ['exit', 'close', 'process-exit', 'throw', 'terminate-now', 'terminate'] as const;
const WORKERS = 12;
const SLOTS = 4;

for (const mode of MODES) {
  test(`worker threads ending by ${mode}: the process survives, slots are freed, records read back`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'log');
      const child = fork(childScript('workerLifecycle'), [path, mode, String(WORKERS), String(SLOTS)], {
        stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      });
      const done = collect(child);
      const report = await new Promise<{ outcomes: string[] }>((resolve) => child.once('message', resolve));
      // While the child lives, its ended workers' slots must be free for everyone.
      const alive = stat(path).writers.filter((w) => w.state === 'alive');
      child.send('exit');
      const result = await done;
      assert.equal(result.signal, null, `child killed by ${result.signal}: ${result.stderr}`);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(report.outcomes.length, WORKERS);
      const expected = mode === 'throw' ? /^error: {2}worker failed on purpose$/ : /^exit \d+$/;
      for (const outcome of report.outcomes) assert.match(outcome, expected);
      assert.deepEqual(alive, [], 'no slot of an ended worker is held while its process lives');
      let records = 0;
      for (const record of read(path)) {
        assert.equal(Buffer.from(record.data).toString(), `worker record ${'x'.repeat(40)}`);
        records++;
      }
      if (!mode.startsWith('terminate')) assert.equal(records, WORKERS * 1000);
      // A worker terminated between a claim and its commit left a dead writer's claim, never lost data.
      assert.deepEqual(verify(path).lost, []);
    } finally {
      cleanup();
    }
  });
}

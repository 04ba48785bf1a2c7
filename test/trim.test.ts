import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { open, stat } from '../src/index.js';
import { native } from '../src/native/binding.js';
import { segmentFileName } from '../src/storage/logPaths.js';
import { childScript, collect } from './helpers/children.js';
import { settled, tempDir } from './helpers/files.js';
import { readControl } from './helpers/logFile.js';

const size = (path: string) => statSync(path).size;

test('trim() never cuts while another live writer has the log open; the last to close trims', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    const a = open(path, { chunkSize: 64 * 1024 });
    const b = open(path, { chunkSize: 64 * 1024 });
    a.append('from a\n');
    b.append('from b\n');
    assert.ok(size(path) > 14, 'the file is preallocated beyond the records');
    assert.equal(a.trim(), false, 'b is open: no trim');
    assert.ok(size(path) > 14);
    b.close();
    assert.ok(size(path) > 14, 'b was not the last writer');
    a.close();
    assert.equal(size(path), 14);
    assert.equal(readFileSync(path, 'utf8'), 'from a\nfrom b\n');
  } finally {
    cleanup();
  }
});

test('trim() is idempotent, leaves an exact file untouched, and appending continues after it', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    const log = open(path, { format: 'framed', chunkSize: 64 * 1024 });
    log.append('one');
    assert.equal(log.trim(), true);
    const first = statSync(path);
    assert.equal(first.size, readControl(path).cursor);
    assert.equal(log.trim(), true);
    assert.equal(statSync(path).mtimeMs, first.mtimeMs, 'second trim changed nothing');
    const pos = log.append('two');
    assert.equal(pos, first.size, 'the next record goes right after the trimmed end');
    log.close();
    assert.equal(size(path), readControl(path).cursor);
  } finally {
    cleanup();
  }
});

test('a writer in another process blocks the trim while alive, and not once it is dead', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    const child = fork(childScript('holder'), [path], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    await new Promise((r) => child.once('message', r));
    const log = open(path);
    log.append('from the parent\n');
    log.close();
    assert.ok(size(path) > readControl(path).cursor, 'the child is alive: no trim');
    const exited = collect(child);
    child.kill('SIGKILL');
    await exited;
    const again = open(path);
    again.close();
    assert.equal(size(path), readControl(path).cursor, 'the dead writer no longer counts');
    assert.equal(readFileSync(path, 'utf8'), 'held open by a child\nfrom the parent\n');
  } finally {
    cleanup();
  }
});

for (const where of ['process', 'worker'] as const) {
  test(`a ${where === 'process' ? 'process' : 'worker thread'} that dies of an uncaught exception or rejection closes its logs (the last writer trims); one whose exception is handled keeps them open`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      for (const mode of ['throw', 'rejection', 'handled'] as const) {
        const path = join(dir, `${mode}.log`);
        const child = fork(childScript('crasher'), [path, mode, where], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
        const result = await collect(child);
        if (where === 'process') assert.equal(result.code, mode === 'handled' ? 0 : 1, result.stderr);
        const expected =
          mode === 'handled' ? 'before the handled\nstill open after thrown on purpose\n' : `before the ${mode}\n`;
        assert.equal(readFileSync(path, 'utf8'), expected, `${mode}: trimmed to its lines, nothing lost`);
        assert.equal(stat(path).writers.length, 0, `${mode}: its slot was given back`);
      }
    } finally {
      cleanup();
    }
  });
}

test('a sealed segment whose cut at a roll never ran (its process exited first) is cut by the last writer to close', () => {
  const { dir, cleanup } = tempDir();
  const original = native.truncateAsync;
  try {
    const path = `${dir}/log`;
    const log = open(path, { format: 'raw', segmentSize: 64 * 1024 });
    let last = 0;
    let i = 0;
    while (last < 3 * 64 * 1024) last = log.append(`line ${i++} ${'x'.repeat(100)}\n`);
    // The roll into segment 4 starts the cut of segment 2 on a thread of its own, lost as when its process
    // exits right after the roll.
    (native as { truncateAsync: typeof original }).truncateAsync = () => {};
    while (last < 4 * 64 * 1024) last = log.append(`line ${i++} ${'x'.repeat(100)}\n`);
    (native as { truncateAsync: typeof original }).truncateAsync = original;
    log.close();
    const sizes = () =>
      stat(path)
        .segments.map((s) => s.bytes)
        .join(',');
    settled(sizes);
    for (const s of stat(path).segments.filter((segment) => segment.sealed)) {
      const bytes = readFileSync(join(path, segmentFileName(s.base)));
      assert.equal(bytes.includes(0), false, `sealed segment ${s.base} cut to its seal (${bytes.length} bytes)`);
    }
  } finally {
    (native as { truncateAsync: typeof original }).truncateAsync = original;
    cleanup();
  }
});

import assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { native, PAGE_SIZE } from '../src/native/binding.js';
import { crc32c } from '../src/native/crc32c.js';
import { childScript, collect } from './helpers/children.js';
import { crc32cReference } from './helpers/crc32cReference.js';
import { tempDir } from './helpers/files.js';

function withFile(size: number, body: (fd: number, path: string) => void | Promise<void>): Promise<void> {
  const { dir, cleanup } = tempDir();
  const path = `${dir}/file`;
  writeFileSync(path, Buffer.alloc(size));
  const fd = openSync(path, 'r+');
  return Promise.resolve(body(fd, path)).finally(() => {
    closeSync(fd);
    cleanup();
  });
}

test('CRC32C: standard check values, and native equals the reference for any bytes and split', () => {
  assert.equal(crc32c(Buffer.from('123456789'), 0, 9), 0xe3069283);
  assert.equal(crc32c(Buffer.alloc(32), 0, 32), 0x8a9136aa);
  assert.equal(crc32c(Buffer.alloc(32, 0xff), 0, 32), 0x62a8ab43);
  assert.ok(['sse4.2', 'armv8-crc', 'table'].includes(native.crc32cImplementation()));
  fc.assert(
    // Lengths past 3 × 1024 bytes too: long inputs are checksummed as three blocks side by side.
    fc.property(
      fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.uint8Array({ minLength: 3000, maxLength: 14000 })),
      fc.nat(),
      (bytes, cut) => {
        const split = bytes.length === 0 ? 0 : cut % bytes.length;
        const whole = crc32c(bytes, 0, bytes.length);
        assert.equal(whole, crc32cReference(0, bytes));
        assert.equal(crc32c(bytes, split, bytes.length - split, crc32c(bytes, 0, split)), whole);
      },
    ),
    { numRuns: 500 },
  );
});

test('mmap gives a SharedArrayBuffer over the file; two mappings see each other and the file', () =>
  withFile(2 * PAGE_SIZE, (fd, path) => {
    const a = native.mmap(fd, 0, 2 * PAGE_SIZE, true, path);
    const b = native.mmap(fd, PAGE_SIZE, PAGE_SIZE, true, path);
    assert.ok(a instanceof SharedArrayBuffer);
    new Uint8Array(a).set(Buffer.from('hello'), PAGE_SIZE);
    assert.equal(Buffer.from(b, 0, 5).toString(), 'hello');
    Atomics.add(new Int32Array(b), 2, 7);
    assert.equal(Atomics.load(new Int32Array(a), PAGE_SIZE / 4 + 2), 7);
    assert.equal(
      readFileSync(path)
        .subarray(PAGE_SIZE, PAGE_SIZE + 5)
        .toString(),
      'hello',
    );
    native.unmap(a);
    native.unmap(b);
  }));

test('Atomics on a mapping are atomic across processes: 4 × 250,000 adds end at exactly 1,000,000', () =>
  withFile(4096, async (_fd, path) => {
    const children = Array.from({ length: 4 }, () =>
      fork(childScript('nativeWorker'), ['add', path, '250000'], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] }),
    );
    await Promise.all(children.map((c) => new Promise((r) => c.once('message', r))));
    for (const c of children) c.send('go');
    const results = await Promise.all(children.map(collect));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(path).readInt32LE(0), 1_000_000);
  }));

test('unmap drops the file pages at once; a stray access afterwards is harmless', () =>
  withFile(PAGE_SIZE, (fd, path) => {
    const sab = native.mmap(fd, 0, PAGE_SIZE, true, path);
    const view = new Uint8Array(sab);
    view[0] = 1;
    native.unmap(sab);
    view[0] = 2; // scratch memory now: no crash, and the file does not change
    assert.equal(readFileSync(path)[0], 1);
  }));

test('a mapping that is collected without unmap is unmapped by its finalizer', () =>
  withFile(PAGE_SIZE, async (_fd, path) => {
    const script = `
      const { openSync } = require('node:fs');
      const native = require(${JSON.stringify(`${process.cwd()}/build/Release/mmlog.node`)});
      const fd = openSync(${JSON.stringify(path)}, 'r+');
      const count = () => require('node:fs').readFileSync('/proc/self/maps', 'utf8').split('\\n').filter((l) => l.endsWith(${JSON.stringify(path)})).length;
      (() => { for (let i = 0; i < 50; i++) native.mmap(fd, 0, 4096, true); })();
      const before = count();
      setTimeout(() => { global.gc(); setTimeout(() => { global.gc(); process.send({ before, after: count() }); process.disconnect(); }, 50); }, 50);`;
    const child = spawn(process.execPath, ['--expose-gc', '-e', script], {
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    const result = await collect(child);
    assert.equal(result.code, 0, result.stderr);
    const { before, after } = result.messages[0] as { before: number; after: number };
    assert.equal(before, 50);
    assert.equal(after, 0);
  }));

test('madvise(DONTNEED) on a shared mapping keeps the data; POPULATE_WRITE works', () =>
  withFile(4 * PAGE_SIZE, (fd, path) => {
    const sab = native.mmap(fd, 0, 4 * PAGE_SIZE, true, path);
    native.madvise(sab, 0, 4 * PAGE_SIZE, native.constants.MADV_POPULATE_WRITE, path);
    new Uint8Array(sab).fill(0x5a);
    native.madvise(sab, 0, 4 * PAGE_SIZE, native.constants.MADV_DONTNEED, path);
    assert.ok(new Uint8Array(sab).every((b) => b === 0x5a));
    assert.ok(readFileSync(path).every((b) => b === 0x5a));
    native.msync(sab, 0, 4 * PAGE_SIZE, native.constants.MS_SYNC, path);
    native.syncFileRange(fd, 0, 4 * PAGE_SIZE, native.constants.SYNC_FILE_RANGE_WRITE, path);
    native.unmap(sab);
  }));

test('fallocate grows a file and never shrinks it', () =>
  withFile(0, (fd, path) => {
    native.fallocate(fd, 0, 0, 1 << 20, path);
    assert.equal(fstatSync(fd).size, 1 << 20);
    native.fallocate(fd, 0, 0, 4096, path);
    assert.equal(fstatSync(fd).size, 1 << 20);
  }));

test('native failures are shaped like fs errors; bad arguments are TypeError/RangeError', () =>
  withFile(PAGE_SIZE, (fd, path) => {
    assert.throws(() => native.mmap(987654, 0, 4096, true, '/some/file'), {
      code: 'EBADF',
      errno: -9,
      syscall: 'mmap',
      path: '/some/file',
      message: "EBADF: bad file descriptor, mmap '/some/file'",
    });
    assert.throws(() => native.fallocate(fd, 0x7f, 0, 4096, path), { syscall: 'fallocate', path });
    assert.throws(() => native.mmap(fd, 1, 4096, true), RangeError);
    assert.throws(() => native.mmap(fd, 0, 0, true), RangeError);
    assert.throws(() => native.mmap('x' as unknown as number, 0, 4096, true), TypeError);
    const sab = native.mmap(fd, 0, PAGE_SIZE, true, path);
    assert.throws(() => native.madvise(sab, 0, 2 * PAGE_SIZE, native.constants.MADV_DONTNEED), RangeError);
    assert.throws(() => native.crc32c(sab, PAGE_SIZE, 1, 0), RangeError);
    assert.throws(() => native.futexWait(sab, 2, 0, 1), RangeError);
    native.unmap(sab);
  }));

test('futex: wait returns not-equal / timed-out; a waiter in another process is woken', () =>
  withFile(PAGE_SIZE, async (fd, path) => {
    const sab = native.mmap(fd, 0, PAGE_SIZE, true, path);
    const words = new Int32Array(sab);
    assert.equal(native.futexWait(sab, 4, 1, 10), 'not-equal');
    assert.equal(native.futexWait(sab, 4, 0, 10), 'timed-out');
    assert.equal(await native.futexWaitAsync(sab, 4, 0, 10), 'timed-out');
    const child = fork(childScript('nativeWorker'), ['wait', path], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    const done = collect(child);
    await new Promise((r) => child.once('message', r));
    // The child may not be asleep yet: store first, then wake until it answers.
    Atomics.store(words, 1, 1);
    const timer = setInterval(() => native.futexWake(sab, 4, 1), 5);
    const result = await done;
    clearInterval(timer);
    assert.equal(result.code, 0, result.stderr);
    const reply = result.messages.find((m) => typeof m === 'object') as { result: string; value: number };
    assert.ok(reply.result === 'ok' || reply.result === 'not-equal');
    assert.equal(reply.value, 1);
    native.unmap(sab);
  }));

/** This process's thread ids. */
function threadIds(): Set<string> {
  return new Set(readdirSync('/proc/self/task'));
}

test('asynchronous futex waits run on pooled threads: one after another on one thread, at once on one each', () =>
  withFile(PAGE_SIZE, async (fd, path) => {
    const sab = native.mmap(fd, 0, PAGE_SIZE, true, path);
    try {
      const before = threadIds();
      const waiting = new Set<string>();
      const sample = () => {
        for (const id of threadIds()) if (!before.has(id)) waiting.add(id);
      };
      for (let i = 0; i < 20; i++) {
        const done = native.futexWaitAsync(sab, 4, 0, 20);
        sample();
        assert.equal(await done, 'timed-out');
      }
      // One new thread at most (none if an earlier wait of this process left one idle).
      assert.ok(waiting.size <= 1, `20 waits in a row started ${waiting.size} threads`);
      // Three at once need three threads; the pool keeps those it had.
      const three = [8, 12, 16].map((offset) => native.futexWaitAsync(sab, offset, 0, 50));
      sample();
      assert.deepEqual(await Promise.all(three), ['timed-out', 'timed-out', 'timed-out']);
      assert.ok(waiting.size <= 3, `three waits at once, after those, started ${waiting.size} threads in all`);
    } finally {
      native.unmap(sab);
    }
  }));

test('a worker terminated with futex waits outstanding ends cleanly, and so do its waiting threads', () =>
  withFile(PAGE_SIZE, async (_fd, path) => {
    const before = threadIds().size;
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       const { openSync } = require('node:fs');
       const native = require(${JSON.stringify(`${process.cwd()}/build/Release/mmlog.node`)});
       const sab = native.mmap(openSync(${JSON.stringify(path)}, 'r+'), 0, 4096, true);
       // Five waits with no time limit: more than the pool has idle threads, so some are queued.
       for (let i = 0; i < 5; i++) native.futexWaitAsync(sab, 4 * (i + 1), 0);
       parentPort.postMessage('waiting');`,
      { eval: true },
    );
    await new Promise((resolve) => worker.once('message', resolve));
    await worker.terminate();
    const deadline = Date.now() + 5_000;
    while (threadIds().size > before && Date.now() < deadline) await delay(20);
    assert.ok(threadIds().size <= before, `${threadIds().size - before} threads outlived the worker`);
  }));

test('unmap ends the asynchronous futex waits on its mapping, which no wake could reach once it is replaced', () =>
  withFile(PAGE_SIZE, async (fd, path) => {
    // Unreferenced: once the race is decided, the timer does not hold the test file open.
    const stillWaiting = (ms: number) => delay(ms, 'still waiting', { ref: false });
    const sab = native.mmap(fd, 0, PAGE_SIZE, true, path);
    const waiting = native.futexWaitAsync(sab, 4, 0, 60_000);
    await delay(20); // its thread is asleep on the file page by now
    native.unmap(sab);
    assert.equal(await Promise.race([waiting, stillWaiting(10_000)]), 'ok');
    // The same in a worker that is then terminated: its teardown waits for its waits' threads.
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       const native = require(${JSON.stringify(`${process.cwd()}/build/Release/mmlog.node`)});
       const sab = native.mmap(require('node:fs').openSync(${JSON.stringify(path)}, 'r+'), 0, 4096, true);
       native.futexWaitAsync(sab, 8, 0, 60_000);
       setTimeout(() => { native.unmap(sab); parentPort.postMessage('unmapped'); }, 20);`,
      { eval: true },
    );
    await new Promise((resolve) => worker.once('message', resolve));
    assert.notEqual(await Promise.race([worker.terminate(), stillWaiting(10_000)]), 'still waiting');
  }));

/** Word offsets of the `until` tests: the futex word, an i64 watermark, a word ending the wait at 0, flag bits. */
const SEQ = 4;
const MARK = 16;
const HELD = 24;
const BITS = 28;
const UNTIL_MARK = 100;
const UNTIL_BIT = 0x4;

function untilWords(): Float64Array {
  return new Float64Array([MARK, UNTIL_MARK, HELD, BITS, UNTIL_BIT]);
}

test('an asynchronous futex wait with conditions ends only on a wake that finds one of them; its time limit runs from its start', () =>
  withFile(PAGE_SIZE, async (fd, path) => {
    const sab = native.mmap(fd, 0, PAGE_SIZE, true, path);
    const i32 = new Int32Array(sab);
    const i64 = new BigInt64Array(sab);
    const bump = () => {
      Atomics.add(i32, SEQ / 4, 1);
      native.futexWake(sab, SEQ, 1);
    };
    const settled = (promise: Promise<string>) => Promise.race([promise, delay(60, 'pending', { ref: false })]);
    try {
      // Each condition in turn: wakes that meet none leave the wait asleep.
      const meet: [string, () => void][] = [
        ['watermark', () => Atomics.store(i64, MARK / 8, BigInt(UNTIL_MARK))],
        ['zero word', () => Atomics.store(i32, HELD / 4, 0)],
        ['flag bit', () => Atomics.or(i32, BITS / 4, UNTIL_BIT)],
      ];
      for (const [name, meetIt] of meet) {
        Atomics.store(i64, MARK / 8, BigInt(UNTIL_MARK - 1));
        Atomics.store(i32, HELD / 4, 1);
        Atomics.store(i32, BITS / 4, ~UNTIL_BIT);
        const waiting = native.futexWaitAsync(sab, SEQ, Atomics.load(i32, SEQ / 4), 60_000, untilWords());
        for (let i = 0; i < 3; i++) {
          bump();
          assert.equal(await settled(waiting), 'pending', `${name}: a wake that meets no condition`);
        }
        meetIt();
        bump();
        // Met: the wait ends (bounded generously, the hop back to the event loop may wait for a core).
        assert.equal(await Promise.race([waiting, delay(10_000, 'pending', { ref: false })]), 'ok', `${name}: met`);
      }
      // Woken every few ms, never meeting a condition: it still times out, 100 ms after the call.
      Atomics.store(i32, HELD / 4, 1);
      Atomics.store(i32, BITS / 4, 0);
      Atomics.store(i64, MARK / 8, 0n);
      const started = performance.now();
      const timing = native.futexWaitAsync(sab, SEQ, Atomics.load(i32, SEQ / 4), 100, untilWords());
      const waker = setInterval(bump, 5);
      const result = await Promise.race([timing, delay(5_000, 'never timed out', { ref: false })]);
      clearInterval(waker);
      assert.equal(result, 'timed-out');
      assert.ok(performance.now() - started >= 95, 'not before its time');
      // A condition already met ends the wait at the first wake; a changed word too (no lost wake).
      Atomics.store(i32, HELD / 4, 0);
      assert.equal(await native.futexWaitAsync(sab, SEQ, Atomics.load(i32, SEQ / 4) - 1, 5_000, untilWords()), 'ok');
      // A time limit too large for a timespec is none, not an error.
      assert.equal(await native.futexWaitAsync(sab, SEQ, Atomics.load(i32, SEQ / 4) - 1, 1e300, untilWords()), 'ok');
      assert.equal(native.futexWait(sab, SEQ, Atomics.load(i32, SEQ / 4) - 1, 1e300), 'not-equal');
      // Arguments.
      const seq = Atomics.load(i32, SEQ / 4);
      assert.throws(() => native.futexWaitAsync(sab, SEQ, seq, 10, [16, 1, -1, -1, 0] as never), TypeError);
      assert.throws(() => native.futexWaitAsync(sab, SEQ, seq, 10, new Float64Array(4)), TypeError);
      for (const bad of [
        [12, 1, -1, -1, 0], // an i64 not 8-byte aligned
        [PAGE_SIZE, 1, -1, -1, 0], // past the mapping
        [-1, 1, 2, -1, 0], // a u32 not aligned
        [-1, 1, -1, PAGE_SIZE - 2, 1],
        [-1, 2 ** 60, -1, -1, 0], // not a safe integer
        [-1, 0, -1, 8, 2 ** 32], // not a 32-bit mask
        [Number.NaN, 0, -1, -1, 0],
        [-1, 0, -1, -1, 0], // no condition at all: no wake could end it
        [16, 1.5, -1, -1, 0], // not an integer
        [16, 2 ** 53, -1, -1, 0],
        [-1, 0, -1, 8, 0], // a bits word with no bit
        [-1, 0, -1, 8, 1.5],
      ]) {
        assert.throws(() => native.futexWaitAsync(sab, SEQ, seq, 10, new Float64Array(bad)), RangeError, String(bad));
      }
    } finally {
      native.unmap(sab);
    }
  }));

test('unmap ends an asynchronous futex wait with conditions that are not met', async () => {
  // In a child: were the wait to sleep again, unmap would never return, and nothing could time the test out.
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/words`;
    writeFileSync(path, Buffer.alloc(PAGE_SIZE));
    const binding = JSON.stringify(`${process.cwd()}/build/Release/mmlog.node`);
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const native = require(${binding});
         const sab = native.mmap(require('node:fs').openSync(${JSON.stringify(path)}, 'r+'), 0, 4096, true);
         new Int32Array(sab)[${HELD / 4}] = 1;
         const until = new Float64Array([${MARK}, ${UNTIL_MARK}, ${HELD}, ${BITS}, ${UNTIL_BIT}]);
         native.futexWaitAsync(sab, ${SEQ}, 0, 60_000, until).then((r) => { console.log(r); process.exit(0); });
         setTimeout(() => native.unmap(sab), 50);`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
    });
    const result = await collect(child);
    clearTimeout(killer);
    assert.equal(result.code, 0, `unmap did not end the wait (${result.signal ?? result.code}) ${result.stderr}`);
    assert.equal(out.trim(), 'ok');
  } finally {
    cleanup();
  }
});

test('a process exits while an asynchronous futex wait is outstanding', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/words`;
    writeFileSync(path, Buffer.alloc(PAGE_SIZE));
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const native = require(${JSON.stringify(`${process.cwd()}/build/Release/mmlog.node`)});
         const sab = native.mmap(require('node:fs').openSync(${JSON.stringify(path)}, 'r+'), 0, 4096, true);
         native.futexWaitAsync(sab, 4, 0);
         setTimeout(() => process.exit(7), 20);`,
      ],
      { stdio: ['ignore', 'inherit', 'pipe'] },
    );
    const result = await collect(child);
    assert.equal(result.code, 7, result.stderr);
  } finally {
    cleanup();
  }
});

test('flock: a lock held by another process blocks LOCK_NB, and is released when it is killed', () =>
  withFile(PAGE_SIZE, async (fd, path) => {
    const child = fork(childScript('nativeWorker'), ['lock', path], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    await new Promise((r) => child.once('message', r));
    const { LOCK_EX, LOCK_NB, LOCK_UN } = native.constants;
    assert.equal(native.flock(fd, LOCK_EX | LOCK_NB, path), false);
    const exited = collect(child);
    child.kill('SIGKILL');
    await exited;
    assert.equal(native.flock(fd, LOCK_EX | LOCK_NB, path), true);
    native.flock(fd, LOCK_UN, path);
  }));

/**
 * follow() and read(): followers sleep instead of spinning, writers pay no
 * wake-up while nobody follows, AbortSignal ends a sleeping follower, positions
 * resume exactly, and a stopped writer's claim is waited for (never skipped)
 * until the writer dies.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { promises as fsPromises, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { follow, type LogRecord, open, read, stat } from '../src/index.js';
import { childScript } from './helpers/children.js';
import {
  CURSOR,
  exited,
  i64At,
  killChild,
  NOTIFY_SEQ,
  processState,
  stallMidClaim,
  u32At,
  until,
  WAITERS,
} from './helpers/controlEdits.js';
import { tempDir } from './helpers/files.js';

interface ProbeRecord {
  pos: number;
  text: string;
  /** performance.now() in this process when the record was reported. */
  at: number;
}

type ProbeMessage =
  | { kind: 'following' | 'cpu-marked' }
  | { kind: 'record'; pos: number; text: string }
  | { kind: 'cpu'; micros: number; ms: number }
  | { kind: 'waits'; waits: number }
  | { kind: 'done'; records: number; error: string | null };

/** A child process following a log (test/children/followerProbe.ts). */
class Probe {
  readonly child: ChildProcess;
  readonly records: ProbeRecord[] = [];
  private readonly messages: ProbeMessage[] = [];
  private readonly waiters = new Set<() => void>();
  private exit: string | undefined;

  constructor(path: string, from = 0) {
    this.child = fork(childScript('followerProbe'), [path, String(from)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: ProbeMessage) => {
      if (message.kind === 'record') this.records.push({ pos: message.pos, text: message.text, at: performance.now() });
      else this.messages.push(message);
      for (const wake of this.waiters) wake();
    });
    this.child.on('exit', (code, signal) => {
      this.exit = `exited (code ${code}, signal ${signal})`;
      for (const wake of this.waiters) wake();
    });
  }

  /** Resolves with `find()` once it is defined; rejects after `timeoutMs` or if the child exits first. */
  waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found !== undefined) finish(() => resolve(found));
        else if (this.exit !== undefined) finish(() => reject(new Error(`follower ${this.exit} before ${what}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`follower: no ${what} within ${timeoutMs} ms`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  waitForRecord(text: string, timeoutMs: number): Promise<ProbeRecord> {
    return this.waitFor(() => this.records.find((r) => r.text === text), timeoutMs, `record ${JSON.stringify(text)}`);
  }

  /** Takes the next unread message of `kind` (waiting for it). */
  message<K extends ProbeMessage['kind']>(kind: K, timeoutMs: number): Promise<Extract<ProbeMessage, { kind: K }>> {
    return this.waitFor(
      () => {
        const index = this.messages.findIndex((m) => m.kind === kind);
        if (index < 0) return undefined;
        return this.messages.splice(index, 1)[0] as Extract<ProbeMessage, { kind: K }>;
      },
      timeoutMs,
      `'${kind}' message`,
    );
  }

  /** Sends `command` and takes the reply of `kind`. */
  ask<K extends ProbeMessage['kind']>(command: string, kind: K): Promise<Extract<ProbeMessage, { kind: K }>> {
    this.child.send(command);
    return this.message(kind, 5000);
  }

  /** Asks the follower to stop; resolves with its final report. */
  async stop(): Promise<{ records: number; error: string | null }> {
    this.child.send('stop');
    const done = await this.message('done', 5000);
    await exited(this.child);
    return done;
  }

  kill(): void {
    killChild(this.child);
  }
}

/** Payload of records `from`..`to` (inclusive) of a numbered series. */
function texts(prefix: string, from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `${prefix}-${String(from + i).padStart(6, '0')}`);
}

const textOf = (r: LogRecord): string => Buffer.from(r.data).toString('utf8');

// ------------------------------------------------------------ tests

test('a caught-up follower sleeps (< 150 ms CPU in 1.5 s) and receives a new record within 2 s', async (t) => {
  const { dir, cleanup } = tempDir();
  const path = `${dir}/log`;
  const log = open(path, { format: 'framed' });
  log.append('warm-1');
  log.append('warm-2');
  const probe = new Probe(path);
  try {
    await probe.waitForRecord('warm-2', 5000);
    // Let it go to sleep (it announces itself in WAITERS), then measure an idle 1.5 s.
    await until(() => u32At(path, WAITERS) === 1, 2000, 'the follower to announce it sleeps');
    await probe.ask('cpu-mark', 'cpu-marked');
    await delay(1500);
    const cpu = await probe.ask('cpu-read', 'cpu');
    t.diagnostic(`follower CPU: ${(cpu.micros / 1000).toFixed(1)} ms over ${cpu.ms.toFixed(0)} ms`);
    assert.ok(cpu.ms >= 1400, `measured over ${cpu.ms} ms`);
    assert.ok(cpu.micros < 150_000, `a caught-up follower used ${cpu.micros / 1000} ms of CPU in ${cpu.ms} ms`);

    const appendedAt = performance.now();
    const pos = log.append('news');
    const news = await probe.waitForRecord('news', 2000);
    t.diagnostic(`new record reached the follower after ${(news.at - appendedAt).toFixed(1)} ms`);
    assert.equal(news.pos, pos);
    assert.deepEqual(
      probe.records.map((r) => r.text),
      ['warm-1', 'warm-2', 'news'],
    );
    const done = await probe.stop();
    assert.equal(done.error, null);
    assert.equal(done.records, 3);
  } finally {
    probe.kill();
    log.close();
    cleanup();
  }
});

test('writers pay no wake-up while nobody follows, and one per sleep (not per record) while one does', async (t) => {
  const { dir, cleanup } = tempDir();
  const path = `${dir}/log`;
  const log = open(path, { format: 'framed' });
  let probe: Probe | undefined;
  try {
    // Nobody follows: NOTIFY_SEQ and WAITERS are never touched.
    const seqBefore = u32At(path, NOTIFY_SEQ);
    assert.equal(u32At(path, WAITERS), 0);
    for (let i = 0; i < 100_000; i++) log.append(`quiet-${i}`);
    assert.equal(u32At(path, NOTIFY_SEQ), seqBefore, 'NOTIFY_SEQ unchanged by 100,000 appends with no follower');
    assert.equal(u32At(path, WAITERS), 0);

    // One follower, asleep at the end of the log.
    probe = new Probe(path, i64At(path, CURSOR));
    await probe.message('following', 5000);
    log.append('ready');
    await probe.waitForRecord('ready', 5000);
    await until(() => u32At(path, WAITERS) === 1, 2000, 'the follower to announce it sleeps');

    const { waits: sleepsBefore } = await probe.ask('waits', 'waits');

    const expected = texts('burst', 1, 10_000);
    const positions: number[] = [];
    const seq0 = u32At(path, NOTIFY_SEQ);
    for (const text of expected) positions.push(log.append(text));
    const seq1 = u32At(path, NOTIFY_SEQ);
    const wakes = (seq1 - seq0) >>> 0;

    await probe.waitForRecord(expected.at(-1)!, 20_000);
    await delay(100); // anything duplicated or extra would show up here
    const { waits: sleepsAfter } = await probe.ask('waits', 'waits');
    // The sleep in progress when the burst began, and every one since.
    const sleeps = sleepsAfter - sleepsBefore + 1;
    t.diagnostic(
      `10,000 appends with a sleeping follower: NOTIFY_SEQ +${wakes}, follower went to sleep ${sleeps} times`,
    );
    assert.ok(wakes >= 1, 'the sleeping follower was woken');
    assert.ok(wakes <= sleeps, `NOTIFY_SEQ rose by ${wakes}, more than the ${sleeps} times the follower slept`);
    assert.ok(wakes < 1000, `NOTIFY_SEQ rose by ${wakes}: not far fewer wake-ups than records`);
    const got = probe.records.slice(1);
    assert.equal(probe.records[0].text, 'ready');
    assert.equal(got.length, expected.length, 'each record received exactly once');
    assert.deepEqual(
      got.map((r) => r.text),
      expected,
      'in order',
    );
    assert.deepEqual(
      got.map((r) => r.pos),
      positions,
    );
    const done = await probe.stop();
    assert.equal(done.error, null);
    assert.equal(done.records, 1 + expected.length);
  } finally {
    probe?.kill();
    log.close();
    cleanup();
  }
});

test('AbortSignal: a sleeping follow() ends promptly and cleanly; an aborted signal yields nothing', async () => {
  const { dir, cleanup } = tempDir();
  const path = `${dir}/log`;
  const log = open(path, { format: 'framed' });
  try {
    for (const text of ['a', 'b', 'c']) log.append(text);

    // Already aborted: nothing, not even the records that exist.
    let yielded = 0;
    for await (const _ of follow(path, { signal: AbortSignal.abort() })) yielded++;
    assert.equal(yielded, 0);

    // Asleep (caught up, in its 1 s idle wait), then aborted.
    const fdsBefore = readdirSync('/proc/self/fd').length;
    const controller = new AbortController();
    const seen: string[] = [];
    let caughtUpAt = 0;
    const loop = (async () => {
      for await (const record of follow(path, { signal: controller.signal })) {
        seen.push(textOf(record));
        if (seen.length === 3) caughtUpAt = performance.now();
      }
      return performance.now();
    })();
    await until(() => caughtUpAt > 0, 5000, 'the follower to catch up');
    await until(() => u32At(path, WAITERS) === 1, 2000, 'the follower to announce it sleeps');
    await delay(300);
    const abortedAt = performance.now();
    controller.abort();
    const endedAt = await loop; // rejects (fails the test) if the loop threw
    assert.ok(endedAt - abortedAt < 500, `follow() ended ${endedAt - abortedAt} ms after the abort`);
    assert.deepEqual(seen, ['a', 'b', 'c']);
    assert.equal(readdirSync('/proc/self/fd').length, fdsBefore, 'the follower closed its files');

    // Aborted by the consumer between two records: nothing more is yielded.
    const between = new AbortController();
    const partial: string[] = [];
    for await (const record of follow(path, { signal: between.signal })) {
      partial.push(textOf(record));
      if (partial.length === 2) between.abort();
    }
    assert.deepEqual(partial, ['a', 'b']);
  } finally {
    log.close();
    cleanup();
  }
});

test('positions are stable and resumable: follow({from}) on a framed log, read({from}) at any byte of a raw log', async () => {
  const { dir, cleanup } = tempDir();
  try {
    // Framed: records of assorted sizes, including an empty one and one of several KiB.
    const framedPath = `${dir}/framed`;
    const framed = open(framedPath, { format: 'framed' });
    const payloads = Array.from({ length: 20 }, (_, i) =>
      i === 2 ? '' : i === 7 ? 'x'.repeat(5000) : `record ${i + 1} ${'•'.repeat(i * 3)}`,
    );
    const positions = payloads.map((p) => framed.append(p));
    try {
      assert.deepEqual(
        [...read(framedPath)].map((r) => [r.pos, textOf(r)]),
        payloads.map((p, i) => [positions[i], p]),
      );
      for (let i = 0; i < payloads.length; i++) {
        assert.deepEqual(
          [...read(framedPath, { from: positions[i] })].map(textOf),
          payloads.slice(i),
          `read from record ${i + 1}`,
        );
      }
      assert.throws(
        () => [...read(framedPath, { from: positions[4] + 8 })],
        { code: 'ERR_MMLOG_NOT_A_BOUNDARY', position: positions[4] + 8 },
        'not a record start',
      );

      const from = positions[4];
      const controller = new AbortController();
      const got: LogRecord[] = [];
      const loop = (async () => {
        for await (const record of follow(framedPath, { from, signal: controller.signal })) got.push(record);
      })();
      await until(() => got.length >= payloads.length - 4, 5000, 'records 5..20');
      await delay(100);
      assert.deepEqual(
        got.map((r) => [r.pos, textOf(r)]),
        payloads.slice(4).map((p, i) => [positions[i + 4], p]),
        'exactly records 5..20',
      );
      // It goes on with what is appended next.
      const laterPos = framed.append('later');
      await until(() => got.length === payloads.length - 3, 2000, 'the record appended later');
      assert.deepEqual([got.at(-1)!.pos, textOf(got.at(-1)!)], [laterPos, 'later']);
      controller.abort();
      await loop;
    } finally {
      framed.close();
    }

    // Raw: a small log (every byte), while its writer still has it open (zeros preallocated after the
    // cursor) and after it has closed it; then a log of several read chunks at a few chosen bytes.
    const rawPath = `${dir}/raw`;
    const raw = open(rawPath);
    const pieces = Array.from({ length: 40 }, (_, i) => `line ${i} ${'é'.repeat(i % 7)}\n`);
    let rawPositions: number[];
    const checkFrom = (path: string, content: Buffer, p: number) => {
      const ranges = [...read(path, { from: p })];
      let at = p;
      for (const r of ranges) {
        assert.equal(r.pos, at, `ranges from ${p} are contiguous`);
        at += r.data.length;
      }
      assert.deepEqual(Buffer.concat(ranges.map((r) => r.data)), content.subarray(p), `read from byte ${p}`);
    };
    try {
      rawPositions = pieces.map((p) => raw.append(p));
      const content = Buffer.from(pieces.join(''));
      assert.equal(rawPositions[5], Buffer.byteLength(pieces.slice(0, 5).join('')));
      for (let p = 0; p <= content.length; p++) checkFrom(rawPath, content, p);
    } finally {
      raw.close();
    }
    const content = readFileSync(rawPath);
    assert.equal(content.toString(), pieces.join(''));
    for (let p = 0; p <= content.length; p++) checkFrom(rawPath, content, p);

    const bigPath = `${dir}/big`;
    const big = open(bigPath);
    try {
      const block = Buffer.alloc(100_000);
      for (let i = 0; i < 26; i++) big.append(block.fill(65 + i));
      const bigContent = readFileSync(bigPath).subarray(0, 26 * block.length);
      const MiB = 1 << 20;
      for (const p of [0, 1, 4095, MiB - 1, MiB, MiB + 1, 2 * MiB + 7, 2_599_999, 2_600_000]) {
        checkFrom(bigPath, bigContent, p);
      }
    } finally {
      big.close();
    }
  } finally {
    cleanup();
  }
});

test('a stopped writer is waited for, never skipped, and shown stalled; once dead it is moved past within 1 s', async (t) => {
  const { dir, cleanup } = tempDir();
  const path = `${dir}/log`;
  const log = open(path, { format: 'framed' });
  let probe: Probe | undefined;
  let holder: ChildProcess | undefined;
  try {
    log.append('before-1');
    log.append('before-2');
    probe = new Probe(path);
    await probe.waitForRecord('before-2', 5000);

    holder = fork(childScript('holder'), [path], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const holderPid = holder.pid!;
    await new Promise<void>((resolve, reject) => {
      holder!.once('message', () => resolve());
      holder!.once('exit', (code, signal) => reject(new Error(`holder exited (${code}, ${signal})`)));
    });
    const held = 'held open by a child\n';
    await probe.waitForRecord(held, 5000);

    // Freeze the holder, then make it look as if it were stopped in the middle of an append:
    // its slot announces a claim of 24 bytes at the cursor, and the cursor has moved past it.
    const claimPos = await stallMidClaim(path, holderPid, 24);

    // Another writer appends behind the stalled claim.
    const afterPos = log.append('after');
    assert.equal(afterPos, claimPos + 24, '"after" lands right behind the stalled claim');
    const stalledAt = performance.now();

    // A one-shot read stops at the stalled claim.
    assert.deepEqual([...read(path, { readOnly: true })].map(textOf), ['before-1', 'before-2', held]);
    const stalled = stat(path).writers.find((w) => w.pid === holderPid);
    assert.ok(stalled !== undefined, 'stat lists the holder');
    assert.equal(stalled.state, 'stalled');
    assert.deepEqual(stalled.claim, { pos: claimPos, length: 24 });
    assert.equal(stat(path).writers.find((w) => w.pid === process.pid)?.state, 'alive');

    // The follower waits: it neither skips the claim nor delivers "after" past it.
    await delay(1500 - (performance.now() - stalledAt));
    assert.equal(processState(holderPid), 'T', 'the holder is still stopped');
    assert.deepEqual(
      probe.records.map((r) => r.text),
      ['before-1', 'before-2', held],
      'nothing delivered past a stopped writer',
    );

    // Once the holder is dead, its claim is moved past.
    const killedAt = performance.now();
    holder.kill('SIGKILL');
    const after = await probe.waitForRecord('after', 5000);
    const lag = after.at - killedAt;
    t.diagnostic(`the follower delivered "after" ${lag.toFixed(0)} ms after SIGKILL`);
    assert.ok(lag < 1500, `the follower moved past the dead writer's claim only after ${lag.toFixed(0)} ms`);
    assert.equal(after.pos, afterPos);
    assert.deepEqual(
      probe.records.map((r) => r.text),
      ['before-1', 'before-2', held, 'after'],
    );
    await exited(holder);
    assert.deepEqual([...read(path, { readOnly: true })].map((r) => [r.pos, textOf(r)]).slice(-1), [
      [afterPos, 'after'],
    ]);
    assert.deepEqual([...read(path, { readOnly: true })].map(textOf), ['before-1', 'before-2', held, 'after']);
    const dead = stat(path).writers.find((w) => w.pid === holderPid);
    assert.ok(dead === undefined || dead.state === 'dead', `the holder is shown ${dead?.state}`);

    const done = await probe.stop();
    assert.equal(done.error, null);
    assert.equal(done.records, 4);
  } finally {
    if (holder !== undefined) killChild(holder);
    probe?.kill();
    log.close();
    cleanup();
  }
});

test('sleeping followers do not hold libuv threadpool threads (fs stays responsive)', async () => {
  const { dir, cleanup } = tempDir();
  const controller = new AbortController();
  try {
    const path = `${dir}/log`;
    open(path, { format: 'framed' }).close();
    const loops = Array.from({ length: 6 }, async () => {
      for await (const _ of follow(path, { signal: controller.signal })) {
        // caught up: asleep
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    const started = performance.now();
    await fsPromises.stat(path);
    const took = performance.now() - started;
    // On the threadpool, six sleepers would hold all four threads for up to a second.
    assert.ok(took < 300, `fs.promises.stat took ${took.toFixed(1)} ms with six followers asleep`);
    controller.abort();
    await Promise.all(loops);
  } finally {
    controller.abort();
    cleanup();
  }
});

test('a worker thread terminated while its follower sleeps does not take the process down', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    open(path, { format: 'framed' }).close();
    for (let i = 0; i < 3; i++) {
      const worker = new Worker(childScript('followInWorker'), { workerData: path });
      await new Promise((r) => worker.once('message', r));
      await new Promise((r) => setTimeout(r, 50));
      await worker.terminate();
    }
    const log = open(path);
    log.append('still fine');
    log.close();
    assert.equal([...read(path)].length, 1);
  } finally {
    cleanup();
  }
});

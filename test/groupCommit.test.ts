/**
 * Group commit across processes (see src/durability/groupCommit.ts), with
 * real child processes on the machine's own disk:
 * - one fdatasync covers the records of several processes;
 * - the durable watermark never passes a live writer's claim in progress;
 * - a leader that dies in the middle of its sync is taken over, and while it
 *   lives the others sleep (no second sync, no spinning).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { open, stat } from '../src/index.js';
import type { DurableAppenderSpec } from './children/durableAppender.js';
import { childScript } from './helpers/children.js';
import {
  CURSOR,
  cpuTimeMs,
  exited,
  f64Bytes,
  i64At,
  killChild,
  pwrite,
  SLOT_CLAIM_FLOOR,
  SLOT_CLAIM_POS,
  slotOf,
  stallMidClaim,
} from './helpers/controlEdits.js';
import { tempDir } from './helpers/files.js';

interface Done {
  kind: 'done';
  resolved: number;
  fdatasyncs: number;
  durable: number;
  lastPos: number;
}

/** A durable appender child, started and ready (waiting for "go"). */
async function startAppender(spec: DurableAppenderSpec): Promise<{ child: ChildProcess; done: Promise<Done> }> {
  const child = fork(childScript('durableAppender'), [JSON.stringify(spec)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let onDone: (m: Done) => void = () => {};
  const done = new Promise<Done>((resolve, reject) => {
    onDone = resolve;
    child.once('exit', (code, signal) => reject(new Error(`appender ${spec.writer} exited (${code}, ${signal})`)));
  });
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: { kind: string }) => {
      if (m.kind === 'ready') resolve();
      if (m.kind === 'done') onDone(m as Done);
    });
    child.once('exit', (code, signal) => reject(new Error(`appender ${spec.writer} exited (${code}, ${signal})`)));
  });
  done.catch(() => {});
  return { child, done };
}

for (const layout of ['single file', 'segments'] as const) {
  test(`group commit (${layout}): 4 processes × 4 in flight share fdatasyncs; every resolved record is below the watermark`, async (t) => {
    const { dir, cleanup } = tempDir();
    const path = layout === 'segments' ? `${dir}/log.d` : `${dir}/log`;
    // Small segments: the run crosses several rolls, each synced with its directory before the next segment.
    const options = layout === 'segments' ? { format: 'framed', segmentSize: 64 * 1024 } : { format: 'framed' };
    const children: ChildProcess[] = [];
    try {
      const records = 500;
      const inFlight = 4;
      const appenders = await Promise.all(
        [0, 1, 2, 3].map((writer) => startAppender({ path, options, writer, records, inFlight, recordSize: 128 })),
      );
      for (const a of appenders) children.push(a.child);
      for (const a of appenders) a.child.send('go');
      const results = await Promise.all(appenders.map((a) => a.done));
      const total = results.reduce((n, r) => n + r.resolved, 0);
      const fdatasyncs = results.reduce((n, r) => n + r.fdatasyncs, 0);
      const info = stat(path);
      t.diagnostic(
        `${total} records made durable with ${fdatasyncs} fdatasync calls in ${info.durability.syncs} group commits ` +
          `(per process: ${results.map((r) => `${r.resolved} records / ${r.fdatasyncs} fdatasyncs`).join(', ')}); ` +
          `mean sync ${info.durability.meanSyncMs.toFixed(2)} ms`,
      );
      assert.equal(total, 4 * records);
      for (const r of results) assert.ok(r.durable > r.lastPos, `watermark ${r.durable} not past record ${r.lastPos}`);
      // No process has more than 4 records in flight: a commit covering more than 4 records on
      // average covered records of several processes.
      assert.ok(
        total / info.durability.syncs > inFlight,
        `${info.durability.syncs} group commits for ${total} records: no commit shared across processes`,
      );
      assert.ok(fdatasyncs < total / 2, `${fdatasyncs} fdatasync calls for ${total} records`);
      assert.equal(info.durability.failed, null);
      assert.equal(info.durability.leaderSlot, null, 'nobody leads once every sync is done');
      if (layout === 'segments') assert.ok(info.segments.length >= 4, `only ${info.segments.length} segments`);
    } finally {
      for (const child of children) killChild(child);
      cleanup();
    }
  });
}

test('the durable watermark never passes a live writer’s claim in progress; it rises once the claim is done', async () => {
  const { dir, cleanup } = tempDir();
  const path = `${dir}/log`;
  const log = open(path, { format: 'framed' });
  let holder: ChildProcess | undefined;
  try {
    await log.appendDurable('before');
    holder = fork(childScript('holder'), [path], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve) => holder!.once('message', () => resolve()));
    await log.sync(i64At(path, CURSOR) - 8);
    // Stop the holder and make it look stopped in the middle of an append of 24 bytes at the cursor.
    const holderPid = holder.pid as number;
    const claimPos = await stallMidClaim(path, holderPid, 24);
    const slot = slotOf(path, holderPid);
    // A record appended behind the claim: its sync must wait for the claim.
    let settled = false;
    const pending = log.appendDurable('after').then((pos) => {
      settled = true;
      return pos;
    });
    await delay(600);
    assert.equal(settled, false, 'a record behind a claim in progress was reported durable');
    assert.ok(log.durable <= claimPos, `watermark ${log.durable} passed the claim at ${claimPos}`);
    // The claim completes (the holder's slot goes idle): the sync resolves.
    pwrite(path, slot + SLOT_CLAIM_POS, f64Bytes(-1));
    pwrite(path, slot + SLOT_CLAIM_FLOOR, f64Bytes(-1));
    const pos = await pending;
    assert.equal(pos, claimPos + 24);
    assert.ok(log.durable > pos);
  } finally {
    if (holder !== undefined) {
      holder.kill('SIGKILL');
      await exited(holder);
    }
    log.close();
    cleanup();
  }
});

test('a leader stuck in fdatasync holds the others asleep (no second sync, little CPU); killed, it is taken over', async (t) => {
  const { dir, cleanup } = tempDir();
  const path = `${dir}/log`;
  const options = { format: 'framed' };
  const children: ChildProcess[] = [];
  try {
    const stuck = await startAppender({
      path,
      options,
      writer: 0,
      records: 1,
      inFlight: 1,
      recordSize: 128,
      hang: true,
    });
    children.push(stuck.child);
    const syncing = new Promise<void>((resolve) => {
      stuck.child.on('message', (m: { kind: string }) => {
        if (m.kind === 'syncing') resolve();
      });
    });
    stuck.child.send('go');
    await syncing;
    const leaderSlot = stat(path).durability.leaderSlot;
    assert.equal(leaderSlot, (slotOf(path, stuck.child.pid as number) - 4096) / 64, 'the stuck writer leads');

    const waiter = await startAppender({ path, options, writer: 1, records: 20, inFlight: 2, recordSize: 128 });
    children.push(waiter.child);
    let finished = false;
    waiter.done.then(() => {
      finished = true;
    });
    waiter.child.send('go');
    await delay(300);
    const cpuBefore = cpuTimeMs(waiter.child.pid as number);
    await delay(1200);
    const cpu = cpuTimeMs(waiter.child.pid as number) - cpuBefore;
    t.diagnostic(`a waiter behind a stuck leader used ${cpu} ms of CPU in 1.2 s`);
    assert.equal(finished, false, 'the waiter ran its own sync while a live leader was syncing');
    assert.ok(cpu < 150, `a waiter behind a stuck leader used ${cpu} ms of CPU in 1.2 s`);
    assert.equal(stat(path).durability.leaderSlot, leaderSlot);

    const killedAt = performance.now();
    stuck.child.kill('SIGKILL');
    const result = await waiter.done;
    const lag = performance.now() - killedAt;
    t.diagnostic(`the waiter took over ${lag.toFixed(0)} ms after the leader was killed`);
    assert.equal(result.resolved, 20);
    assert.ok(result.durable > result.lastPos);
    assert.ok(lag < 5000, `takeover took ${lag.toFixed(0)} ms`);
  } finally {
    for (const child of children) killChild(child);
    cleanup();
  }
});

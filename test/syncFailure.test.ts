/**
 * A failing `fdatasync` (root only): an ext4 filesystem on a loop device
 * whose image lives on a tmpfs too small for it. The filesystem believes it
 * has room, so appends succeed, but once the tmpfs is full the device's
 * writes fail and so does every `fdatasync` — as on a disk that fails.
 * The filesystem has no journal, so that the failure is the data writes'
 * alone (with one, ext4 aborts the journal and remounts read-only).
 *
 * What must hold (PostgreSQL's "fsyncgate" lesson: after a failed fsync the
 * kernel may have dropped the dirty pages, or marked them clean):
 * - every sync in flight, in every process, is rejected — none hangs, none
 *   resolves past the failure;
 * - no later sync succeeds, even once the device has room again;
 * - `open()` for appending reports it (ERR_MMLOG_SYNC_FAILED), `stat` shows it;
 * - recovery writes the pages again, syncs them and clears it: after the
 *   page cache is dropped, every record appended is read back from the device.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { ErrorCode, open, read, recover, stat } from '../src/index.js';
import { dropCaches, type LoopFs, mountLoopExt4, mountTmpfs, subdir } from './helpers/blockDevices.js';
import { childScript } from './helpers/children.js';
import { killChild } from './helpers/controlEdits.js';
import { tempDir } from './helpers/files.js';

interface Failed {
  kind: 'failed';
  started: number;
  settled: number;
  resolved: number;
  lastResolved: number;
  durable: number;
  errors: Record<string, number>;
}

function message<T>(child: ChildProcess, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { kind: string }) => {
      if (m.kind !== kind) return;
      child.off('message', onMessage);
      resolve(m as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code, signal) => reject(new Error(`writer exited (${code}, ${signal}) before '${kind}'`)));
  });
}

test('a failed fdatasync rejects every waiting sync in every process, is never retried into a success, and is cleared only by recovery rewriting the pages', async (t) => {
  const { dir, cleanup } = tempDir();
  const back = subdir(dir, 'back');
  let fs: LoopFs | string | undefined;
  let tmpfsMounted = false;
  const children: ChildProcess[] = [];
  try {
    const reason = mountTmpfs(back, '8m');
    if (reason !== undefined) {
      console.log(`# skipped: ${reason}`);
      t.skip(reason);
      return;
    }
    tmpfsMounted = true;
    fs = mountLoopExt4(`${back}/image`, `${dir}/mnt`, {
      sizeMiB: 64,
      journal: false,
      mountOptions: ['errors=continue'],
    });
    if (typeof fs === 'string') {
      console.log(`# skipped: ${fs}`);
      t.skip(fs);
      return;
    }
    // Room to give back later: the device can write again once this is gone.
    writeFileSync(`${back}/reserve`, Buffer.alloc(2 * 1024 * 1024));
    const path = `${fs.mountPoint}/log`;
    open(path, { format: 'framed', chunkSize: 1024 * 1024 }).close();

    for (const writer of [0, 1]) {
      const child = fork(childScript('failingSyncWriter'), [path, String(writer), '4'], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      await message(child, 'ready');
    }
    const failures = children.map((child) => message<Failed>(child, 'failed'));
    for (const child of children) child.send('go');
    const reports = await Promise.all(failures);
    t.diagnostic(JSON.stringify(reports));

    const info = stat(path);
    assert.ok(
      info.durability.failed === 'ENOSPC' || info.durability.failed === 'EIO',
      `failed: ${info.durability.failed}`,
    );
    for (const r of reports) {
      assert.equal(r.settled, r.started, 'every sync in flight settled: none hangs');
      assert.ok(r.resolved > 0, 'syncs succeeded before the device filled up');
      const codes = Object.keys(r.errors);
      assert.ok(codes.length > 0, 'the writer saw the failure');
      for (const code of codes) assert.match(code, /^ERR_MMLOG_SYNC_FAILED\/(ENOSPC|EIO)$/);
      assert.ok(r.lastResolved < info.durability.durable, 'every resolved record is below the watermark');
    }
    const watermark = info.durability.durable;

    // The device has room again: a sync now would succeed at the system level — it must still be refused.
    rmSync(`${back}/reserve`);
    const retried = children.map((child) => message<{ retry: string }>(child, 'retried'));
    for (const child of children) child.send('retry');
    for (const r of await Promise.all(retried)) assert.equal(r.retry, ErrorCode.SYNC_FAILED);
    assert.equal(stat(path).durability.durable, watermark, 'the watermark never rose after the failure');
    assert.throws(() => open(path), { code: ErrorCode.SYNC_FAILED });

    // Recovery dirties every page above the watermark again and syncs them: they reach the device.
    const report = recover(path);
    assert.equal(report.syncRestored, true);
    assert.equal(report.durable, stat(path).cursor);
    assert.equal(stat(path).durability.failed, null);
    dropCaches();
    const appended = reports.reduce((n, r) => n + r.started, 0);
    const counts = [0, 0];
    for (const record of read(path)) {
      const writer = record.data[4] - 0x41;
      assert.ok(writer === 0 || writer === 1, `record at ${record.pos} holds bytes no writer wrote`);
      assert.ok(
        record.data.subarray(4).every((b) => b === 0x41 + writer),
        `record at ${record.pos} is damaged`,
      );
      counts[writer]++;
    }
    t.diagnostic(`read back from the device after recovery: ${counts.join(' + ')} of ${appended} records`);
    assert.equal(counts[0] + counts[1], appended, 'every record appended reached the device after recovery');
    const again = open(path);
    await again.appendDurable('after recovery');
    again.close();
  } finally {
    for (const child of children) killChild(child);
    if (typeof fs === 'object') fs.unmount();
    if (tmpfsMounted) execFileSync('umount', [back]);
    cleanup();
  }
});

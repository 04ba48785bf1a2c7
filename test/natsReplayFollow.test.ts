/**
 * `mmlog replay -f` follows: started on a stream `mmlog ship` is filling
 * while records keep being appended to the source, it appends each new
 * message as it comes; once the source is shipped, the mirror is
 * byte-equal to it, record by record, and its position map gives each
 * record's original position. Interrupted (SIGTERM), it exits cleanly.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { open, read } from '../src/index.js';
import { readPositionMap } from '../src/integrations/nats/index.js';
import { tempDir } from './helpers/files.js';
import { NatsServer, natsServerMissing } from './helpers/natsServer.js';
import { consumerLag, exited, mmlog, waitFor } from './helpers/shipping.js';

const BATCHES = 30;
const PER_BATCH = 500;
const missing = natsServerMissing();
if (missing !== undefined) console.log(`# skipped: ${missing}`);

function mirrored(mirror: string): number {
  try {
    return readPositionMap(mirror).entries.length;
  } catch {
    return 0;
  }
}

test('mmlog replay -f follows a stream being shipped: the mirror ends byte-equal, original positions mapped', {
  skip: missing,
  timeout: 120_000,
}, async () => {
  const server = await NatsServer.start();
  const { dir, cleanup } = tempDir('mmlog-nats-replay-f-');
  const children: ChildProcess[] = [];
  try {
    const src = join(dir, 'src');
    const mirror = join(dir, 'mirror');
    const log = open(src, { format: 'framed', segmentSize: 4 * 1024 * 1024 });
    log.append('first');
    const target = ['--server', server.url, '--stream', 'FOLLOW', '--subject', 'logs.follow'];
    const shipper = mmlog(['ship', src, ...target, '--create-stream']);
    children.push(shipper);
    await waitFor(() => consumerLag(src) === 0, 'the stream to be created and the first record shipped');
    const replaying = mmlog(['replay', mirror, ...target, '-f']);
    children.push(replaying);
    await waitFor(() => mirrored(mirror) === 1, 'the replay to start');

    // Records of varied sizes, appended in batches while both run; the mirror grows meanwhile.
    const seen: number[] = [];
    for (let b = 0; b < BATCHES; b++) {
      for (let i = 0; i < PER_BATCH; i++) log.append(`${b}.${i} ${'f'.repeat((b * 31 + i * 7) % 300)}`);
      await sleep(100);
      seen.push(mirrored(mirror));
    }
    const total = 1 + BATCHES * PER_BATCH;
    await waitFor(() => mirrored(mirror) === total, 'the mirror to catch up', 30_000);
    assert.ok(
      seen.some((n) => n > 1 && n < total),
      `the mirror grew while records were appended (${seen.join(' ')})`,
    );
    replaying.kill('SIGTERM');
    assert.equal(await exited(replaying), 0);
    shipper.kill('SIGTERM');
    assert.equal(await exited(shipper), 0);
    log.close();

    const source = [...read(src)];
    const copy = [...read(mirror)];
    assert.equal(copy.length, source.length);
    for (let i = 0; i < source.length; i++) {
      assert.ok(Buffer.compare(source[i]?.data as Uint8Array, copy[i]?.data as Uint8Array) === 0, `record ${i}`);
    }
    const map = readPositionMap(mirror);
    assert.deepEqual(
      map.entries.map((e) => [e.original, e.local]),
      source.map((r, i) => [r.pos, copy[i]?.pos]),
    );
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await server.dispose();
    cleanup();
  }
});

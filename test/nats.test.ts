/**
 * Shipping to and replaying from a real nats-server (started here: JetStream
 * file storage in a temporary directory, a free port): byte-exact round
 * trips, the message format, resuming from the stream after a lost
 * checkpoint, and the clear errors (bad address, missing stream, a record
 * over the stream's maximum). Skips, saying why, without nats-server.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { consumer, MmlogError, open, read, stat } from '../src/index.js';
import { readPositionMap, replay, ship } from '../src/integrations/nats/index.js';
import { tempDir } from './helpers/files.js';
import { NatsServer, natsServerMissing } from './helpers/natsServer.js';
import { createStream, streamMessages } from './helpers/natsStream.js';

const missing = natsServerMissing();
if (missing !== undefined) console.log(`# skipped: ${missing}`);
let server: NatsServer;
const { dir, cleanup } = tempDir('mmlog-nats-');
let streams = 0;

before(async () => {
  if (missing === undefined) server = await NatsServer.start();
});
after(async () => {
  await server?.dispose();
  cleanup();
});

/** A fresh stream name and subject. */
function names(): { stream: string; subject: string } {
  streams++;
  return { stream: `T${streams}`, subject: `logs.t${streams}` };
}

function makeLog(name: string, format: 'raw' | 'framed', records: (string | Uint8Array)[]): string {
  const path = join(dir, name);
  const log = open(path, { format, segmentSize: 1024 * 1024 });
  for (const r of records) log.append(r);
  log.close();
  return path;
}

const lines = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `line ${i + from} ${'é'.repeat((i * 7) % 40)}\n`);

function records(path: string, raw: boolean): { pos: number; data: Buffer }[] {
  const out: { pos: number; data: Buffer }[] = [];
  let carry = Buffer.alloc(0);
  let start = 0;
  for (const r of read(path)) {
    if (!raw) out.push({ pos: r.pos, data: Buffer.from(r.data) });
    else {
      let buf = Buffer.concat([carry, Buffer.from(r.data)]);
      if (carry.length === 0) start = r.pos;
      for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10)) {
        out.push({ pos: start, data: buf.subarray(0, nl + 1) });
        start += nl + 1;
        buf = buf.subarray(nl + 1);
      }
      carry = buf;
    }
  }
  return out;
}

for (const format of ['framed', 'raw'] as const) {
  test(`${format}: ship --once sends one message per record with the headers, replay is byte-equal`, {
    skip: missing,
  }, async () => {
    const src = makeLog(`src-${format}`, format, lines(5000));
    const target = { servers: server.url, ...names() };
    const shipper = ship(src, { ...target, createStream: true, once: true, name: 'nats' });
    await shipper.start();
    assert.equal(shipper.stats().acked, 5000);
    const expected = records(src, format === 'raw');
    const shipped = await streamMessages(server.url, target.stream);
    const { logId } = stat(src);
    assert.deepEqual(
      shipped.map((m) => [m.logId, m.pos, m.msgId, Buffer.from(m.data).toString()]),
      expected.map((r) => [logId, r.pos, `${logId}:${r.pos}`, r.data.toString()]),
    );
    // The shipper's named consumer: committed to the end, so `mmlog stat` shows no lag.
    const c = stat(src).consumers.find((x) => x.name === 'nats');
    assert.deepEqual(c && { lag: c.lag }, { lag: 0 });

    const mirror = join(dir, `mirror-${format}`);
    const report = await replay(mirror, { ...target, format });
    assert.equal(report.appended, 5000);
    const copied = records(mirror, format === 'raw');
    assert.deepEqual(Buffer.concat(copied.map((r) => r.data)), Buffer.concat(expected.map((r) => r.data)));
    const map = readPositionMap(mirror);
    assert.equal(map.logId, logId);
    assert.deepEqual(
      map.entries.map((e) => [e.original, e.local]),
      expected.map((r, i) => [r.pos, copied[i]?.pos]),
    );
    // Again: nothing new, nothing appended twice.
    assert.equal((await replay(mirror, target)).appended, 0);
  });
}

test('a lost checkpoint: the shipper resumes after the last record the stream holds, neither skipping nor repeating', {
  skip: missing,
}, async () => {
  const src = makeLog('lost-checkpoint', 'framed', lines(3000));
  // A short duplicate window: the server's dedup must not be what hides a repeat.
  const target = { servers: server.url, ...names() };
  await createStream(server.url, target.stream, target.subject, { duplicate_window: 100_000_000 });
  await ship(src, { ...target, once: true }).start();
  // The checkpoint is lost (set back to the start), and more records come.
  const c = consumer(src, 'ship');
  c.commit(stat(src).firstPosition);
  c.close();
  await new Promise((resolve) => setTimeout(resolve, 150));
  const log = open(src);
  for (const line of lines(1000, 3000)) log.append(line);
  log.close();
  const again = ship(src, { ...target, once: true });
  const resumed: unknown[] = [];
  again.on('resume', (r) => resumed.push(r));
  await again.start();
  assert.equal(again.stats().sent, 1000, 'only the new records are sent');
  const shipped = await streamMessages(server.url, target.stream);
  assert.deepEqual(
    shipped.map((m) => m.pos),
    records(src, false).map((r) => r.pos),
  );
});

test('errors: a bad server address, a missing stream, a record over the maximum — nothing skipped', {
  skip: missing,
}, async () => {
  const src = makeLog('errors', 'framed', lines(10));
  const target = { servers: server.url, ...names() };
  await assert.rejects(ship(src, { ...target, servers: 'nats://127.0.0.1:1', once: true }).start(), {
    code: 'ERR_MMLOG_SINK_UNREACHABLE',
  });
  await assert.rejects(ship(src, { ...target, once: true }).start(), { code: 'ERR_MMLOG_NATS_STREAM_MISSING' });
  await assert.rejects(replay(join(dir, 'no-mirror'), target), { code: 'ERR_MMLOG_NATS_STREAM_MISSING' });
  assert.throws(() => ship(src, { ...target, window: 0 }), RangeError);
  assert.throws(() => ship(src, { servers: server.url, stream: 'x' } as never), TypeError);
  assert.throws(() => ship(src, { ...target, bogus: 1 } as never), TypeError);

  // A stream taking at most 1000 bytes a message, and a record of 2000 bytes among small ones.
  const big = makeLog('big', 'framed', [...lines(5), 'x'.repeat(2000), ...lines(5, 5)]);
  await createStream(server.url, target.stream, target.subject, { max_msg_size: 1000 });
  const error = await ship(big, { ...target, once: true })
    .start()
    .catch((e: unknown) => e);
  assert.ok(error instanceof MmlogError);
  assert.equal(error.code, 'ERR_MMLOG_MESSAGE_TOO_LARGE');
  const all = records(big, false);
  const shipped = await streamMessages(server.url, target.stream);
  assert.deepEqual(
    shipped.map((m) => m.pos),
    all.slice(0, 5).map((r) => r.pos),
    'exactly the records before it',
  );
  const c = consumer(big, 'ship');
  assert.equal(c.position, all[5]?.pos, 'the consumer stops at the record too large');
  c.close();
});

test('a single-file log is refused: the shipper needs a named consumer', { skip: missing }, async () => {
  const path = join(dir, 'single');
  open(path, { format: 'framed' }).close();
  await assert.rejects(ship(path, { servers: server.url, ...names(), once: true }).start(), {
    code: 'ERR_MMLOG_NOT_SEGMENTED',
  });
});

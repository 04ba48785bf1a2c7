/**
 * Retention never deletes what the shipper has not shipped: its named
 * consumer holds the segments from its position on. A log keeping at most
 * 2 sealed segments grows by 10 segments while the shipper is stopped; every
 * record since its position stays, and shipping again sends all of them.
 * Once shipped, the next roll lets the old segments go.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { open, read, stat } from '../src/index.js';
import { ship } from '../src/integrations/nats/index.js';
import { tempDir } from './helpers/files.js';
import { NatsServer, natsServerMissing } from './helpers/natsServer.js';
import { streamMessages } from './helpers/natsStream.js';
import { consumerLag } from './helpers/shipping.js';

const SEGMENT = 64 * 1024;
const missing = natsServerMissing();
if (missing !== undefined) console.log(`# skipped: ${missing}`);

test('retention keeps the segments the shipper has not shipped, and lets them go once it has', {
  skip: missing,
  timeout: 120_000,
}, async () => {
  const server = await NatsServer.start();
  const { dir, cleanup } = tempDir('mmlog-nats-retention-');
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: SEGMENT, retention: { maxSegments: 2 } });
    const target = { servers: server.url, stream: 'RETAIN', subject: 'logs.retain' };
    const append = (n: number) => {
      for (let i = 0; i < n; i++) log.append(`record ${i} `.padEnd(1000, 'k'));
    };
    append(50);
    await ship(path, { ...target, createStream: true, once: true }).start();
    const shippedTo = stat(path).consumers.find((c) => c.name === 'ship')?.position as number;
    assert.equal(consumerLag(path), 0);

    // The shipper is stopped; the log grows by some 10 segments (retention runs at each roll).
    append(650);
    const behind = stat(path);
    assert.ok(behind.segments.length > 8, `${behind.segments.length} segments kept`);
    assert.ok(behind.firstPosition <= shippedTo, `first position ${behind.firstPosition}, shipped to ${shippedTo}`);
    assert.equal([...read(path, { from: shippedTo })].length, 650, 'every record not shipped is still there');

    await ship(path, { ...target, once: true }).start();
    const all = [...read(path)].map((r) => r.pos);
    assert.equal(all.length, 700);
    const shipped = await streamMessages(server.url, target.stream, false);
    assert.deepEqual(
      shipped.map((m) => m.pos),
      all,
      'the stream holds every record once',
    );

    // Shipped: the next roll applies retention again, down to the limit.
    append(70);
    const after = stat(path);
    log.close();
    assert.ok(after.firstPosition > shippedTo, `first position ${after.firstPosition} moved past ${shippedTo}`);
    assert.ok(after.segments.length <= 3, `${after.segments.length} segments: 2 sealed and the active one`);
  } finally {
    await server.dispose();
    cleanup();
  }
});

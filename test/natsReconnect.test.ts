/**
 * Reconnection with backoff: the server goes away for 3 s (far longer than
 * one reconnection attempt) while records keep being appended, then comes
 * back on the same port and storage — stopped cleanly (SIGTERM) or killed
 * (SIGKILL: acknowledged messages it had not written out may be lost). The
 * shipper, never restarted, retries with growing pauses (a handful of
 * attempts, not a spin), resumes from what the stream holds, and the stream
 * ends with every record exactly once, in position order.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { open, read, stat } from '../src/index.js';
import { ship } from '../src/integrations/nats/index.js';
import { tempDir } from './helpers/files.js';
import { NatsServer, natsServerMissing } from './helpers/natsServer.js';
import { streamMessages } from './helpers/natsStream.js';
import { consumerLag, waitFor } from './helpers/shipping.js';

const DOWN_MS = 3000;
const missing = natsServerMissing();
if (missing !== undefined) console.log(`# skipped: ${missing}`);

for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
  test(`the server ${signal === 'SIGTERM' ? 'stopped' : 'killed'} (${signal}) for ${DOWN_MS / 1000} s while records are appended: the shipper retries with backoff, resumes, every record once`, {
    skip: missing,
    timeout: 120_000,
  }, async () => {
    const server = await NatsServer.start();
    const { dir, cleanup } = tempDir('mmlog-nats-reconnect-');
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: 4 * 1024 * 1024 });
    const target = { servers: server.url, stream: 'RECON', subject: 'logs.recon' };
    const shipper = ship(path, { ...target, createStream: true, maxBackoffMs: 1000 });
    const disconnects: number[] = [];
    shipper.on('disconnect', () => disconnects.push(performance.now()));
    const running = shipper.start();
    let appended = 0;
    const writer = setInterval(() => {
      for (let i = 0; i < 50; i++) log.append(`record ${appended++} `.padEnd(100, 'r'));
    }, 5);
    try {
      await sleep(1000);
      await server.stop(signal);
      const down = performance.now();
      await sleep(DOWN_MS);
      await server.restart();
      const up = performance.now();
      await sleep(1000);
      clearInterval(writer);
      await waitFor(() => consumerLag(path) === 0, 'the shipper to catch up', 30_000);
      const whileDown = disconnects.filter((t) => t >= down && t <= up);
      const gaps = whileDown.slice(1).map((t, i) => t - (whileDown[i] as number));
      const shown = gaps
        .slice(0, 10)
        .map((g) => Math.round(g))
        .join(' ');
      console.log(
        `# ${appended} records; ${whileDown.length} failed attempts while down, gaps ${shown} ms; ` +
          `${shipper.stats().connections} connections`,
      );
      // 50, 100, 200, 400, 800, 1000… ms apart: more than one attempt, far from a spin.
      assert.ok(whileDown.length >= 3 && whileDown.length <= 15, `${whileDown.length} attempts while down`);
      assert.ok((gaps.at(-1) ?? 0) >= 500, 'the pauses grew');
      assert.ok(shipper.stats().connections >= 2);
      const positions = [...read(path)].map((r) => r.pos);
      assert.equal(positions.length, appended);
      const shipped = await streamMessages(server.url, target.stream, false);
      const { logId } = stat(path);
      assert.ok(shipped.every((m) => m.logId === logId));
      assert.deepEqual(
        shipped.map((m) => m.pos),
        positions,
        'every record exactly once, in order',
      );
    } finally {
      clearInterval(writer);
      await shipper.stop();
      await running.catch(() => undefined);
      log.close();
      await server.dispose();
      cleanup();
    }
  });
}

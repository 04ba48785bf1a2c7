/**
 * A shipper far behind keeps its memory bounded, and `mmlog stat` shows its
 * lag. `mmlog ship` follows a log; the server is paused (SIGSTOP: it still
 * accepts connections and answers nothing) while 192 MiB of records are
 * appended, so the shipper can send no more than its window. Its anonymous
 * memory (heap and buffers, not the log's mapped pages) must stay within
 * 64 MiB of what it was caught up: a shipper that read the backlog into its
 * window, or into the client's outgoing buffer, would hold it all. Resumed,
 * the server receives every record once and the lag goes to zero. The pause
 * (12 s) outlasts the acknowledgement timeout and a connection attempt (5 s
 * each): the shipper drops the connection and retries against a server that
 * accepts and never answers, then exits on SIGTERM.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { open } from '../src/index.js';
import { tempDir } from './helpers/files.js';
import { NatsServer, natsServerMissing } from './helpers/natsServer.js';
import { CLI, consumerLag, exitedWithin, mmlog, rssAnon, waitFor } from './helpers/shipping.js';

const RECORD = 4096;
const BACKLOG = 192 * 1024 * 1024;
const BOUND = 64 * 1024 * 1024;
const missing = natsServerMissing();
if (missing !== undefined) console.log(`# skipped: ${missing}`);

async function streamCount(url: string, stream: string): Promise<number> {
  const nc = await connect({ servers: url });
  try {
    return (await (await jetstreamManager(nc)).streams.info(stream)).state.messages;
  } finally {
    await nc.close();
  }
}

test(`a shipper ${BACKLOG / 2 ** 20} MiB behind a paused server stays within ${BOUND / 2 ** 20} MiB of memory; mmlog stat shows its lag`, {
  skip: missing,
  timeout: 300_000,
}, async () => {
  const server = await NatsServer.start();
  const { dir, cleanup } = tempDir('mmlog-nats-memory-');
  let shipper: ChildProcess | undefined;
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: 64 * 1024 * 1024 });
    const record = Buffer.alloc(RECORD - 8, 'm');
    for (let i = 0; i < 100; i++) log.append(record);
    shipper = mmlog(
      ['ship', path, '--server', server.url, '--stream', 'MEM', '--subject', 'logs.mem', '--create-stream'],
      true,
    );
    const pid = shipper.pid as number;
    await waitFor(() => consumerLag(path) === 0, 'the shipper to catch up');
    await sleep(500);
    const base = rssAnon(pid);

    server.pause();
    const records = BACKLOG / RECORD;
    for (let i = 0; i < records; i++) log.append(record);
    let peak = base;
    // 12 s: the acknowledgement timeout, then a connection attempt that times out.
    for (let i = 0; i < 120; i++) {
      await sleep(100);
      peak = Math.max(peak, rssAnon(pid));
    }
    const lag = consumerLag(path) as number;
    const text = spawnSync(process.execPath, [CLI, 'stat', path], { encoding: 'utf8' }).stdout;
    console.log(
      `# caught up ${(base / 2 ** 20).toFixed(1)} MiB, peak behind ${(peak / 2 ** 20).toFixed(1)} MiB; lag ${lag} bytes`,
    );
    assert.ok(peak - base < BOUND, `memory grew by ${((peak - base) / 2 ** 20).toFixed(1)} MiB`);
    assert.ok(lag > BACKLOG - 16 * 1024 * 1024, `lag ${lag}: the shipper is behind by the backlog`);
    assert.match(text, new RegExp(`^ship\\s+\\d+\\s+${lag}\\b`, 'm'), 'mmlog stat shows the lag of the consumer ship');
    const json = JSON.parse(spawnSync(process.execPath, [CLI, 'stat', path, '--json'], { encoding: 'utf8' }).stdout);
    assert.equal(json.consumers.find((c: { name: string }) => c.name === 'ship')?.lag, lag);

    server.resume();
    await waitFor(() => consumerLag(path) === 0, 'the shipper to ship the backlog', 120_000);
    log.close();
    assert.equal(await streamCount(server.url, 'MEM'), 100 + records);
    shipper.kill('SIGTERM');
    assert.equal(await exitedWithin(shipper, 10_000), 0, 'it exits on SIGTERM');
  } finally {
    if (shipper?.exitCode === null) shipper.kill('SIGKILL');
    await server.dispose();
    cleanup();
  }
});

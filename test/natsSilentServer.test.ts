/**
 * An address that accepts TCP connections and never speaks NATS (an HTTP
 * port, a load balancer with no backend, a stopped server): `mmlog ship` and
 * `mmlog replay` fail with `ERR_MMLOG_SINK_UNREACHABLE` after the connection
 * timeout and the process ends; `ship()` and `replay()` reject the same way
 * and leave no socket open; a shipper retrying through such an outage holds
 * no more sockets after many attempts than after one (the NATS client leaves
 * the socket of a timed-out attempt open: mmlog probes each server first on
 * a socket of its own). Only the last test needs nats-server.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import dns from 'node:dns';
import { writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { open } from '../src/index.js';
import { openSession } from '../src/integrations/nats/connection.js';
import { replay, ship } from '../src/integrations/nats/index.js';
import { answeringServers } from '../src/integrations/nats/serverProbe.js';
import { collect } from './helpers/children.js';
import { tempDir } from './helpers/files.js';
import { accepting, freePort, NatsServer, natsServerMissing } from './helpers/natsServer.js';
import { consumerLag, waitFor } from './helpers/shipping.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

test('mmlog ship and replay against a server that never answers: exit 1 with SINK_UNREACHABLE, no hang', {
  timeout: 60_000,
}, async () => {
  const { dir, cleanup } = tempDir('mmlog-nats-silent-');
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    socket.on('error', () => {});
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as { port: number };
    const src = join(dir, 'src');
    const log = open(src, { format: 'framed', segmentSize: 1024 * 1024 });
    log.append('a record');
    log.close();
    const target = ['--server', `nats://127.0.0.1:${port}`, '--stream', 'S', '--subject', 'a'];
    for (const args of [
      ['ship', src, ...target, '--once'],
      ['replay', join(dir, 'mirror'), ...target],
    ]) {
      const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const result = await collect(child).finally(() => clearTimeout(killer));
      assert.equal(result.signal, null, `mmlog ${args[0]} ended by itself`);
      assert.equal(result.code, 1, `mmlog ${args[0]}: ${result.stderr}`);
      assert.match(result.stderr, /ERR_MMLOG_SINK_UNREACHABLE/);
    }
  } finally {
    for (const socket of sockets) socket.destroy();
    server.close();
    cleanup();
  }
});

test('a subject over 1,024 bytes, with an empty token, whitespace or a control character is refused before anything connects (nats-server drops the connection at its first publish)', async () => {
  const { dir, cleanup } = tempDir('mmlog-nats-subject-');
  try {
    const src = join(dir, 'src');
    open(src, { format: 'framed', segmentSize: 1024 * 1024 }).close();
    const target = { servers: 'nats://127.0.0.1:1', stream: 'S' };
    assert.throws(() => ship(src, { ...target, subject: `a.${'b'.repeat(1023)}` }), RangeError);
    for (const subject of ['a\u0000b', 'a\tb', 'a..b', '.a', 'a.', 'a\u007fb']) {
      assert.throws(() => ship(src, { ...target, subject }), RangeError, JSON.stringify(subject));
      await assert.rejects(replay(join(dir, 'mirror'), { ...target, subject }), RangeError, JSON.stringify(subject));
    }
    assert.throws(() => ship(src, { ...target, subject: 'a', stream: 'S\u0000' }), RangeError);
    await assert.rejects(replay(join(dir, 'mirror'), { ...target, subject: 'é'.repeat(513) }), RangeError);
    // At the limit: taken (this one fails later, connecting to nothing).
    await assert.rejects(ship(src, { ...target, subject: 'c'.repeat(1024), once: true, timeoutMs: 200 }).start(), {
      code: 'ERR_MMLOG_SINK_UNREACHABLE',
    });
  } finally {
    cleanup();
  }
});

/** A TCP server that accepts and never answers, counting the connections still open. */
async function silentServer(): Promise<{ url: string; open: () => number; close: () => void }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    socket.on('error', () => {});
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `nats://127.0.0.1:${port}`,
    open: () => sockets.size,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

test('ship() and replay() against a server that never answers reject with SINK_UNREACHABLE and leave no socket open', async () => {
  const { dir, cleanup } = tempDir('mmlog-nats-silent-');
  const silent = await silentServer();
  try {
    const src = join(dir, 'src');
    const log = open(src, { format: 'framed', segmentSize: 1024 * 1024 });
    log.append('a record');
    log.close();
    const target = { servers: [silent.url], stream: 'S', subject: 'a', timeoutMs: 300 };
    for (let i = 0; i < 3; i++) {
      await assert.rejects(ship(src, { ...target, once: true }).start(), {
        code: 'ERR_MMLOG_SINK_UNREACHABLE',
        message: /no NATS server answered .*no answer within 300 ms/,
      });
      await assert.rejects(replay(join(dir, 'mirror'), target), { code: 'ERR_MMLOG_SINK_UNREACHABLE' });
    }
    await waitFor(() => silent.open() === 0, 'every connection to the silent server to be closed', 5000);
  } finally {
    silent.close();
    cleanup();
  }
});

const missing = natsServerMissing();
test('a shipper retrying through an outage where the server accepts and never answers holds no more sockets after many attempts', {
  skip: missing,
  timeout: 120_000,
}, async () => {
  const server = await NatsServer.start();
  const { dir, cleanup } = tempDir('mmlog-nats-retry-');
  const path = join(dir, 'log');
  const log = open(path, { format: 'framed', segmentSize: 1024 * 1024 });
  const shipper = ship(path, {
    servers: server.url,
    stream: 'RETRY',
    subject: 'logs.retry',
    createStream: true,
    timeoutMs: 300,
    maxBackoffMs: 100,
  });
  let disconnects = 0;
  shipper.on('disconnect', () => disconnects++);
  const running = shipper.start();
  const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
  try {
    log.append('before the outage');
    await waitFor(() => shipper.stats().acked === 1, 'the first record to be acknowledged', 30_000);
    const connected = sockets();
    server.pause();
    // Unacknowledged sends drop the connection after timeoutMs; then attempts time out, 100 ms apart.
    log.append('during the outage');
    await waitFor(() => disconnects >= 8, 'eight failed attempts', 60_000);
    const during = sockets();
    console.log(`# ${disconnects} failed attempts; TCP sockets connected ${connected}, after the attempts ${during}`);
    assert.ok(during <= connected + 1, `${during} sockets open after ${disconnects} attempts (${connected} connected)`);
    server.resume();
    // The record sent into the pause was acknowledged, or found stored when the shipper resumed.
    await waitFor(() => consumerLag(path) === 0 && shipper.stats().connected, 'the rest to be shipped', 30_000);
  } finally {
    await shipper.stop();
    await running.catch(() => undefined);
    log.close();
    await server.dispose();
    cleanup();
  }
});

test('the probe: a name whose first address is silent answers by its other one; a silent server in a list delays nothing; a server one connection short of max_connections takes the client', {
  skip: missing,
  timeout: 120_000,
}, async () => {
  const { dir, cleanup } = tempDir('mmlog-nats-probe-');
  const silent = await silentServer();
  const port = await freePort();
  // A silent address on the same port: 127.0.0.2, beside a real server on 127.0.0.1.
  const silentTwin = createServer((socket) => socket.on('error', () => {}));
  await new Promise<void>((resolve) => silentTwin.listen(port, '127.0.0.2', resolve));
  const conf = join(dir, 'nats.conf');
  writeFileSync(conf, `listen: 127.0.0.1:${port}\nmax_connections: 1\njetstream { store_dir: ${join(dir, 'js')} }\n`);
  const nats = spawn('nats-server', ['-c', conf], { stdio: 'ignore' });
  const realLookup = dns.lookup;
  try {
    await waitForPort(port);
    // The name resolves to the silent address first, as a round-robin record may.
    const name = 'mmlog-probe.test';
    dns.lookup = ((host: string, options: unknown, callback: unknown) => {
      if (host !== name) return (realLookup as (...args: unknown[]) => void).call(dns, host, options, callback);
      const all = [
        { address: '127.0.0.2', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ];
      process.nextTick(() => (callback as (e: null, a: typeof all) => void)(null, all));
    }) as typeof dns.lookup;
    assert.deepEqual(await answeringServers([`nats://${name}:${port}`], 2000), [`nats://${name}:${port}`]);
    dns.lookup = realLookup;

    const started = performance.now();
    assert.deepEqual(await answeringServers([silent.url, `nats://127.0.0.1:${port}`], 3000), [
      `nats://127.0.0.1:${port}`,
    ]);
    assert.ok(performance.now() - started < 1500, `answered in ${Math.round(performance.now() - started)} ms`);

    // max_connections 1: the probe's connection must be gone before the client's arrives.
    for (let i = 0; i < 20; i++) {
      const session = await openSession({
        servers: `nats://127.0.0.1:${port}`,
        stream: 'S',
        subject: 'a',
        timeoutMs: 2000,
      });
      await session.nc.close();
      await sleep(50);
    }
    await waitFor(() => silent.open() === 0, 'the probes of the silent server to be closed', 5000);
  } finally {
    dns.lookup = realLookup;
    nats.kill();
    silentTwin.close();
    silent.close();
    cleanup();
  }
});

/** Resolves once something accepts connections on 127.0.0.1:`port`. */
async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await accepting(port)) return;
    await sleep(50);
  }
  throw new Error(`nothing listens on port ${port}`);
}

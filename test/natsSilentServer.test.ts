/**
 * `mmlog ship` and `mmlog replay` pointed at an address that accepts TCP
 * connections and never speaks NATS (an HTTP port, nats-server's own
 * monitoring port): each fails with `ERR_MMLOG_SINK_UNREACHABLE` after the
 * connection timeout, and the process ends, although the NATS client leaves
 * the timed-out attempt's socket open. No nats-server is needed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { open } from '../src/index.js';
import { replay, ship } from '../src/integrations/nats/index.js';
import { collect } from './helpers/children.js';
import { tempDir } from './helpers/files.js';

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

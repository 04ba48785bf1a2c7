/**
 * The examples under examples/ run for real, as a user runs them (`node
 * examples/…`, importing `mmlog` by its package name), and do what their
 * comments say:
 *
 * - cluster-pino: a node:cluster HTTP server; every request is one whole pino
 *   line in the shared log, written by the worker that answered it;
 * - pm2: the ecosystem file under the real pm2 (a devDependency) in cluster
 *   mode, with a private PM2_HOME;
 * - worker-threads: every record of every thread followed by the main thread;
 * - write-ahead-log: every acknowledged write survives a SIGKILL of the writer
 *   and a restart, and checkpoints delete the segments they cover.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { read, stat } from '../src/index.js';
import { waitForOutput } from './helpers/children.js';
import { exited } from './helpers/controlEdits.js';
import { repoRoot, tempDir } from './helpers/files.js';

const ROOT = repoRoot();
const execFileAsync = promisify(execFile);

/** Starts `node examples/<script>` from the repository's root, stdout piped, in a process group of its own. */
function startExample(script: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [join(ROOT, 'examples', script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
}

/** Runs `node examples/<script>` to its end; rejects on a non-zero exit. */
async function runExample(script: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [join(ROOT, 'examples', script), ...args], {
    cwd: ROOT,
    timeout: 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** SIGKILLs the process group of a child started by {@link startExample} (the example and every process it forked). */
function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** GET on a new connection each time (no keep-alive, so the cluster spreads them); resolves with the answering pid. */
function get(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Number(res.headers['x-worker-pid']))
            : reject(new Error(`${res.statusCode}`)),
        );
      })
      .on('error', reject);
  });
}

/** `count` requests, `/r0` … `/r<count-1>`, eight at a time; the pid that answered each. */
async function requests(port: number, count: number): Promise<number[]> {
  const pids: number[] = [];
  for (let i = 0; i < count; i += 8) {
    const batch = Array.from({ length: Math.min(8, count - i) }, (_, j) => get(port, `/r${i + j}`));
    pids.push(...(await Promise.all(batch)));
  }
  return pids;
}

interface PinoLine {
  pid: number;
  msg: string;
  url?: string;
}

/** The log's lines, each parsed as JSON (a torn or merged line fails here); the file must have been trimmed by its last writer. */
function pinoLines(path: string): PinoLine[] {
  const text = readFileSync(path, 'utf8');
  assert.ok(!text.includes('\0'), 'the last process to close the log trimmed its preallocated tail');
  assert.ok(text.endsWith('\n'));
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as PinoLine);
}

/** The request lines of an HTTP example's log: one per request sent, each written by the process that answered it. */
function checkRequestLines(lines: PinoLine[], answeredBy: number[]): Set<number> {
  const requestLines = lines.filter((line) => line.msg === 'request');
  assert.deepEqual(
    requestLines.map((line) => line.url).sort(),
    answeredBy.map((_, i) => `/r${i}`).sort(),
    'one line per request, none lost or doubled',
  );
  for (const line of requestLines) assert.equal(line.pid, answeredBy[Number(line.url!.slice(2))], line.url);
  return new Set(requestLines.map((line) => line.pid));
}

test('examples/cluster-pino: a node:cluster HTTP server logs every request, from several workers, into one log', {
  timeout: 60_000,
}, async () => {
  const { dir, cleanup } = tempDir();
  const log = join(dir, 'http.log');
  const server = startExample('cluster-pino/server.mjs', [], { PORT: '0', WORKERS: '3', MMLOG_EXAMPLE_LOG: log });
  try {
    const banner = await waitForOutput(server.stdout!, (text) => text.includes('\n'));
    const port = Number(/127\.0\.0\.1:(\d+)\//.exec(banner)?.[1]);
    assert.ok(port > 0, banner);
    const answeredBy = await requests(port, 60);
    server.kill('SIGTERM');
    await exited(server);
    assert.equal(server.exitCode, 0);

    const lines = pinoLines(log);
    const writers = checkRequestLines(lines, answeredBy);
    assert.ok(writers.size > 1, `requests were logged by ${writers.size} worker(s)`);
    assert.ok(!writers.has(server.pid!), 'the workers log their own requests, not the primary');
    // The primary's own lines are in the same file.
    assert.ok(lines.some((line) => line.pid === server.pid && line.msg === 'all workers listening'));
  } finally {
    killGroup(server);
    cleanup();
  }
});

test('examples/pm2: the ecosystem file runs the app under the real pm2 in cluster mode, one log for every instance', {
  timeout: 60_000,
}, async () => {
  const { dir, cleanup } = tempDir();
  const log = join(dir, 'http.log');
  const port = await freePort();
  // A private PM2_HOME: its own daemon, sockets and logs, nothing shared with a pm2 the machine may run.
  const env = {
    ...process.env,
    PM2_HOME: join(dir, 'pm2'),
    PORT: String(port),
    INSTANCES: '2',
    MMLOG_EXAMPLE_LOG: log,
  };
  const pm2 = (...args: string[]) =>
    execFileAsync(process.execPath, [join(ROOT, 'node_modules', 'pm2', 'bin', 'pm2'), ...args], {
      cwd: ROOT,
      env,
      timeout: 30_000,
    });
  try {
    await pm2('start', join(ROOT, 'examples', 'pm2', 'ecosystem.config.cjs'));
    // Both instances are up once both have logged that they listen.
    const deadline = Date.now() + 20_000;
    // (The log is live: it ends in preallocated zero bytes while the instances run.)
    const listening = () => {
      try {
        return readFileSync(log, 'utf8').split('"msg":"listening"').length - 1;
      } catch {
        return 0; // not created yet
      }
    };
    while (listening() < 2) {
      assert.ok(Date.now() < deadline, 'pm2 started two listening instances');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const answeredBy = await requests(port, 40);
    await pm2('delete', 'all'); // stops both instances (SIGINT: they close their servers and exit)

    const lines = pinoLines(log);
    const writers = checkRequestLines(lines, answeredBy);
    assert.equal(writers.size, 2, 'both PM2 instances logged requests');
    assert.equal(lines.filter((line) => line.msg === 'stopping').length, 2, 'both instances stopped cleanly');
  } finally {
    await pm2('kill').catch(() => {});
    cleanup();
  }
});

test('examples/worker-threads: the main thread follows every record of every worker thread, in order', {
  timeout: 60_000,
}, async () => {
  const { dir, cleanup } = tempDir();
  const log = join(dir, 'threads.log');
  try {
    const stdout = await runExample('worker-threads/main.mjs', [log, '4', '500']);
    const printed = stdout.trimEnd().split('\n');
    assert.equal(printed.pop(), 'followed 2000 records from 4 threads');
    const next = [0, 0, 0, 0];
    for (const line of printed) {
      const [, thread, i] = /^pos \d+: thread (\d) record (\d+)$/.exec(line)!.map(Number);
      assert.equal(i, next[thread]++, `thread ${thread} in append order`);
    }
    assert.deepEqual(next, [500, 500, 500, 500]);
    // The log itself holds the same records, whole.
    const stored = [...read(log)].map((record) => JSON.parse(Buffer.from(record.data).toString()));
    assert.equal(stored.length, 2000);
  } finally {
    cleanup();
  }
});

test('examples/write-ahead-log: every acknowledged write survives SIGKILL and a restart; checkpoints delete old segments', {
  timeout: 60_000,
}, async () => {
  const { dir, cleanup } = tempDir();
  const store = join(dir, 'store');
  const writer = startExample('write-ahead-log/writer.mjs', [store]);
  try {
    // Note every acknowledgement (key → highest acknowledged value); SIGKILL mid-stream.
    const acked = new Map<string, number>();
    let acks = 0;
    let checkpoints = 0;
    let lastAckedPos = -1;
    for await (const line of createInterface({ input: writer.stdout! })) {
      const [word, key, seq, pos] = line.split(' ');
      if (word === 'checkpoint') checkpoints++;
      if (word !== 'ack') continue;
      acked.set(key, Math.max(acked.get(key) ?? 0, Number(seq)));
      lastAckedPos = Math.max(lastAckedPos, Number(pos));
      if (++acks === 5000) writer.kill('SIGKILL');
    }
    await exited(writer);
    assert.equal(writer.signalCode, 'SIGKILL');
    assert.ok(checkpoints >= 4, `${checkpoints} checkpoints before the kill`);
    // Acknowledged means durable, not just in the page cache (which a SIGKILL never loses, so
    // the restart below could not tell): every acknowledged record lies below the durable watermark.
    const { durable } = stat(join(store, 'wal')).durability;
    assert.ok(lastAckedPos < durable, `acknowledged up to ${lastAckedPos}, durable below ${durable}`);

    // Restart: a new process opens the store, recovering it.
    const shown = JSON.parse(await runExample('write-ahead-log/show.mjs', [store]));
    const lost = [...acked].filter(([key, seq]) => !(Number(shown.state[key]) >= seq));
    assert.deepEqual(lost, [], 'acknowledged writes missing after the restart');
    assert.ok(shown.recovered.replayed > 0, 'records after the checkpoint were replayed');

    // The checkpoints deleted every segment below the log's first position, the first ones included.
    assert.ok(shown.firstPosition >= 2 * 65536, `the log starts at ${shown.firstPosition}`);
    const segments = readdirSync(join(store, 'wal')).filter((name) => /^\d{20}\.log$/.test(name));
    assert.ok(segments.length > 0);
    for (const name of segments) assert.ok(Number(name.slice(0, 20)) >= shown.firstPosition, name);

    // The example's own demonstration of the same crash passes.
    const demo = await runExample('write-ahead-log/crash-demo.mjs', [join(dir, 'demo')]);
    assert.match(demo, /every acknowledged write was recovered/);
  } finally {
    killGroup(writer);
    cleanup();
  }
});

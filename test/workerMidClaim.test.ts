/**
 * A worker thread stopped by terminate() between its claim and its commit,
 * while its process goes on: its claim must read as a dead writer's (padded,
 * or blanked in a raw log), not as lost data, in this process and in others,
 * and its slot must come free once recovery has passed the claim. The
 * worker (test/children/midClaimWorker.ts) stages that state in its own slot
 * and waits to be terminated.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { open, type RecoveryReport, read, stat, verify } from '../src/index.js';
import { ENDED_PID } from '../src/layout/control.js';
import { childScript } from './helpers/children.js';
import { tempDir } from './helpers/files.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const PAYLOAD = 40;

interface Staged {
  pos: number;
  length: number;
}

function nextMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function terminatedMidClaim(path: string, format: 'raw' | 'framed', stage: 'claim' | 'floor'): Promise<Staged> {
  const workerData = { path, format, stage, payload: PAYLOAD };
  const worker = new Worker(childScript('midClaimWorker'), { workerData });
  const staged = (await nextMessage(worker)) as Staged;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  await worker.terminate();
  await exited;
  return staged;
}

const CASES = [
  { format: 'framed', stage: 'claim' },
  { format: 'framed', stage: 'floor' },
  { format: 'raw', stage: 'claim' },
] as const;

for (const { format, stage } of CASES) {
  test(`a worker terminated mid-append (${format}, ${stage === 'claim' ? 'claim recorded' : 'only its floor'}): a dead writer's claim, not lost data`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'log');
      const staged = await terminatedMidClaim(path, format, stage);

      // Seen from this process, whose thread it was: a dead writer's claim.
      const before = verify(path);
      assert.deepEqual(before.lost, [], 'the claim is not reported as lost data');
      assert.equal(before.ok, true);
      assert.equal(before.end, staged.pos + staged.length, 'the scan passes the claim');
      const writers = stat(path).writers;
      assert.equal(writers.length, 1);
      assert.equal(writers[0].state, 'dead');
      assert.equal(writers[0].pid, ENDED_PID);
      assert.deepEqual(writers[0].claim, { pos: staged.pos, length: staged.length });

      // Seen from another process: the same (not a live writer to wait for).
      const cli = spawnSync(process.execPath, [CLI, 'verify', '--json', path], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(cli.status, 0, cli.stdout + cli.stderr);
      const other = JSON.parse(cli.stdout) as { lost: unknown[]; end: number };
      assert.deepEqual(other.lost, []);
      assert.equal(other.end, staged.pos + staged.length);
      const shown = spawnSync(process.execPath, [CLI, 'stat', path], { encoding: 'utf8', timeout: 60_000 });
      assert.match(shown.stdout, /^\s*\d+\s+ended\s+\d+\s+writer\s+dead\s/m, shown.stdout);

      // The next writer's open() recovers: the claim padded (blanked), the slot freed.
      let report: RecoveryReport | undefined;
      const log = open(path, {
        format,
        onRecovery: (r) => {
          report = r;
        },
      });
      log.append(format === 'raw' ? 'after\n' : 'after');
      log.close();
      assert.ok(report !== undefined, 'open() ran recovery');
      assert.deepEqual(report.lost, []);
      if (format === 'framed') {
        assert.deepEqual(
          report.padded.map((r) => ({ start: r.start, end: r.end, reason: r.reason })),
          [{ start: staged.pos, end: staged.pos + staged.length, reason: 'dead-claim' }],
        );
        assert.deepEqual(
          [...read(path)].map((r) => Buffer.from(r.data).toString()),
          ['before', 'after'],
        );
      } else {
        const blank = `${' '.repeat(staged.length - 1)}\n`;
        assert.equal(readFileSync(path, 'utf8'), `before\n${blank}after\n`);
      }
      assert.deepEqual(stat(path).writers, [], 'recovery freed the ended slot');
      const after = verify(path);
      assert.deepEqual(after.lost, []);
      assert.equal(after.ok, true);
      if (format === 'framed') assert.equal(after.records, 2);
      else assert.equal(after.lines, 3, 'before, the blanked claim, after');
    } finally {
      cleanup();
    }
  });
}

for (const stage of ['claim', 'floor'] as const) {
  test(`ended workers' slots (${stage === 'claim' ? 'claims recorded' : 'only floors'}) are settled, not taken over, by an open() that finds no free slot`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'log');
      const main = open(path, { format: 'framed', slots: 4, chunkSize: 64 * 1024 });
      main.append('main first');
      // The three other slots: workers that all opened (so none recovered another's claim), then
      // stood mid-append one after the other, then were terminated.
      const workers: Worker[] = [];
      for (let i = 0; i < 3; i++) {
        const workerData = { path, format: 'framed', stage, payload: PAYLOAD, slots: 4, onRequest: true };
        const worker = new Worker(childScript('midClaimWorker'), { workerData });
        await nextMessage(worker);
        workers.push(worker);
      }
      const claims: Staged[] = [];
      for (const worker of workers) {
        const staged = nextMessage(worker);
        worker.postMessage('stage');
        claims.push((await staged) as Staged);
      }
      for (const worker of workers) await worker.terminate();
      assert.equal(stat(path).writers.filter((w) => w.pid === ENDED_PID).length, 3);
      // Two live writers for four slots: the second writer's open() must not cost a claim its record.
      let report: RecoveryReport | undefined;
      const second = open(path, {
        onRecovery: (r) => {
          report = r;
        },
      });
      second.append('second');
      main.append('main last');
      second.close();
      main.close();
      assert.ok(report !== undefined, 'open() ran recovery');
      assert.deepEqual(report.lost, [], 'no claim reads as lost data');
      // Padded as dead writers' claims: each claim (only floors: the three together, scanned as one).
      const padded = report.padded.filter((r) => r.reason === 'dead-claim');
      assert.equal(padded[0]?.start, claims[0]?.pos);
      assert.equal(padded.at(-1)?.end, (claims[2]?.pos ?? 0) + (claims[2]?.length ?? 0));
      assert.equal(padded.length, stage === 'claim' ? 3 : 1);
      const after = verify(path);
      assert.deepEqual(after.lost, []);
      assert.equal(after.ok, true);
      assert.deepEqual(
        [...read(path)].map((r) => Buffer.from(r.data).toString()),
        ['main first', 'before', 'before', 'before', 'second', 'main last'],
      );
    } finally {
      cleanup();
    }
  });
}

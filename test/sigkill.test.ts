import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { open, read, stat, verify } from '../src/index.js';
import { childScript, collect } from './helpers/children.js';
import { tempDir } from './helpers/files.js';
import { describePosition } from './helpers/stormDiagnosis.js';
import { parseStormPayload } from './helpers/stormRecords.js';

const KILLS = 200;
const CONCURRENT_WRITERS = 3;

function spawn(name: string, args: string[]): ChildProcess {
  return fork(childScript(name), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

const STORMS = [
  { label: 'one file', kills: KILLS, options: { format: 'framed', chunkSize: 256 * 1024 } },
  // Tiny segments: writers are killed in the middle of rolls too.
  { label: '64 KiB segments', kills: KILLS / 2, options: { format: 'framed', segmentSize: 64 * 1024 } },
] as const;

for (const storm of STORMS)
  test(`SIGKILL storm (${storm.label}): ${storm.kills} writers killed at random moments while followers tail the log`, async () => {
    const { dir, cleanup } = tempDir();
    const KILLS = storm.kills;
    try {
      const path = `${dir}/log`;
      open(path, storm.options).close();
      const followers = [spawn('stormFollower', [path]), spawn('stormFollower', [path])];
      const followerDone = followers.map(collect);
      await Promise.all(followers.map((f) => new Promise((r) => f.once('message', r))));

      let spawned = 0;
      let kills = 0;
      let lastKillAt = 0;
      await new Promise<void>((resolve) => {
        const startWriter = () => {
          const writer = spawned++;
          const child = spawn('stormWriter', [path, `${dir}/side-${writer}.bin`, String(writer)]);
          child.once('message', () => {
            // Kill somewhere inside the append loop: before, during or after a header or payload.
            setTimeout(() => child.kill('SIGKILL'), Math.random() * 30);
          });
          child.once('exit', (_code, signal) => {
            assert.equal(signal, 'SIGKILL', `writer ${writer} died of SIGKILL, not of an error`);
            kills++;
            lastKillAt = Date.now();
            if (spawned < KILLS) startWriter();
            else if (kills === KILLS) resolve();
          });
        };
        for (let i = 0; i < CONCURRENT_WRITERS; i++) startWriter();
      });

      // After the last kill: a live writer appends a sentinel; every follower must reach it promptly.
      const sentinelSeen = followers.map(
        (f) =>
          new Promise<number>((resolve) =>
            f.on('message', (m: { sentinelAt?: number }) => {
              if (m.sentinelAt !== undefined) resolve(m.sentinelAt);
            }),
          ),
      );
      const log = open(path);
      log.append('SENTINEL');
      log.close();
      const catchUp = (await Promise.all(sentinelSeen)).map((at) => at - lastKillAt);
      for (const ms of catchUp) assert.ok(ms < 2000, `a follower reached the end ${ms} ms after the last kill`);
      for (const f of followers) f.send('stop');
      const reports = (await Promise.all(followerDone)).map(
        (r) =>
          r.messages.find((m) => typeof m === 'object' && m !== null && 'positions' in m) as {
            positions: number[];
            malformed: number;
          },
      );

      // The log itself: every record intact, none twice.
      const records = [...read(path)];
      const byPos = new Map<number, string>();
      const seen = new Set<string>();
      for (const r of records) {
        const text = Buffer.from(r.data).toString('latin1');
        if (text === 'SENTINEL') continue;
        const parsed = parseStormPayload(text);
        assert.ok(parsed !== undefined, `record at ${r.pos} is intact`);
        const key = parsed.join(':');
        assert.ok(!seen.has(key), `record ${key} appears once`);
        seen.add(key);
        byPos.set(r.pos, key);
      }
      // Every record a writer got a position for is there, at that position.
      let acknowledged = 0;
      for (let writer = 0; writer < spawned; writer++) {
        let side: Buffer;
        try {
          side = readFileSync(`${dir}/side-${writer}.bin`);
        } catch {
          continue; // killed before its first append returned
        }
        for (let at = 0; at + 16 <= side.length; at += 16) {
          const pos = side.readDoubleLE(at);
          const key = `${side.readUInt32LE(at + 8)}:${side.readUInt32LE(at + 12)}`;
          if (byPos.get(pos) !== key) {
            const seen = reports.map((r) => r.positions);
            assert.fail(
              `acknowledged record ${key} is readable at ${pos}, found ${byPos.get(pos)}\n${describePosition(path, pos, byPos, seen)}`,
            );
          }
          acknowledged++;
        }
      }
      assert.ok(acknowledged > 1000, `the writers got through many records (${acknowledged})`);
      // Each follower saw exactly the records of the log, once each, in order.
      const expected = [...byPos.keys()];
      for (const report of reports) {
        assert.equal(report.malformed, 0, 'no follower saw a partial record');
        assert.deepEqual(report.positions, expected, 'the follower saw every record exactly once');
      }
      const health = verify(path);
      assert.equal(health.ok, true, `verify passes: ${JSON.stringify(health)}`);
      assert.equal(health.records, records.length);
      if ('segmentSize' in storm.options) {
        const segments = stat(path).segments;
        assert.ok(segments.length > 3, `the storm crossed rolls (${segments.length} segments)`);
      }
      console.log(
        `# storm (${storm.label}): ${kills} kills, ${stat(path).segments.length} segments, ${acknowledged} acknowledged records, ${records.length} in the log, ` +
          `${stat(path).counters.claimsPadded} dead claims padded, followers at the end ${catchUp.join(' / ')} ms after the last kill`,
      );
    } finally {
      cleanup();
    }
  });

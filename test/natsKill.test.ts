/**
 * Exactly once in effect, against a real nats-server: 4 writer processes
 * append while `mmlog ship` is SIGKILLed at random instants and the server
 * is restarted twice (once after a clean stop, once after SIGKILL); then
 * the stream holds every record exactly once, in position order, and a
 * replay is byte-equal to the source.
 *
 * Default scale keeps CI short; the full run:
 * MMLOG_NATS_RECORDS=1000000 MMLOG_NATS_KILLS=20 node --test dist/test/natsKill.test.js
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { open, read, stat } from '../src/index.js';
import { replay } from '../src/integrations/nats/index.js';
import { tempDir } from './helpers/files.js';
import { NatsServer, natsServerMissing } from './helpers/natsServer.js';
import { streamMessages } from './helpers/natsStream.js';
import { CLI, exited } from './helpers/shipping.js';

const RECORDS = Number(process.env.MMLOG_NATS_RECORDS ?? 100_000);
const KILLS = Number(process.env.MMLOG_NATS_KILLS ?? 6);
const WRITERS = 4;
const DIST = resolve(fileURLToPath(import.meta.url), '../..');
const missing = natsServerMissing();
if (missing !== undefined) console.log(`# skipped: ${missing}`);

/** A writer process: appends `count` records of 100 bytes (`w<id> <i>` padded), 5,000 a second. */
function writer(path: string, id: number, count: number): ChildProcess {
  const script = `
    const { open } = await import(${JSON.stringify(join(DIST, 'src/index.js'))});
    const log = open(${JSON.stringify(path)});
    for (let i = 0; i < ${count}; i++) {
      log.append(\`w${id} \${i} \`.padEnd(100, 'x'));
      if (i % 500 === 499) await new Promise((r) => setTimeout(r, 100));
    }
    log.close();`;
  return spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
}

test(`${RECORDS} records from ${WRITERS} writers, the shipper SIGKILLed ${KILLS} times, the server restarted twice: every record exactly once, replay byte-equal`, {
  skip: missing,
  timeout: 3_600_000,
}, async () => {
  const server = await NatsServer.start();
  const { dir, cleanup } = tempDir('mmlog-nats-kill-');
  try {
    const path = join(dir, 'log');
    open(path, { format: 'framed', segmentSize: 16 * 1024 * 1024 }).close();
    const target = ['--server', server.url, '--stream', 'KILL', '--subject', 'logs.kill'];
    const shipArgs = [CLI, 'ship', path, ...target, '--create-stream'];
    const writers = Array.from({ length: WRITERS }, (_, id) => writer(path, id, RECORDS / WRITERS));
    const restartAt = new Set([Math.floor(KILLS / 3), Math.floor((2 * KILLS) / 3)]);
    // Kills spread over the writing (5,000 records a second per writer) and a little past it.
    const meanGapMs = Math.max(300, ((RECORDS / WRITERS / 5000) * 1000 * 1.2) / KILLS);
    let restarts = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const shipper = spawn(process.execPath, shipArgs, { stdio: 'ignore' });
      await sleep(100 + Math.random() * 2 * meanGapMs);
      if (restartAt.has(kill)) {
        // The server goes away under a live shipper (stopped, then killed), and comes back.
        await server.stop(restarts === 0 ? 'SIGTERM' : 'SIGKILL');
        await sleep(300 + Math.random() * 500);
        await server.restart();
        restarts++;
        await sleep(Math.random() * 500);
      }
      shipper.kill('SIGKILL');
      await exited(shipper);
    }
    for (const w of writers) assert.equal(await exited(w), 0);
    // A last shipper ships what is left and exits.
    const last = spawn(process.execPath, [...shipArgs, '--once'], { stdio: 'inherit' });
    assert.equal(await exited(last), 0);

    const positions = [...read(path)].map((r) => r.pos);
    assert.equal(positions.length, RECORDS);
    const shipped = await streamMessages(server.url, 'KILL', false);
    const { logId } = stat(path);
    let duplicates = 0;
    let outOfOrder = 0;
    for (let i = 1; i < shipped.length; i++) {
      const a = shipped[i - 1]?.pos as number;
      const b = shipped[i]?.pos as number;
      if (b === a) duplicates++;
      else if (b < a) outOfOrder++;
    }
    const inStream = new Set(shipped.map((m) => m.pos));
    const missingRecords = positions.filter((p) => !inStream.has(p)).length;
    console.log(
      `# ${RECORDS} records, ${KILLS} kills, ${restarts} server restarts: ${shipped.length} messages, ` +
        `${duplicates} duplicates, ${outOfOrder} out of order, ${missingRecords} missing`,
    );
    assert.equal(restarts, 2);
    assert.deepEqual({ duplicates, outOfOrder, missingRecords }, { duplicates: 0, outOfOrder: 0, missingRecords: 0 });
    assert.equal(shipped.length, RECORDS);
    assert.ok(shipped.every((m) => m.logId === logId && m.msgId === `${logId}:${m.pos}`));

    const mirror = join(dir, 'mirror');
    const report = await replay(mirror, { servers: server.url, stream: 'KILL', subject: 'logs.kill' });
    assert.equal(report.appended, RECORDS);
    let i = 0;
    const source = read(path)[Symbol.iterator]();
    for (const copy of read(mirror)) {
      const original = source.next().value;
      assert.ok(original !== undefined && Buffer.compare(original.data, copy.data) === 0, `record ${i} differs`);
      i++;
    }
    assert.ok(source.next().done === true && i === RECORDS, 'replay has every record');
  } finally {
    await server.dispose();
    cleanup();
  }
});

import assert from 'node:assert/strict';
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { test } from 'node:test';
import { open, read, recover, stat, verify } from '../src/index.js';
import { childScript, collect } from './helpers/children.js';
import { tempDir } from './helpers/files.js';
import { readControl } from './helpers/logFile.js';

function spawn(name: string, args: string[]): ChildProcess {
  return fork(childScript(name), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Overwrites bytes of a file in place. */
function poke(path: string, at: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, bytes, 0, bytes.length, at);
}

/** Makes the control file look as if the machine rebooted since the log was last opened. */
function simulateReboot(path: string): void {
  poke(`${path}.ctl`, 448, Buffer.alloc(16, 0xee));
}

function records(path: string): string[] {
  return [...read(path, { readOnly: true, onCorrupt: 'skip' })].map(
    (r) => `${r.pos}:${Buffer.from(r.data).toString('latin1')}`,
  );
}

/** A framed log after a crash: writers killed mid-append, a torn record, garbage past the end, a reboot. */
async function crashedLog(dir: string): Promise<{ path: string; complete: string[]; torn: number }> {
  const path = `${dir}/log`;
  open(path, { format: 'framed', chunkSize: 64 * 1024 }).close();
  const writers = [0, 1, 2].map((w) => spawn('stormWriter', [path, `${dir}/side-${w}`, String(w)]));
  await Promise.all(writers.map((w) => new Promise((r) => w.once('message', r))));
  await new Promise((r) => setTimeout(r, 40));
  const exits = writers.map(collect);
  for (const w of writers) w.kill('SIGKILL');
  await Promise.all(exits);
  const control = readControl(path);
  const before = records(path);
  // A torn record in the middle (its page only half reached the disk)…
  const torn = Number(before[Math.floor(before.length / 2)].split(':')[0]);
  poke(path, torn + 12, Buffer.from('TORN'));
  // …stale bytes past the cursor, and a reboot.
  poke(path, control.cursor + 256, Buffer.from('stale garbage past the end'));
  simulateReboot(path);
  return { path, complete: before.filter((r) => !r.startsWith(`${torn}:`)), torn };
}

function copyLog(from: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  copyFileSync(from, `${dir}/log`);
  copyFileSync(`${from}.ctl`, `${dir}/log.ctl`);
  return `${dir}/log`;
}

test('recovery gives the same result run twice and run by two processes at once', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const crashed = await crashedLog(dir);
    const a = copyLog(crashed.path, `${dir}/a`);
    const b = copyLog(crashed.path, `${dir}/b`);

    const first = recover(a);
    assert.ok(first.rebooted);
    assert.equal(first.corrupt.length, 1, 'the torn record is found');
    assert.ok(first.corruptRepaired);
    const afterFirst = readFileSync(a);
    const second = recover(a);
    assert.equal(second.deadClaims, 0);
    assert.equal(second.corrupt.length, 0);
    assert.equal(second.tailZeroed, 0);
    assert.ok(readFileSync(a).equals(afterFirst), 'a second run changes nothing');
    assert.equal(second.cursorAfter, first.cursorAfter);

    const at = String(Date.now() + 300);
    const racers = [spawn('recoverer', [b, at]), spawn('recoverer', [b, at])];
    const results = await Promise.all(racers.map(collect));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    assert.ok(readFileSync(b).equals(afterFirst), 'two concurrent runs give the same bytes');
    assert.equal(readControl(b).cursor, first.cursorAfter);

    const recovered = records(a);
    for (const record of crashed.complete) assert.ok(recovered.includes(record), 'no complete record is lost');
    // The torn record was padded over on recovery's own initiative: verify goes on reporting it as lost data.
    const tornRange = first.corrupt[0];
    assert.equal(tornRange.start, crashed.torn);
    assert.deepEqual(
      first.padded.filter((r) => r.reason === 'corrupt'),
      [{ ...tornRange, reason: 'corrupt' }],
    );
    const health = verify(a);
    assert.deepEqual(health.corrupt, []);
    assert.deepEqual(health.lost, [tornRange]);
    assert.equal(health.ok, false);
    assert.deepEqual(records(b), recovered);
    // The log takes appends where it ends, and nothing stale follows them.
    const log = open(a);
    const pos = log.append('after recovery');
    log.close();
    assert.equal(pos, first.cursorAfter);
    assert.deepEqual(verify(a).corrupt, []);
    assert.deepEqual(verify(a).lost, [tornRange]);
  } finally {
    cleanup();
  }
});

test('open() after a writer died mid-claim pads its claim and frees its slot', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    const log = open(path, { format: 'framed' });
    log.append('before');
    log.close();
    // The dead writer had grown the file for its claim.
    writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.alloc(4096)]));
    // A writer (now dead) took 32 bytes at the cursor and never committed them.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;
    const cursor = readControl(path).cursor;
    const slot = Buffer.alloc(64);
    slot.writeInt32LE(dead, 0);
    slot.writeDoubleLE(12345, 8);
    slot.writeDoubleLE(cursor, 16);
    slot.writeDoubleLE(cursor, 24);
    slot.writeDoubleLE(32, 32);
    slot.writeUInt32LE(1, 48);
    poke(`${path}.ctl`, 4096 + 64 * 5, slot);
    const cursorBytes = Buffer.alloc(8);
    cursorBytes.writeBigInt64LE(BigInt(cursor + 32));
    poke(`${path}.ctl`, 64, cursorBytes);

    const again = open(path);
    const pos = again.append('after');
    again.close();
    assert.equal(pos, cursor + 32, 'the dead claim keeps its place');
    assert.deepEqual(
      [...read(path)].map((r) => Buffer.from(r.data).toString()),
      ['before', 'after'],
    );
    const info = stat(path);
    assert.equal(info.counters.claimsPadded, 1);
    assert.equal(info.writers.length, 0, 'the dead writer slot is freed');
  } finally {
    cleanup();
  }
});

test('after a reboot, open() keeps complete records past a stale cursor', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    const log = open(path, { format: 'framed' });
    const positions = Array.from({ length: 10 }, (_, i) => log.append(`record ${i}`));
    log.close();
    // The control file's page reached the disk before the last three records did… but they are complete.
    const stale = Buffer.alloc(8);
    stale.writeBigInt64LE(BigInt(positions[7]));
    poke(`${path}.ctl`, 64, stale);
    simulateReboot(path);
    const again = open(path);
    const pos = again.append('record 10');
    again.close();
    assert.ok(pos > positions[9], 'the cursor moved past the complete records');
    assert.deepEqual(
      [...read(path)].map((r) => Buffer.from(r.data).toString()),
      Array.from({ length: 11 }, (_, i) => `record ${i}`),
    );
  } finally {
    cleanup();
  }
});

test('after a reboot, open() cuts claims that never reached the disk and clears stale bytes', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    const log = open(path, { format: 'framed', chunkSize: 64 * 1024 });
    for (let i = 0; i < 5; i++) log.append(`record ${i}`);
    const end = readControl(path).cursor;
    log.close();
    // The cursor page says 4 KiB more was claimed; the data never arrived; stale bytes lie beyond.
    writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.alloc(8192)]));
    poke(path, end + 100, Buffer.from('stale'));
    const ahead = Buffer.alloc(8);
    ahead.writeBigInt64LE(BigInt(end + 4096));
    poke(`${path}.ctl`, 64, ahead);
    simulateReboot(path);
    const again = open(path);
    assert.equal(again.append('record 5'), end, 'appending resumes right after the last complete record');
    assert.equal(again.append('record 6'), end + 16);
    again.close();
    assert.deepEqual(
      [...read(path)].map((r) => Buffer.from(r.data).toString()),
      Array.from({ length: 7 }, (_, i) => `record ${i}`),
    );
    assert.equal(verify(path).ok, true);
  } finally {
    cleanup();
  }
});

test('a control file that understates maxRecordSize, then a reboot: recovery keeps every longer record whose CRC holds', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    const log = open(path, { format: 'framed', maxRecordSize: 4096 });
    const written = Array.from({ length: 20 }, (_, i) => `${String(i).padStart(4, '0')}${'r'.repeat(2996)}`);
    for (const record of written) log.append(record);
    log.close();
    // A damaged identity: maxRecordSize (offset 24) lowered below the records' length.
    const limit = Buffer.alloc(4);
    limit.writeUInt32LE(1024);
    poke(`${path}.ctl`, 24, limit);
    simulateReboot(path);
    recover(path);
    const kept = [...read(path)].map((r) => Buffer.from(r.data).toString('latin1'));
    assert.deepEqual(kept, written, 'no record was padded over');
  } finally {
    cleanup();
  }
});

test('recovery of a data file extended by a terabyte of holes (truncate -s) reads its data, not its length', {
  timeout: 60_000,
}, () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    const log = open(path, { format: 'framed' });
    for (let i = 0; i < 100; i++) log.append(`record ${i}`);
    log.close();
    const size = statSync(path).size;
    // Read whole, 2^40 bytes of zeros would take this machine many minutes.
    truncateSync(path, size + 2 ** 40);
    const report = recover(path);
    assert.equal(report.cursorAfter, report.cursorBefore);
    assert.equal(verify(path).records, 100);
    assert.equal(statSync(path).size, size + 2 ** 40, 'the holes are left as they are');
  } finally {
    cleanup();
  }
});

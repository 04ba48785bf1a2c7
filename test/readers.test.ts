/**
 * Readers that cannot or must not write: a follower with a read-only control
 * mapping polls instead of storing into it; a reader never pads at a position
 * it has not proven to be a record boundary; a follower whose cursor runs past
 * the end of the file sleeps instead of spinning; verify and recovery tell a
 * dead writer's claim from lost data; and after a reboot no writer slot of the
 * previous boot counts as alive.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  writeSync,
} from 'node:fs';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { follow, NotABoundaryError, open, type RecoveryReport, read, recover, stat, verify } from '../src/index.js';
import { runningProcess } from './helpers/controlEdits.js';
import { contentFingerprint, tempDir } from './helpers/files.js';
import { readControl } from './helpers/logFile.js';
import { lostPagesLog } from './helpers/lostPages.js';
import { FollowerProbe } from './helpers/probe.js';

// ------------------------------------------------------------ files, by hand (docs/format.md)

const CURSOR = 64;
const NOTIFY_SEQ = 320;
const WAITERS = 384;
const BOOT_ID = 448;
const SLOTS = 4096;
const SLOT_SIZE = 64;

function peek(file: string, at: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(length);
    readSync(fd, bytes, 0, length, at);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

function poke(file: string, at: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, at);
  } finally {
    closeSync(fd);
  }
}

function setCursor(path: string, cursor: number): void {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64LE(BigInt(cursor));
  poke(`${path}.ctl`, CURSOR, bytes);
}

/** Makes the control file say the log was last opened in another boot of the machine. */
function simulateReboot(path: string): void {
  poke(`${path}.ctl`, BOOT_ID, Buffer.alloc(16, 0xee));
}

/** Writes writer slot `index` as a writer caught in the middle of a claim. */
function forgeClaim(
  path: string,
  index: number,
  claim: { pid: number; startTime: number; pos: number; length: number; bootTag?: Buffer },
): void {
  const slot = Buffer.alloc(SLOT_SIZE);
  slot.writeInt32LE(claim.pid, 0);
  slot.writeDoubleLE(claim.startTime, 8);
  slot.writeDoubleLE(claim.pos, 16);
  slot.writeDoubleLE(claim.pos, 24);
  slot.writeDoubleLE(claim.length, 32);
  slot.writeDoubleLE(Date.now(), 40);
  slot.writeUInt32LE(1, 48);
  claim.bootTag?.copy(slot, 56);
  poke(`${path}.ctl`, SLOTS + SLOT_SIZE * index, slot);
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;
}

const frameSize = (length: number) => (length + 15) & ~7;
const textOf = (data: Uint8Array) => Buffer.from(data).toString('utf8');
const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

// ------------------------------------------------------------ 3: read-only followers

test('a readOnly follower never stores into its read-only mappings: it polls, steps over a dead claim without padding it, and ends on abort', async (t) => {
  const { dir, cleanup } = tempDir();
  const path = `${dir}/log`;
  const log = open(path, { format: 'framed' });
  let probe: FollowerProbe | undefined;
  try {
    log.append('one');
    // A writer that died in the middle of a 24-byte claim, and a record behind it.
    const claim = readControl(path).cursor;
    forgeClaim(path, 5, { pid: deadPid(), startTime: 1, pos: claim, length: 24 });
    setCursor(path, claim + 24);
    const twoPos = log.append('two');
    assert.equal(twoPos, claim + 24);
    const seq = peek(`${path}.ctl`, NOTIFY_SEQ, 4).readUInt32LE(0);

    probe = new FollowerProbe(path, 0, { readOnly: true });
    await probe.waitForText((text) => text === 'two', 5000, 'the record behind the dead claim');
    assert.deepEqual(
      probe.records.map((r) => r.text),
      ['one', 'two'],
    );
    // Idle: it polls (cheaply) and never announces itself in the control file.
    const cpu = await probe.cpuOver(1000);
    t.diagnostic(`read-only follower: ${cpu.toFixed(1)} ms CPU in 1 s`);
    assert.ok(cpu < 150, `a read-only follower used ${cpu} ms of CPU in 1 s`);
    assert.equal(peek(`${path}.ctl`, WAITERS, 4).readUInt32LE(0), 0, 'WAITERS never set');
    assert.equal(peek(`${path}.ctl`, NOTIFY_SEQ, 4).readUInt32LE(0), seq, 'NOTIFY_SEQ never bumped');
    // The dead claim is left to writers and recovery: not padded, not counted.
    assert.equal(peek(path, claim, 4).readUInt32LE(0), 0, 'no padding written by the read-only follower');
    assert.equal(stat(path).counters.claimsPadded, 0);

    const appendedAt = performance.now();
    log.append('three');
    await probe.waitForText((text) => text === 'three', 2000, 'a record appended while it polls');
    t.diagnostic(`read-only follower saw a new record after ${(performance.now() - appendedAt).toFixed(0)} ms`);

    const done = await probe.stop();
    assert.equal(done.error, null);
    assert.equal(done.records, 3);
    assert.ok(done.ms < 500, `it ended ${done.ms.toFixed(0)} ms after the abort`);
    await probe.waitFor(() => probe?.exit, 5000, 'exit');
    assert.deepEqual(probe.exit, { code: 0, signal: null }, 'the follower was not killed by a signal');
  } finally {
    probe?.kill();
    log.close();
    cleanup();
  }
});

test('`mmlog tail -f` by a user who may not write the log (0644 files of another user) polls read-only', async (t) => {
  if (process.getuid?.() !== 0) {
    console.log('# skipped: needs root, to run the follower as another user (nobody)');
    t.skip('needs root, to run the follower as another user (nobody)');
    return;
  }
  // nobody must be able to run this Node and read this checkout (not so under a 0700 home or temp dir).
  const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(cli)})`], {
    uid: 65534,
    gid: 65534,
  });
  if (probe.error !== undefined || probe.status !== 0) {
    const reason = `user nobody cannot run ${process.execPath} on ${cli} here (${probe.error?.message ?? `exit ${probe.status}`})`;
    console.log(`# skipped: ${reason}`);
    t.skip(reason);
    return;
  }
  const { dir, cleanup } = tempDir();
  chmodSync(dir, 0o755);
  const path = `${dir}/log`;
  const log = open(path, { format: 'framed', mode: 0o644 });
  let tail: ChildProcess | undefined;
  try {
    log.append('first\n');
    assert.equal(statSync(`${path}.ctl`).mode & 0o777, 0o644);
    // nobody can read these files but write neither: opening them read-write fails with EACCES.
    tail = spawn(process.execPath, [cli, 'tail', '-f', path], {
      uid: 65534,
      gid: 65534,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    tail.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    tail.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      tail?.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const until = async (text: string) => {
      const deadline = performance.now() + 5000;
      while (!out.includes(text)) {
        if (tail?.exitCode !== null || tail?.signalCode !== null) {
          assert.fail(`tail -f ended (${tail?.exitCode}, ${tail?.signalCode}) before printing ${text}: ${err}`);
        }
        if (performance.now() > deadline) assert.fail(`tail -f did not print ${text}: ${err}`);
        await delay(10);
      }
    };
    await until('first\n');
    await delay(300); // asleep (polling) at the end of the log
    log.append('second\n');
    await until('second\n');
    assert.equal(peek(`${path}.ctl`, WAITERS, 4).readUInt32LE(0), 0, 'WAITERS never set');
    tail.kill('SIGTERM');
    assert.deepEqual(await exited, { code: 0, signal: null }, err);
    assert.equal(out, 'first\nsecond\n');
  } finally {
    tail?.kill('SIGKILL');
    log.close();
    cleanup();
  }
});

// ------------------------------------------------------------ 6: `from` inside a record

test('property: read/follow from a position inside a framed record is refused (ERR_MMLOG_NOT_A_BOUNDARY) and writes nothing', async () => {
  const { dir, cleanup } = tempDir();
  try {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        // Payloads of zeros (their insides look like uncommitted claims) or of other bytes.
        fc.array(fc.record({ length: fc.nat(200), fill: fc.constantFrom(0, 0x41) }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.nat(),
        fc.boolean(),
        async (specs, pick, keepWriterOpen) => {
          const path = `${dir}/log-${run++}`;
          const log = open(path, { format: 'framed', chunkSize: 64 * 1024 });
          const positions = specs.map((s) => log.append(Buffer.alloc(s.length, s.fill)));
          if (!keepWriterOpen) log.close();
          try {
            const inside: number[] = [];
            specs.forEach((s, i) => {
              for (let at = positions[i] + 8; at < positions[i] + frameSize(s.length); at += 8) inside.push(at);
            });
            const before = contentFingerprint(path);
            if (inside.length > 0) {
              const from = inside[pick % inside.length];
              assert.throws(
                () => [...read(path, { from })],
                (error: unknown) =>
                  error instanceof NotABoundaryError &&
                  error.code === 'ERR_MMLOG_NOT_A_BOUNDARY' &&
                  error.position === from,
              );
              await assert.rejects(async () => {
                for await (const _ of follow(path, { from, signal: AbortSignal.timeout(2000) })) {
                  // never reached
                }
              }, NotABoundaryError);
              assert.equal(contentFingerprint(path), before, 'the data file is unchanged');
            }
            // Every record is intact, and each record position still resumes exactly there.
            const start = positions[pick % positions.length];
            assert.deepEqual(
              [...read(path, { from: start })].map((r) => r.pos),
              positions.filter((p) => p >= start),
            );
            assert.equal(verify(path).ok, true);
            assert.equal(verify(path).records, specs.length);
          } finally {
            log.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  } finally {
    cleanup();
  }
});

test('a framed `from` inside a dead writer’s claim is refused too; a raw `from` inside a record reads from that byte and writes nothing', () => {
  const { dir, cleanup } = tempDir();
  try {
    const framed = `${dir}/framed`;
    const log = open(framed, { format: 'framed' });
    try {
      log.append('before');
      const claim = readControl(framed).cursor;
      forgeClaim(framed, 5, { pid: deadPid(), startTime: 1, pos: claim, length: 48 });
      setCursor(framed, claim + 48);
      log.append('after');
      const before = contentFingerprint(framed);
      assert.throws(() => [...read(framed, { from: claim + 16 })], {
        code: 'ERR_MMLOG_NOT_A_BOUNDARY',
        message: /inside the claim at/,
      });
      assert.equal(contentFingerprint(framed), before, 'nothing written');
      // At the claim itself (a boundary: a slot records it) the reader starts, and pads the dead claim.
      assert.deepEqual(
        [...read(framed, { from: claim })].map((r) => textOf(r.data)),
        ['after'],
      );
    } finally {
      log.close();
    }

    const raw = `${dir}/raw`;
    const rawLog = open(raw);
    try {
      rawLog.append('first line\n');
      const claim = readControl(raw).cursor;
      forgeClaim(raw, 5, { pid: deadPid(), startTime: 1, pos: claim, length: 10 });
      setCursor(raw, claim + 10);
      rawLog.append('third line\n');
      const before = contentFingerprint(raw);
      const content = readFileSync(raw).subarray(0, claim + 10 + 11);
      for (const from of [3, claim + 4, claim + 13]) {
        const ranges = [...read(raw, { from })];
        assert.equal(ranges[0].pos, from);
        assert.deepEqual(Buffer.concat(ranges.map((r) => r.data)), content.subarray(from));
      }
      assert.equal(contentFingerprint(raw), before, 'raw readers write nothing');
    } finally {
      rawLog.close();
    }
  } finally {
    cleanup();
  }
});

// ------------------------------------------------------------ 8: cursor past the end of the file

test('a raw follower whose cursor runs past the end of the file sleeps (< 150 ms CPU in 1 s), ends promptly on abort, and reads on once the file grows', async (t) => {
  const { dir, cleanup } = tempDir();
  const path = `${dir}/log`;
  let probe: FollowerProbe | undefined;
  try {
    const log = open(path);
    log.append('line 1\n');
    log.close();
    const size = statSync(path).size;
    // 4 KiB claimed but never in the file: claims abandoned on a full disk, or a file cut behind the log's back.
    setCursor(path, size + 4096);
    probe = new FollowerProbe(path);
    await probe.waitForText((text) => text === 'line 1\n', 5000, 'the first line');
    const cpu = await probe.cpuOver(1000);
    t.diagnostic(`raw follower with the cursor past the end of the file: ${cpu.toFixed(1)} ms CPU in 1 s`);
    assert.ok(cpu < 150, `it used ${cpu} ms of CPU in 1 s`);

    // A writer appends: its claim lies past the gap and grows the file over it.
    const writer = open(path);
    const pos = writer.append('line 2\n');
    writer.close();
    assert.equal(pos, size + 4096);
    await probe.waitFor(
      () => (probe?.records.map((r) => r.text).join('') ?? '').endsWith('line 2\n') || undefined,
      3000,
      'the line appended after the gap',
    );
    const text = probe.records.map((r) => r.text).join('');
    assert.equal(text, `line 1\n${'\0'.repeat(4096)}line 2\n`, 'the gap is returned as it is (raw), then the line');

    // Asleep again; the abort ends it at once.
    await delay(200);
    const done = await probe.stop();
    t.diagnostic(`follow() ended ${done.ms.toFixed(1)} ms after the abort`);
    assert.equal(done.error, null);
    assert.ok(done.ms < 500, `it ended ${done.ms.toFixed(0)} ms after the abort`);
  } finally {
    probe?.kill();
    cleanup();
  }
});

test('a raw follower at a dead writer’s claim past the end of the file waits without spinning; recovery blanks the claim and it reads on', async (t) => {
  const { dir, cleanup } = tempDir();
  const path = `${dir}/log`;
  let probe: FollowerProbe | undefined;
  try {
    const log = open(path);
    log.append('line 1\n');
    log.close();
    const size = statSync(path).size;
    // A writer took 8 bytes at the end and died before growing the file.
    forgeClaim(path, 5, { pid: deadPid(), startTime: 1, pos: size, length: 8 });
    setCursor(path, size + 8);
    probe = new FollowerProbe(path);
    await probe.waitForText((text) => text === 'line 1\n', 5000, 'the first line');
    const cpu = await probe.cpuOver(1000);
    t.diagnostic(`raw follower at a dead claim past the end of the file: ${cpu.toFixed(1)} ms CPU in 1 s`);
    assert.ok(cpu < 150, `it used ${cpu} ms of CPU in 1 s`);

    const report = recover(path);
    assert.equal(report.deadClaims, 1, 'the dead claim is blanked');
    assert.equal(statSync(path).size, size + 8);
    await probe.waitForText((text) => text === `${' '.repeat(7)}\n`, 2000, 'the blank line recovery wrote');
    const done = await probe.stop();
    assert.equal(done.error, null);
    assert.ok(done.ms < 500, `it ended ${done.ms.toFixed(0)} ms after the abort`);
  } finally {
    probe?.kill();
    cleanup();
  }
});

test('a framed dead claim that runs past the end of the file is waited at, never padded past it; recovery cuts it', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    const log = open(path, { format: 'framed' });
    log.append('a');
    log.close();
    // A writer claimed 64 bytes at the end and died after the file grew by only 16 of them.
    const claim = readControl(path).cursor;
    forgeClaim(path, 5, { pid: deadPid(), startTime: 1, pos: claim, length: 64 });
    setCursor(path, claim + 64);
    poke(path, claim, Buffer.alloc(16));
    const before = contentFingerprint(path);
    for (const readOnly of [false, true]) {
      assert.deepEqual(
        [...read(path, { readOnly })].map((r) => textOf(r.data)),
        ['a'],
        'readers stop at the claim (nothing after it can be in the file)',
      );
    }
    assert.equal(contentFingerprint(path), before, 'no padding that would reach past the end of the file');
    assert.equal(verify(path).ok, true);

    // No writer is alive: recovery cuts the claim that never reached the file.
    const report = recover(path);
    assert.equal(report.cursorAfter, claim);
    assert.deepEqual(report.padded, []);
    const again = open(path);
    assert.equal(again.append('b'), claim);
    again.close();
    assert.deepEqual(
      [...read(path)].map((r) => textOf(r.data)),
      ['a', 'b'],
    );
    assert.equal(verify(path).ok, true);
  } finally {
    cleanup();
  }
});

// ------------------------------------------------------------ 12: lost data vs dead claims

/** A framed log of 600 records, with the rest of one page and the whole next page zeroed from a record on. */
function powerLossLog(dir: string) {
  const path = `${dir}/log`;
  return { path, ...lostPagesLog(path) };
}

test('a zeroed page in the middle of a framed log is missing data: verify reports it (exit 1), recovery on open() pads and reports it, verify goes on reporting it', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const { path, lost, surviving } = powerLossLog(dir);
    const before = verify(path);
    assert.equal(before.ok, false, 'verify does not call a log with missing records healthy');
    assert.deepEqual(before.lost, [lost]);
    assert.deepEqual(before.corrupt, []);
    assert.equal(before.deadClaims, 0, 'no dead writer accounts for the gap');
    assert.equal(before.records, surviving.length);
    const cliVerify = spawnSync(process.execPath, [cli, 'verify', path], { encoding: 'utf8' });
    assert.equal(cliVerify.status, 1, cliVerify.stdout + cliVerify.stderr);
    assert.match(cliVerify.stdout, /DATA MISSING/);
    assert.match(cliVerify.stdout, new RegExp(`missing data:\\s+${lost.start}\\.\\.${lost.end}`));

    // A copy, to see what open() does without a callback.
    mkdirSync(`${dir}/copy`);
    copyFileSync(path, `${dir}/copy/log`);
    copyFileSync(`${path}.ctl`, `${dir}/copy/log.ctl`);

    // After the reboot, open() recovers the log and says what it did.
    simulateReboot(path);
    let report: RecoveryReport | undefined;
    const log = open(path, {
      onRecovery: (r) => {
        report = r;
      },
    });
    log.close();
    assert.ok(report !== undefined, 'open() reported its recovery');
    assert.equal(report.rebooted, true);
    assert.deepEqual(report.lost, [lost]);
    assert.deepEqual(report.padded, [{ ...lost, reason: 'lost' }]);
    assert.equal(report.deadClaims, 0);

    const after = verify(path);
    assert.equal(after.ok, false, 'the LOST frame keeps the loss on record');
    assert.deepEqual(after.lost, [lost]);
    assert.deepEqual(after.corrupt, []);
    assert.deepEqual(
      [...read(path)].map((r) => textOf(r.data)),
      surviving,
    );

    // Without onRecovery, open() warns.
    simulateReboot(`${dir}/copy/log`);
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      open(`${dir}/copy/log`).close();
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    const warning = warnings.find((w) => (w as Error & { code?: string }).code === 'MMLOG_RECOVERY');
    assert.ok(warning !== undefined, 'a process warning names the lost range');
    assert.match(warning.message, new RegExp(`data lost at ${lost.start}\\.\\.${lost.end}`));
  } finally {
    cleanup();
  }
});

test('a reader that meets a gap no writer accounts for marks it LOST, not as a dead claim', () => {
  const { dir, cleanup } = tempDir();
  try {
    const { path, lost, surviving } = powerLossLog(dir);
    // An ordinary reader (read-write), no reboot, no recovery.
    const got = [...read(path)].map((r) => textOf(r.data));
    assert.deepEqual(got, surviving);
    assert.equal(stat(path).counters.claimsPadded, 0, 'not counted as a dead claim');
    const lenWord = peek(path, lost.start, 4).readUInt32LE(0);
    assert.equal(lenWord >>> 28, 4, 'a LOST frame');
    assert.equal((lenWord & 0x0fffffff) + 8, lost.end - lost.start);
    const report = verify(path);
    assert.equal(report.ok, false);
    assert.deepEqual(report.lost, [lost]);
  } finally {
    cleanup();
  }
});

// ------------------------------------------------------------ 13: liveness after a reboot

test('after a reboot, a writer slot of the previous boot is dead even if a process with its pid and start time runs', async () => {
  const { dir, cleanup } = tempDir();
  // A process alive now: after a reboot, pids and start times are reused, so a slot may name it by chance.
  const { child: other, pid, startTime } = await runningProcess();
  try {
    for (const [name, bootTag] of [
      ['tagged with the previous boot', Buffer.alloc(8, 0xee)],
      ['untagged (an earlier build)', Buffer.alloc(8)],
    ] as const) {
      const path = `${dir}/log-${bootTag[0]}`;
      const log = open(path, { format: 'framed' });
      log.append('A');
      const b = log.append('B');
      const c = log.append('C');
      log.close();
      // B's writer was in the middle of its claim when the machine went down: its frame never reached the disk.
      poke(path, b, Buffer.alloc(c - b));
      forgeClaim(path, 3, { pid, startTime, pos: b, length: c - b, bootTag });
      simulateReboot(path);

      const writer = stat(path).writers.find((w) => w.pid === pid);
      assert.equal(writer?.state, 'dead', `${name}: stat shows the slot's writer dead`);
      const health = verify(path);
      assert.equal(health.ok, true, `${name}: a dead writer's claim is no damage`);
      assert.equal(health.deadClaims, 1);
      assert.deepEqual(
        [...read(path, { readOnly: true })].map((r) => textOf(r.data)),
        ['A', 'C'],
        `${name}: readers move past the claim`,
      );
      const report = recover(path);
      assert.equal(report.rebooted, true);
      assert.equal(report.liveWriters, false, `${name}: no live writer after a reboot`);
      assert.deepEqual(report.padded, [{ start: b, end: c, reason: 'dead-claim' }]);
      assert.deepEqual(report.lost, []);
      assert.equal(report.slotsCleared, 1);
      assert.equal(stat(path).writers.length, 0);
      assert.equal(verify(path).ok, true);
    }

    // A slot taken in this boot is judged by its process, whatever the header says.
    const path = `${dir}/log-current`;
    open(path, { format: 'framed' }).close();
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim().replaceAll('-', '');
    forgeClaim(path, 3, { pid, startTime, pos: -1, length: 0, bootTag: Buffer.from(bootId, 'hex').subarray(0, 8) });
    simulateReboot(path);
    assert.equal(stat(path).writers.find((w) => w.pid === pid)?.state, 'alive');
    assert.equal(recover(path).liveWriters, true);
  } finally {
    other.kill('SIGKILL');
    cleanup();
  }
});

test('recovery never frees a slot of this boot whose pid is running with another start time (a writer taking it this instant)', async () => {
  const { dir, cleanup } = tempDir();
  const { child: other, pid, startTime } = await runningProcess();
  try {
    const path = `${dir}/log`;
    const log = open(path, { format: 'framed' });
    log.append('A');
    log.close();
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim().replaceAll('-', '');
    // A taker publishes its pid before its start time: for that instant, the slot names a running
    // process with the start time of the slot's previous owner.
    forgeClaim(path, 3, {
      pid,
      startTime: startTime - 1,
      pos: -1,
      length: 0,
      bootTag: Buffer.from(bootId, 'hex').subarray(0, 8),
    });
    // And a dead writer's slot beside it, which recovery does free.
    forgeClaim(path, 4, {
      pid: deadPid(),
      startTime: 1,
      pos: -1,
      length: 0,
      bootTag: Buffer.from(bootId, 'hex').subarray(0, 8),
    });
    assert.equal(stat(path).writers.find((w) => w.pid === pid)?.state, 'dead', 'the slot looks dead');
    const report = recover(path);
    assert.equal(report.slotsCleared, 1, 'only the dead process is freed');
    assert.ok(
      stat(path).writers.some((w) => w.pid === pid),
      'the slot of the running pid is left as it is',
    );
  } finally {
    other.kill('SIGKILL');
    cleanup();
  }
});

test('records read are copies of their own: valid after the reader and the log are gone, and independent of each other (framed and raw)', () => {
  for (const format of ['framed', 'raw'] as const) {
    const { dir, cleanup } = tempDir(`mmlog-copies-${format}-`);
    const path = `${dir}/log`;
    const log = open(path, { format });
    // Small records (copied into shared slabs) and large ones (an allocation each), interleaved.
    const sizes = Array.from({ length: 600 }, (_, i) => (i % 50 === 49 ? 9000 + i : 1 + (i % 130)));
    const expected = sizes.map((size, i) => {
      const bytes = new Uint8Array(size);
      for (let k = 0; k < size; k++) bytes[k] = (i * 31 + k * 7) & 0x7f;
      if (format === 'raw') bytes[size - 1] = 0x0a;
      return bytes;
    });
    for (const bytes of expected) log.append(bytes);
    log.close();
    const got = [...read(path, { readOnly: true })].map((r) => r.data);
    cleanup();
    assert.deepEqual(Buffer.concat(got), Buffer.concat(expected), `${format}: the bytes read back`);
    if (format === 'framed') {
      assert.equal(got.length, expected.length);
      got.forEach((data, i) => {
        assert.equal(Object.getPrototypeOf(data), Uint8Array.prototype, 'a plain Uint8Array, not a Buffer');
        assert.deepEqual(data, expected[i], `record ${i}`);
      });
    }
    // Each copy filled with its own mark, in two passes (low, then high byte of its index): of two
    // copies sharing a byte, one would show the other's mark in at least one pass.
    for (const mark of [(i: number) => i & 0xff, (i: number) => (i >> 8) + 1]) {
      for (const [i, data] of got.entries()) data.fill(mark(i));
      for (const [i, data] of got.entries()) {
        assert.ok(
          data.every((b) => b === mark(i)),
          `${format}: copy ${i} is its own`,
        );
      }
    }
  }
});

test('a record whose shared buffer was detached by the caller harms no later read (empty records too)', () => {
  const { dir, cleanup } = tempDir('mmlog-detach-');
  try {
    const path = `${dir}/log`;
    const log = open(path, { format: 'framed' });
    log.append(new Uint8Array(0));
    for (let i = 1; i < 50; i++) log.append(new Uint8Array(i).fill(i));
    log.close();
    const first = [...read(path, { readOnly: true })];
    // Where the runtime can detach it (Node 22's ArrayBuffer#transfer); Node 24 refuses, Node 20 has no transfer().
    const buffer = first[1].data.buffer as ArrayBuffer & { transfer?: () => ArrayBuffer };
    try {
      buffer.transfer?.();
    } catch (error) {
      assert.ok(error instanceof TypeError, String(error));
    }
    for (let pass = 0; pass < 2; pass++) {
      const again = [...read(path, { readOnly: true })];
      assert.equal(again.length, 50);
      assert.equal(again[0].data.length, 0);
      for (let i = 1; i < 50; i++) assert.deepEqual(again[i].data, new Uint8Array(i).fill(i), `record ${i}`);
    }
  } finally {
    cleanup();
  }
});

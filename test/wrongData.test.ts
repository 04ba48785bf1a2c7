import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ErrorCode, open, read, recover, stat, verify } from '../src/index.js';
import { childScript } from './helpers/children.js';
import { contentFingerprint, fingerprint, settled, tempDir } from './helpers/files.js';
import { readControl } from './helpers/logFile.js';

/** Overwrites bytes of a file in place. */
function poke(path: string, at: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, bytes, 0, bytes.length, at);
}

/** Makes the control file look as if the machine rebooted since the log was last opened. */
function simulateReboot(path: string): void {
  poke(`${path}.ctl`, 448, Buffer.alloc(16, 0xee));
}

function makeLog(path: string, format: 'raw' | 'framed', records: number, tag: string): void {
  const log = open(path, { format });
  for (let i = 0; i < records; i++) log.append(`${tag} record ${i}\n`);
  log.close();
}

/**
 * Every entry point refuses the log with `code`, and neither file changes:
 * not a byte of the data file, not even the control file's mtime.
 */
function assertRefusedEverywhere(path: string, code: string): void {
  const data = fingerprint(path);
  const control = fingerprint(`${path}.ctl`);
  const attempts: [string, () => unknown][] = [
    ['open', () => open(path)],
    ['read', () => [...read(path)]],
    ['read, skipping corruption', () => [...read(path, { onCorrupt: 'skip' })]],
    ['verify', () => verify(path)],
    ['stat', () => stat(path)],
    ['recover', () => recover(path)],
    ['recover, repairing corruption', () => recover(path, { repairCorruption: true })],
  ];
  for (const [name, attempt] of attempts) {
    assert.throws(attempt, { name: 'MmlogError', code }, name);
    assert.equal(fingerprint(path), data, `${name}: the data file is untouched`);
    assert.equal(fingerprint(`${path}.ctl`), control, `${name}: the control file is untouched`);
  }
}

test("a framed data file swapped for another log's is refused everywhere, even after a reboot: nothing is truncated", () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/a.log`;
    makeLog(path, 'framed', 1000, 'a');
    makeLog(`${dir}/b.log`, 'framed', 1000, 'b');
    copyFileSync(`${dir}/b.log`, path);
    const swapped = contentFingerprint(path);
    assertRefusedEverywhere(path, ErrorCode.WRONG_DATA);
    // After a reboot, open() would run recovery over it: the case that once cut it to 80 bytes.
    simulateReboot(path);
    assertRefusedEverywhere(path, ErrorCode.WRONG_DATA);
    assert.throws(() => open(path), /belongs to the log [0-9a-f]{16}, not to [0-9a-f]{16}/);
    assert.equal(contentFingerprint(path), swapped);
    assert.equal(readFileSync(path).length, readControl(`${dir}/b.log`).cursor, 'all 1,000 records are still there');
  } finally {
    cleanup();
  }
});

test('a framed log whose data file is not a framed data file at all (a text file) is refused', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    makeLog(path, 'framed', 10, 'a');
    // No longer than the log, so that nothing lies past its cursor: only the META frame tells.
    const size = readControl(path).cursor;
    writeFileSync(path, 'just some text that happens to be here\n'.repeat(100).slice(0, size));
    assertRefusedEverywhere(path, ErrorCode.WRONG_DATA);
  } finally {
    cleanup();
  }
});

test('a framed log whose data file lost its META frame while holding records is refused', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    makeLog(path, 'framed', 10, 'a');
    poke(path, 0, Buffer.alloc(64));
    assertRefusedEverywhere(path, ErrorCode.WRONG_DATA);
  } finally {
    cleanup();
  }
});

test('a damaged META frame of the right log is reported as corrupt; a META of another version as such', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    makeLog(path, 'framed', 10, 'a');
    const original = readFileSync(path);
    poke(path, 40, Buffer.from([0x55])); // the creation time, inside the CRC
    assertRefusedEverywhere(path, ErrorCode.CORRUPT);
    writeFileSync(path, original);
    poke(path, 16, Buffer.from([2, 0, 0, 0])); // the META version
    assertRefusedEverywhere(path, ErrorCode.VERSION);
  } finally {
    cleanup();
  }
});

test('a framed log that never held a record gets its META frame back when its data file is emptied', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    open(path, { format: 'framed' }).close();
    writeFileSync(path, '');
    assert.deepEqual([...read(path)], [], 'readers see an empty log');
    const log = open(path);
    log.append('first');
    log.close();
    assert.deepEqual(
      [...read(path)].map((r) => Buffer.from(r.data).toString()),
      ['first'],
    );
    assert.equal(verify(path).ok, true);
    assert.equal(readFileSync(path).toString('latin1', 8, 16), 'MMLOGDAT', 'the META frame was written again');
  } finally {
    cleanup();
  }
});

test('a raw data file swapped for a longer file is refused: appending would overwrite its bytes', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/a.log`;
    makeLog(path, 'raw', 1000, 'a');
    // Another log's text, longer than this log's cursor.
    writeFileSync(path, 'another application entirely\n'.repeat(2000));
    assertRefusedEverywhere(path, ErrorCode.WRONG_DATA);
    assert.throws(() => open(path), /holds data at \d+, past the end of the log/);
  } finally {
    cleanup();
  }
});

test('a raw data file written past its end by another program is refused, not overwritten', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/a.log`;
    makeLog(path, 'raw', 100, 'a');
    writeFileSync(path, 'echo >> a.log\n', { flag: 'a' });
    assertRefusedEverywhere(path, ErrorCode.WRONG_DATA);
    // After a reboot the bytes past the cursor may be the log's own (its cursor page was lost): recovery adopts them.
    simulateReboot(path);
    const log = open(path);
    log.append('after\n');
    log.close();
    assert.match(readFileSync(path, 'utf8'), /a record 99\necho >> a.log\nafter\n$/);
  } finally {
    cleanup();
  }
});

test('a raw data file much shorter than its cursor is refused; a few claims short is allowed (a writer died mid-claim)', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/a.log`;
    const log = open(path, { slots: 2, maxRecordSize: 1024, chunkSize: 64 * 1024 });
    for (let i = 0; i < 1000; i++) log.append(`a record ${i}\n`);
    log.close();
    const size = readControl(path).cursor;
    const setCursor = (value: number) => {
      const bytes = Buffer.alloc(8);
      bytes.writeBigInt64LE(BigInt(value));
      poke(`${path}.ctl`, 64, bytes);
    };
    // 2 slots × 1 KiB may have been claimed and not allocated yet: one byte more may not.
    setCursor(size + 2048 + 1);
    assertRefusedEverywhere(path, ErrorCode.CORRUPT);
    assert.throws(() => open(path), /past the end of the data file/);
    setCursor(size + 2048);
    const again = open(path);
    assert.equal(again.append('x\n'), size + 2048, 'appending resumes at the cursor');
    again.close();
  } finally {
    cleanup();
  }
});

test('bytes another program appended after the preallocated tail of a live raw log are refused, not overwritten later', async () => {
  const { dir, cleanup } = tempDir();
  const path = `${dir}/app.log`;
  const holder = fork(childScript('holder'), [path], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    await new Promise((resolve) => holder.once('message', resolve));
    const preallocated = statSync(path).size;
    assert.ok(preallocated > readControl(path).cursor + 4096, 'the live writer keeps zeros ahead of its cursor');
    appendFileSync(path, 'echo >> app.log\n');
    for (const attempt of [() => open(path), () => [...read(path)], () => verify(path), () => stat(path)]) {
      assert.throws(attempt, { code: ErrorCode.WRONG_DATA, message: new RegExp(`holds data at ${preallocated}`) });
    }
  } finally {
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    cleanup();
  }
});

/** Every file of a segmented log, fingerprinted. */
function segmentedFingerprint(dir: string): string {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => `${name} ${fingerprint(join(dir, name))}`)
    .join('\n');
}

for (const format of ['raw', 'framed'] as const)
  test(`segmented (${format}): bytes another program appended to the active segment, and another log's control file, are refused; nothing changes`, () => {
    const { dir, cleanup } = tempDir();
    try {
      const segmented = { format, segmentSize: 64 * 1024 };
      const path = join(dir, 'log');
      const log = open(path, segmented);
      for (let i = 0; i < 1000; i++) log.append(`record ${i} ${'x'.repeat(100)}\n`);
      log.close();
      // `>>` through the link to the active segment (the last writer cut it to the cursor).
      const original = readFileSync(join(path, 'current.log'));
      appendFileSync(join(path, 'current.log'), 'appended by another program\n');
      const before = settled(() => segmentedFingerprint(path));
      const attempts: [string, () => unknown][] = [
        ['open', () => open(path).close()],
        ['read', () => [...read(path)]],
        ['verify', () => verify(path)],
        ['recover', () => recover(path, { repairCorruption: true })],
      ];
      for (const [name, attempt] of attempts) {
        assert.throws(attempt, { code: ErrorCode.WRONG_DATA }, name);
        assert.equal(segmentedFingerprint(path), before, `${name}: nothing changed`);
      }
      writeFileSync(join(path, 'current.log'), original);
      assert.equal(verify(path).ok, true);

      // Another log's control file (same settings) in its place: framed segment 0 names its own log.
      const other = join(dir, 'other');
      const otherLog = open(other, segmented);
      otherLog.append('other record\n');
      otherLog.close();
      copyFileSync(join(other, 'mmlog.ctl'), join(path, 'mmlog.ctl'));
      if (format === 'framed') {
        const swapped = settled(() => segmentedFingerprint(path));
        for (const [name, attempt] of attempts) {
          assert.throws(attempt, { code: ErrorCode.WRONG_DATA }, name);
          assert.equal(segmentedFingerprint(path), swapped, `${name}: nothing changed`);
        }
      }
    } finally {
      cleanup();
    }
  });

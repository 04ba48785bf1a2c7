/**
 * Several dead writers' claims in a row, with records appended after them.
 * A one-shot scan (read, verify, stat, recovery) gives each claim no live
 * writer owns a moment's grace while anyone writes, and must then pass it,
 * however many come in a row; recovery settles the tail where its scan
 * stops, so a scan that stopped at one of them would bring the cursor back
 * over acknowledged records and zero them. And the tail settle itself never
 * moves the cursor back over a valid frame.
 */
import assert from 'node:assert/strict';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { settleFramedTail } from '../src/admin/tailSettling.js';
import { BOOT_ID } from '../src/control/processIdentity.js';
import { open, read, recover, stat, verify } from '../src/index.js';
import { Offset, SLOT_SIZE, SlotOffset } from '../src/layout/control.js';
import { LogReader } from '../src/reading/logReader.js';
import { CURSOR, f64Bytes, i64At, i64Bytes, pwrite, runningProcess, stageDeadWriter } from './helpers/controlEdits.js';
import { tempDir } from './helpers/files.js';
import { AckedWriter, missingRecords } from './helpers/records.js';

type Layout = { readonly label: string; readonly options: { format: 'framed'; segmentSize?: number } };
const LAYOUTS: Layout[] = [
  { label: 'one file', options: { format: 'framed' } },
  { label: '64 KiB segments', options: { format: 'framed', segmentSize: 64 * 1024 } },
];

/**
 * A new log with records, then `deadClaims` dead writers' claims one after
 * another, then records again; returns the open log, what it acknowledged
 * and where the first dead claim is.
 */
function stage(path: string, layout: Layout, deadClaims: number) {
  const log = open(path, layout.options);
  const writer = new AckedWriter(log);
  for (let i = 0; i < 20; i++) writer.append(`before ${i} ${'b'.repeat(40)}`);
  const firstDead = i64At(path, CURSOR);
  // Writers killed in the middle of their claims, one claim after another.
  for (let d = 0; d < deadClaims; d++) {
    const at = i64At(path, CURSOR);
    stageDeadWriter(path, 10 + d, { floor: at, pos: at, length: 64 + 8 * d });
    pwrite(path, CURSOR, i64Bytes(at + 64 + 8 * d));
  }
  for (let i = 0; i < 20; i++) writer.append(`after ${i} ${'a'.repeat(40)}`);
  return { log, acked: writer.acked, firstDead };
}

for (const layout of LAYOUTS)
  for (const deadClaims of [1, 3, 6])
    test(`${layout.label}: ${deadClaims} dead claims in a row, then records: recovery at open passes them all and keeps every record`, () => {
      const { dir, cleanup } = tempDir();
      try {
        const path = join(dir, 'log');
        const { log, acked } = stage(path, layout, deadClaims);
        log.close();
        const cursor = i64At(path, CURSOR);
        let report: { deadClaims: number; cursorAfter: number } | undefined;
        open(path, { onRecovery: (r) => (report = r) }).close();
        assert.ok(report !== undefined, 'open() ran recovery');
        assert.equal(report.cursorAfter, cursor, 'the cursor stays where the records end');
        assert.equal(report.deadClaims, deadClaims, 'every dead claim was passed');
        assert.deepEqual(missingRecords(path, acked), [], 'every acknowledged record is read at its position');
        assert.equal(verify(path).ok, true, 'the log verifies');
      } finally {
        cleanup();
      }
    });

for (const layout of LAYOUTS)
  test(`${layout.label}: with a live writer, read() and verify() pass six dead claims in a row, each after its grace`, () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'log');
      // The log stays open: a live writer, so each unowned claim gets its grace.
      const { log, acked } = stage(path, layout, 6);
      try {
        assert.deepEqual(missingRecords(path, acked), [], 'every acknowledged record is read at its position');
        const report = verify(path);
        assert.equal(report.records, acked.length, 'verify counts every record');
        assert.equal(report.deadClaims, 0, 'the claims were padded by the read before');
      } finally {
        log.close();
      }
    } finally {
      cleanup();
    }
  });

for (const layout of LAYOUTS)
  test(`${layout.label}: a tail settle from a scan that stopped short of records leaves the cursor and the records`, () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'log');
      const { log, acked, firstDead } = stage(path, layout, 1);
      log.close();
      const cursor = i64At(path, CURSOR);
      // A scan that stopped at the dead claim, with records after it: no tail to settle there.
      const reader = LogReader.open(path, { onCorrupt: 'skip' }, true);
      try {
        reader.seek(firstDead);
        assert.equal(settleFramedTail(reader, false), 0, 'nothing zeroed');
      } finally {
        reader.close();
      }
      assert.equal(i64At(path, CURSOR), cursor, 'the cursor stays');
      assert.deepEqual(missingRecords(path, acked), [], 'every acknowledged record is read at its position');
    } finally {
      cleanup();
    }
  });

// The shape of the SIGKILL storm's failure: three ranges to pass in a row, the last at a segment's head, so
// that a scan stopping at the third (timing decides: each grace is waited out by sleeps) stops in the cursor's segment.
test('the storm failure: a dead claim, then a roll whose writer died before storing its claim, then records 120 bytes into the next segment', () => {
  const SEGMENT = 64 * 1024;
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: SEGMENT });
    const writer = new AckedWriter(log);
    const { acked } = writer;
    writer.appendWhile(() => SEGMENT - i64At(path, CURSOR) > 400, 'x');
    // Writer A: killed mid-append, its slot recording its claim.
    const a = i64At(path, CURSOR);
    stageDeadWriter(path, 10, { floor: a, pos: a, length: 64 });
    // Writer W: claims across segment 0's end and is killed before storing the claim's position (its
    // slot holds the floor only): no filler, no seal, segment 1 not started.
    const crossing = a + 64;
    stageDeadWriter(path, 11, { floor: crossing, length: SEGMENT + 120 - crossing });
    pwrite(path, CURSOR, i64Bytes(SEGMENT + 120));
    const firstAfter = acked.length;
    for (let j = 0; j < 10; j++) writer.append(`after ${j} ${'y'.repeat(100)}`);
    assert.equal(acked[firstAfter]?.[0], SEGMENT + 120, 'the first record after the roll is 120 bytes into segment 1');
    log.close();
    const cursor = i64At(path, CURSOR);
    let report: { cursorAfter: number } | undefined;
    const next = open(path, { onRecovery: (r) => (report = r) });
    try {
      for (let j = 0; j < 20; j++) next.append(`later ${j} ${'z'.repeat(100)}`);
    } finally {
      next.close();
    }
    assert.ok(report !== undefined, 'open() ran recovery');
    assert.equal(report.cursorAfter, cursor, 'recovery leaves the cursor where it was');
    assert.deepEqual(missingRecords(path, acked), [], 'every acknowledged record is read at its position');
  } finally {
    cleanup();
  }
});

test('a writer that died before storing its claim keeps its slot until a walk reaches the cursor: its claim is padded as a dead claim, never reported lost', async () => {
  const { dir, cleanup } = tempDir();
  // A live writer in another process, caught in the middle of a claim: recovery's walk stops there.
  const { child: other, pid: otherPid, startTime } = await runningProcess();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed' });
    const writer = new AckedWriter(log);
    const { acked } = writer;
    for (let i = 0; i < 5; i++) writer.append(`before ${i}`);
    // Writer D appended up to here (its floor), then others appended, then D claimed and was killed
    // before storing its claim's position.
    const floor = i64At(path, CURSOR);
    for (let i = 0; i < 5; i++) writer.append(`between ${i}`);
    const live = i64At(path, CURSOR);
    const slot = Offset.SLOTS + 11 * SLOT_SIZE;
    stageDeadWriter(path, 11, { floor: live, pos: live, length: 64 });
    pwrite(path, slot + SlotOffset.START_TIME, f64Bytes(startTime));
    pwrite(path, slot + SlotOffset.BOOT_TAG, BOOT_ID.subarray(0, 8));
    const pid = Buffer.alloc(4);
    pid.writeInt32LE(otherPid);
    pwrite(path, slot + SlotOffset.PID, pid);
    const orphan = live + 64;
    stageDeadWriter(path, 12, { floor, length: 0 });
    pwrite(path, CURSOR, i64Bytes(orphan + 96));
    for (let i = 0; i < 5; i++) writer.append(`after ${i}`);
    log.close();
    const report = recover(path);
    assert.equal(report.liveWriters, true);
    assert.equal(report.scannedTo, live, 'the walk stopped at the live claim, below the orphan');
    assert.equal(report.slotsCleared, 0, "the orphan's slot is kept");
    // The live writer dies too: readers now pad its claim, and the orphan after it.
    other.kill('SIGKILL');
    await new Promise((resolve) => other.once('exit', resolve));
    // Liveness is cached for a moment per process.
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.deepEqual(missingRecords(path, acked), [], 'every acknowledged record is read at its position');
    const health = verify(path);
    assert.deepEqual(health.lost, [], 'nothing is reported lost');
    assert.equal(health.ok, true);
    assert.equal(recover(path).slotsCleared, 2, 'a walk that reaches the cursor frees both slots');
    assert.equal(stat(path).writers.length, 0);
  } finally {
    other.kill('SIGKILL');
    cleanup();
  }
});

test('a dead writer caught before storing its claim explains one frame at most: a longer zeroed gap after its floor is lost data, not its claim', () => {
  for (const zeroed of [1, 10]) {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'log');
      const log = open(path, { format: 'framed', slots: 4, maxRecordSize: 1024 });
      const positions: number[] = [];
      for (let i = 0; i < 400; i++) positions.push(log.append(`record ${i} ${'y'.repeat(i % 300)}`));
      log.close();
      const [from, to] = [positions[100] as number, positions[100 + zeroed] as number];
      stageDeadWriter(path, 1, { floor: from, length: 0 });
      const fd = openSync(path, 'r+');
      writeSync(fd, Buffer.alloc(to - from), 0, to - from, from);
      closeSync(fd);
      assert.equal([...read(path)].length, 400 - zeroed);
      const report = verify(path);
      if (zeroed === 1) {
        // One record's bytes: what the dead writer's claim may have been.
        assert.deepEqual(report.lost, []);
        assert.equal(report.ok, true);
      } else {
        assert.ok(to - from > 1032, 'more than one frame of the largest record');
        assert.deepEqual(report.lost, [{ start: from, end: to }]);
        assert.equal(report.ok, false);
      }
    } finally {
      cleanup();
    }
  }
});

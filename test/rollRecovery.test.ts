/**
 * A writer killed at every step of a roll (and a reboot after it): the next
 * writer's open recovers, every acknowledged record is read back once and in
 * order, nothing is lost or corrupt, and appending goes on across further
 * rolls. The kills are real SIGKILLs inside the real code path (see
 * children/rollKiller.ts).
 */
import assert from 'node:assert/strict';
import { existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SegmentRing } from '../src/control/segmentRing.js';
import { open, read, stat, verify } from '../src/index.js';
import { SegmentEntryOffset, segmentEntryOffset } from '../src/layout/control.js';
import { segmentFileName } from '../src/storage/logPaths.js';
import { runChild } from './helpers/children.js';
import { i64At } from './helpers/controlEdits.js';
import { tempDir } from './helpers/files.js';

const SEGMENT = 64 * 1024;

/** Makes the control file look as if the machine rebooted since the log was last opened. */
function simulateReboot(dir: string): void {
  const fd = openSync(join(dir, 'mmlog.ctl'), 'r+');
  writeSync(fd, Buffer.alloc(16, 0xee), 0, 16, 448);
}

function acknowledged(sideFile: string): number[] {
  if (!existsSync(sideFile)) return [];
  const side = readFileSync(sideFile);
  const numbers: number[] = [];
  for (let at = 0; at + 4 <= side.length; at += 4) numbers.push(side.readUInt32LE(at));
  return numbers;
}

/** The records of the log as text lines (raw: its lines; framed: one per record), blank filler lines dropped. */
function lines(path: string, format: 'raw' | 'framed'): string[] {
  const records = [...read(path)].map((r) => Buffer.from(r.data).toString('latin1'));
  const text = format === 'raw' ? records.join('').split('\n') : records.map((r) => r.replace(/\n$/, ''));
  for (const line of text) assert.ok(!line.includes('\0'), `no NUL bytes in ${JSON.stringify(line.slice(0, 40))}`);
  return text.filter((l) => l.trim() !== '');
}

const STEPS = ['before-next-segment', 'before-activation', 'before-seal', 'after-seal'] as const;

for (const format of ['framed', 'raw'] as const) {
  for (const step of STEPS) {
    for (const reboot of [false, true]) {
      test(`${format}: a writer killed ${step.replaceAll('-', ' ')} of a roll${reboot ? ', then a reboot' : ''}: nothing acknowledged is lost`, async () => {
        const { dir, cleanup } = tempDir();
        try {
          const path = join(dir, 'log');
          open(path, { format, segmentSize: SEGMENT }).close();
          const side = join(dir, 'side');
          const result = await runChild('rollKiller', [path, step, side]);
          assert.equal(result.signal, 'SIGKILL', `the writer died at the step (${result.stderr})`);
          const acked = acknowledged(side);
          assert.ok(acked.length > 10, 'it appended records first');
          if (reboot) simulateReboot(path);
          const log = open(path);
          const after: string[] = [];
          for (let i = 0; i < 2000; i++) {
            after.push(`after ${i} ${'a'.repeat(i % 100)}`);
            log.append(`after ${i} ${'a'.repeat(i % 100)}\n`);
          }
          log.close();
          const found = lines(path, format);
          const before = found.filter((l) => l.startsWith('record '));
          const numbers = before.map((l) => Number(l.split(' ')[1]));
          // Every acknowledged record, once, in order; the one being appended when it died may be there too.
          assert.deepEqual(numbers.slice(0, acked.length), acked, 'every acknowledged record, once, in order');
          assert.ok(numbers.length <= acked.length + 1, 'nothing but the record in flight besides');
          for (const line of before) {
            const i = Number(line.split(' ')[1]);
            assert.equal(line, `record ${i} ${'.'.repeat(i % 200)}`, 'byte-exact');
          }
          assert.deepEqual(
            found.filter((l) => !l.startsWith('record ')),
            after,
            'then the records appended after recovery',
          );
          const report = verify(path);
          assert.equal(report.ok, true, 'verify passes');
          if (format === 'framed') assert.deepEqual(report.lost, [], 'no lost range');
          const segments = stat(path).segments;
          assert.ok(segments.length >= 3, 'appending went on across rolls');
          for (const s of segments.slice(0, -1)) {
            const bytes = readFileSync(join(path, segmentFileName(s.base)));
            assert.ok(s.bytes <= SEGMENT);
            if (format === 'raw') assert.ok(!bytes.includes(0), `sealed raw segment ${s.base} holds no NUL byte`);
          }
        } finally {
          cleanup();
        }
      });
    }
  }
}

test('a writer killed in a roll by time, before sealing: the next writer settles it and the segment runs to its end', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: SEGMENT, rollEvery: 100 });
    log.append('first');
    log.close();
    await new Promise((r) => setTimeout(r, 150));
    const result = await runChild('rollKiller', [path, 'time-roll', join(dir, 'side')]);
    assert.equal(result.signal, 'SIGKILL', result.stderr);
    assert.equal(stat(path).cursor, SEGMENT, 'it had moved the cursor to the boundary');
    const again = open(path);
    again.append('second');
    again.close();
    assert.deepEqual(
      [...read(path)].map((r) => Buffer.from(r.data).toString()),
      ['first', 'second'],
    );
    assert.equal(verify(path).ok, true);
  } finally {
    cleanup();
  }
});

for (const format of ['framed', 'raw'] as const)
  test(`${format}: a segment holding only the head filler of a dead crossing writer, then rolled by time and cut to its seal: read whole, verify clean`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'log');
      open(path, { format, segmentSize: SEGMENT, rollEvery: 200 }).close();
      const side = join(dir, 'side');
      const result = await runChild('rollKiller', [path, 'after-seal', side]);
      assert.equal(result.signal, 'SIGKILL', `the writer died after its crossing claim's roll (${result.stderr})`);
      const acked = acknowledged(side);
      const log = open(path);
      // Idle past the period: the segment holding nothing but the filler is rolled by time, sealed at its first record.
      await new Promise((r) => setTimeout(r, 500));
      const after: string[] = [];
      for (let i = 0; i < 200; i++) {
        after.push(`after ${i} ${'z'.repeat(1000)}`);
        log.append(`after ${i} ${'z'.repeat(1000)}\n`);
      }
      log.close();
      const emptied = stat(path).segments.find((s) => s.sealed && s.bytes < 4096 && s.base > 0);
      assert.ok(emptied !== undefined, 'a sealed segment holding (almost) nothing is there');
      const found = lines(path, format);
      assert.deepEqual(
        found
          .filter((l) => l.startsWith('record '))
          .map((l) => Number(l.split(' ')[1]))
          .slice(0, acked.length),
        acked,
      );
      assert.deepEqual(
        found.filter((l) => !l.startsWith('record ')),
        after,
      );
      const report = verify(path);
      assert.equal(report.ok, true, JSON.stringify({ missing: report.missing, unreadable: report.unreadable }));
    } finally {
      cleanup();
    }
  });

test('a writer killed in retention after raising the first segment, before deleting: readers start at it, and the next pass deletes the files', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    open(path, { format: 'framed', segmentSize: SEGMENT, retention: { maxSegments: 1 } }).close();
    const result = await runChild('rollKiller', [path, 'mid-delete', join(dir, 'side')]);
    assert.equal(result.signal, 'SIGKILL', result.stderr);
    const first = stat(path).firstPosition;
    assert.ok(first > 0, 'the first segment was raised');
    assert.ok(existsSync(join(path, segmentFileName(0))), 'the file below it is still there');
    const records = [...read(path)];
    assert.ok((records[0]?.pos as number) >= first, 'readers start at the first retained position');
    const log = open(path);
    log.applyRetention();
    log.close();
    assert.ok(!existsSync(join(path, segmentFileName(0))), 'the next pass deleted what was left');
    assert.equal(verify(path).ok, true);
  } finally {
    cleanup();
  }
});

test('a dead roll finished long after: recovery does not write over the ring entries of later segments', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    // A writer that stays open while another dies mid-roll: no open in between runs recovery.
    const live = open(path, { format: 'framed', segmentSize: SEGMENT });
    const appended: Array<[number, string]> = [];
    const result = await runChild('rollKiller', [path, 'before-seal', join(dir, 'side')]);
    assert.equal(result.signal, 'SIGKILL', `the writer died at the step (${result.stderr})`);
    const died = stat(path).cursor;
    // Past the ring's capacity: the entries of the segments of that roll now describe later segments.
    // (Positions, not stat(), say how far: each stat() walks the log from below the dead claim.)
    for (let i = 0, last = died; last < died + (SegmentRing.capacity + 4) * SEGMENT; i++) {
      const text = `later ${i} ${'b'.repeat(i % 150)}`;
      last = live.append(text);
      appended.push([last, text]);
    }
    live.close();
    open(path).close(); // recovery finishes the dead roll now
    // The ring still describes the latest segments (the dead roll's entries were taken over by them).
    const latest = Math.floor(stat(path).cursor / SEGMENT);
    const undescribed: number[] = [];
    for (let k = latest - SegmentRing.capacity + 1; k <= latest; k++) {
      if (i64At(path, segmentEntryOffset(k) + SegmentEntryOffset.SEGMENT) !== k + 1) undescribed.push(k);
    }
    assert.deepEqual(undescribed, [], 'the ring describes each of the latest segments');
    const found = new Map([...read(path)].map((r) => [r.pos, Buffer.from(r.data).toString('latin1')]));
    const missing = appended.filter(([pos, text]) => found.get(pos) !== text);
    assert.deepEqual(
      missing.slice(0, 3),
      [],
      `every record appended after the death reads back (${missing.length} missing)`,
    );
    const report = verify(path);
    assert.equal(report.ok, true, 'verify passes');
    assert.deepEqual(report.lost, [], 'no lost range');
  } finally {
    cleanup();
  }
});

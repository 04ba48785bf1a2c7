/**
 * An uncommitted claim no live writer owns (a writer killed between its
 * fetch-add and storing claimPos) that is the last claim of a segment, the
 * next claim crossing the segment's end and sealing it there: a reader must
 * pad it up to the seal and go on into the next segment, and recovery with
 * no live writer must never move the cursor back below records already
 * appended in the next segment. Nor may a reader's padding of an orphan
 * claim run over the claim after it when that one is a dead writer's that
 * crossed the segment's end before sealing it: recovery later finishes that
 * roll, and the seal would fall inside the padding.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { open, read, recover, verify } from '../src/index.js';
import { CURSOR, i64At, i64Bytes, pwrite, stageDeadWriter } from './helpers/controlEdits.js';
import { tempDir } from './helpers/files.js';
import { AckedWriter, missingRecords } from './helpers/records.js';

const SEGMENT = 64 * 1024;

/**
 * Appends to a new segmented log until a few records before segment 0's end, stages there a dead
 * writer's claim with no claimPos (the orphan) that leaves too little room for the next record,
 * then appends on: the next claim crosses into segment 1 and seals segment 0 at the orphan's end.
 */
function stage(path: string) {
  const log = open(path, { format: 'framed', segmentSize: SEGMENT });
  const writer = new AckedWriter(log);
  const acked = writer.acked;
  writer.appendWhile(() => SEGMENT - i64At(path, CURSOR) > 400, 'x');
  const q = i64At(path, CURSOR);
  const orphan = SEGMENT - q - 64;
  stageDeadWriter(path, 7, { floor: q, length: orphan });
  pwrite(path, CURSOR, i64Bytes(q + orphan));
  writer.appendWhile(() => i64At(path, CURSOR) < SEGMENT + 1000, 'y');
  assert.ok(
    acked.some(([pos]) => pos >= SEGMENT),
    'records were appended in segment 1',
  );
  return { log, acked };
}

test('an orphan claim just below a sealed end: a reader pads it to the seal and reads the next segment', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const { log, acked } = stage(path);
    try {
      assert.deepEqual(missingRecords(path, acked), [], 'every acknowledged record is read at its position');
    } finally {
      log.close();
    }
  } finally {
    cleanup();
  }
});

test('an orphan claim just below a sealed end: recovery with no live writer keeps the cursor, later appends harm nothing', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const { log, acked } = stage(path);
    log.close();
    const cursor = i64At(path, CURSOR);
    const report = recover(path);
    assert.equal(report.cursorAfter, cursor, 'recovery leaves the cursor where it was');
    const next = open(path);
    for (let j = 0; j < 1000; j++) next.append(`later ${j} ${'z'.repeat(100)}`);
    next.close();
    assert.deepEqual(missingRecords(path, acked), [], 'every acknowledged record is read at its position');
  } finally {
    cleanup();
  }
});

for (const after of ['live records', 'a dead claim'] as const)
  test(`an orphan claim followed by a dead writer's unsealed crossing claim, then ${after}: a reader stops its padding at that claim, recovery finishes the roll, verify is clean`, () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'log');
      const log = open(path, { format: 'framed', segmentSize: SEGMENT });
      const writer = new AckedWriter(log);
      writer.appendWhile(() => SEGMENT - i64At(path, CURSOR) > 600, 'x');
      // An orphan (its writer died before storing claimPos), then a crossing claim whose writer died
      // before writing the filler at the next segment's head or sealing this one.
      const orphan = i64At(path, CURSOR);
      const crossing = orphan + 64;
      const crossingEnd = SEGMENT + 120;
      stageDeadWriter(path, 10, { floor: orphan, length: 64 });
      stageDeadWriter(path, 11, { floor: crossing, pos: crossing, length: crossingEnd - crossing });
      let cursor = crossingEnd;
      if (after === 'a dead claim') {
        stageDeadWriter(path, 12, { floor: crossingEnd, pos: crossingEnd, length: 96 });
        cursor += 96;
      }
      pwrite(path, CURSOR, i64Bytes(cursor));
      writer.appendWhile(() => i64At(path, CURSOR) < cursor + 1000, 'y');
      // A reader that may write passes it all while the writer lives (it pads what it judges dead).
      assert.equal([...read(path)].length, writer.acked.length);
      log.close();
      const report = recover(path);
      assert.equal(report.rollsFinished, 1, 'the dead roll is finished');
      const health = verify(path);
      assert.deepEqual({ lost: health.lost, corrupt: health.corrupt }, { lost: [], corrupt: [] });
      assert.equal(health.records, writer.acked.length);
      assert.deepEqual(missingRecords(path, writer.acked), []);
    } finally {
      cleanup();
    }
  });

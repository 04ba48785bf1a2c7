/**
 * A segment the ring never activated: the writer whose claim crossed into it
 * was killed between its fetch-add and storing the claim's position (no
 * filler, no activation, no seal of the segment before), and the other
 * writers appended on into it. Its ring entry still describes the segment 32
 * before; when the segment is sealed, that seal must not be taken for the
 * older segment's (whose own seal would be lost from the ring, leaving
 * readers waiting at it for good): the sealer activates the segment first,
 * and readers of a segment below the cursor's that the ring holds no seal
 * for ask the segment index. A crossing writer that is only late keeps the
 * first record it stores.
 */
import assert from 'node:assert/strict';
import { readlinkSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SegmentRing } from '../src/control/segmentRing.js';
import { open, read, recover, verify } from '../src/index.js';
import { SEGMENT_RING_SIZE, SegmentEntryOffset, segmentEntryOffset } from '../src/layout/control.js';
import { openControl } from '../src/storage/creation.js';
import { activeLinkPath, controlPathOf, segmentPath } from '../src/storage/logPaths.js';
import { readSegmentIndex } from '../src/storage/segmentIndex.js';
import { CURSOR, i64At, i64Bytes, pread, pwrite, stageDeadWriter } from './helpers/controlEdits.js';
import { tempDir } from './helpers/files.js';
import { AckedWriter, missingRecords } from './helpers/records.js';

const SEGMENT = 64 * 1024;

/**
 * A log of `k + 2` segments where the claim crossing into segment `k` was a
 * dead writer's, staged as the storm leaves it; returns what was acknowledged.
 */
function stage(path: string, k: number): Array<[number, string]> {
  const writer = new AckedWriter(open(path, { format: 'framed', segmentSize: SEGMENT }));
  writer.appendWhile(() => k * SEGMENT - i64At(path, CURSOR) > 400, 'x');
  // The claim that crosses into segment k: its writer dies before storing it.
  stageDeadWriter(path, 9, { floor: i64At(path, CURSOR), length: 0 });
  pwrite(path, CURSOR, i64Bytes(k * SEGMENT + 120));
  // The others append on into segment k, and past it: the claim crossing into k + 1 seals it.
  writer.appendWhile(() => i64At(path, CURSOR) < (k + 1) * SEGMENT + 1000, 'y');
  writer.log.close();
  return writer.acked;
}

// Segment 4 of these records is sealed (segment 3 ends exactly at its end).
const K = SEGMENT_RING_SIZE + 4;
const OLDER = K - SEGMENT_RING_SIZE;

test('a segment whose crossing writer died before activating it is activated when sealed: the older segment its entry described is forgotten, not given its seal', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const acked = stage(path, K);
    const entry = segmentEntryOffset(K);
    assert.equal(i64At(path, entry + SegmentEntryOffset.SEGMENT), K + 1, `the ring describes segment ${K}`);
    assert.deepEqual(missingRecords(path, acked), [], 'every acknowledged record is read at its position');
    assert.equal(verify(path).records, acked.length);
  } finally {
    cleanup();
  }
});

test("an entry left describing an older segment with a later segment's seal (a log written before): readers take the older one's seal from the index", () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const acked = stage(path, K);
    // The entry as the seal of K used to leave it: still describing the older segment, K's seal in it.
    const entry = segmentEntryOffset(K);
    const olderFirst = readSegmentIndex(path, OLDER, OLDER * SEGMENT, SEGMENT).firstRecord;
    pwrite(path, entry + SegmentEntryOffset.FIRST_RECORD, i64Bytes(olderFirst));
    pwrite(path, entry + SegmentEntryOffset.SEGMENT, i64Bytes(OLDER + 1));
    // And the older segment cut to its sealed end, as rolls do.
    const olderSeal = readSegmentIndex(path, OLDER, OLDER * SEGMENT, SEGMENT).sealEnd;
    assert.ok(olderSeal > OLDER * SEGMENT);
    truncateSync(segmentPath(path, OLDER * SEGMENT), olderSeal - OLDER * SEGMENT);
    assert.deepEqual(missingRecords(path, acked), [], 'every acknowledged record is read at its position');
    assert.equal(verify(path).records, acked.length);
  } finally {
    cleanup();
  }
});

test('a seal of a segment whose crossing writer is late, not dead, keeps the first record that writer stores', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    open(path, { format: 'raw', segmentSize: SEGMENT }).close();
    const { control, fd } = openControl(controlPathOf(path), true);
    try {
      const ring = new SegmentRing(control);
      const base = K * SEGMENT;
      const entry = segmentEntryOffset(K);
      // The crossing writer has stored its first record (past the filler at the head) and not yet the
      // segment number, when the claim crossing the segment's end seals it.
      pwrite(path, entry + SegmentEntryOffset.FIRST_RECORD, i64Bytes(base + 300));
      ring.seal(K, base + 5000, Date.now());
      assert.equal(ring.describes(K), true, 'the seal activates the segment');
      assert.equal(ring.firstRecord(K), base + 300, 'the filler at its head stays out of its records');
      assert.equal(ring.sealEnd(K), base + 5000);
      // Its writer stores the rest of its activation late: nothing it stores is undone.
      ring.activate(K, Date.now(), base + 300);
      assert.equal(ring.firstRecord(K), base + 300);
      assert.equal(ring.sealEnd(K), base + 5000);
      // A segment whose crossing writer stored nothing (dead): its first record is its base.
      ring.seal(K + 1, base + SEGMENT + 7000, Date.now());
      assert.equal(ring.firstRecord(K + 1), base + SEGMENT, 'readers pad the head the dead claim left');
    } finally {
      control.close(fd);
    }
  } finally {
    cleanup();
  }
});

test('recovery activating the segment the cursor is in keeps the first record a late crossing writer stored', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'raw', segmentSize: SEGMENT });
    const lines: string[] = [];
    for (let i = 0; i * 1001 < 2.5 * SEGMENT; i++) {
      lines.push(`#${String(i).padStart(4, '0')} ${'r'.repeat(994)}\n`);
      log.append(lines[i] as string);
    }
    log.close();
    const active = Math.floor(i64At(path, CURSOR) / SEGMENT);
    const entry = segmentEntryOffset(active);
    const first = i64At(path, entry + SegmentEntryOffset.FIRST_RECORD);
    assert.ok(first > active * SEGMENT, 'the claim that crossed into the segment left filler at its head');
    // The crossing writer has stored its first record, not yet the segment number, when recovery runs.
    pwrite(path, entry + SegmentEntryOffset.SEGMENT, i64Bytes(0));
    recover(path);
    assert.equal(i64At(path, entry + SegmentEntryOffset.SEGMENT), active + 1, 'recovery activates the segment');
    assert.equal(i64At(path, entry + SegmentEntryOffset.FIRST_RECORD), first, 'its first record stands');
    const text = [...read(path)].map((r) => Buffer.from(r.data).toString()).join('');
    assert.equal(text, lines.join(''), 'no filler is read as a line');
  } finally {
    cleanup();
  }
});

test('a crossing writer late by a whole ring writes no entry of the later segments and cuts the segment it seals; the active link stays', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: SEGMENT });
    const writer = new AckedWriter(log);
    writer.appendWhile(() => i64At(path, CURSOR) < 12 * SEGMENT, 'x');
    // A segment j that a claim crossing its end sealed (not one whose records reached its end exactly).
    let j = 2;
    while (readSegmentIndex(path, j, j * SEGMENT, SEGMENT).sealEnd < 0) j++;
    const sealOfJ = readSegmentIndex(path, j, j * SEGMENT, SEGMENT).sealEnd;
    const firstOfNext = readSegmentIndex(path, j + 1, (j + 1) * SEGMENT, SEGMENT).firstRecord;
    assert.ok(j < 10 && firstOfNext > (j + 1) * SEGMENT);
    const later = j + SEGMENT_RING_SIZE;
    // Segment j + 32 sealed (its entry is segment j's), j + 33 active (segment j + 1's entry).
    writer.appendWhile(() => i64At(path, CURSOR) < (later + 1) * SEGMENT + 20_000, 'x');
    const entries = [segmentEntryOffset(later), segmentEntryOffset(later + 1)].map((at) => pread(path, at, 40));
    // Segment j's file as if its roll had never been finished (never cut to its seal).
    truncateSync(segmentPath(path, j * SEGMENT), SEGMENT);
    const link = readlinkSync(activeLinkPath(path));
    // The roll into j + 1 finished now, by the writer that made it, late: its start, then its seal.
    const roller = (
      log as unknown as { roller: { start(k: number, first: number): void; seal(k: number, end: number): void } }
    ).roller;
    roller.start(j + 1, firstOfNext);
    roller.seal(j, sealOfJ);
    assert.deepEqual(
      [segmentEntryOffset(later), segmentEntryOffset(later + 1)].map((at) => pread(path, at, 40)),
      entries,
      'the entries of segments j + 32 and j + 33 are as they were',
    );
    assert.equal(statSync(segmentPath(path, j * SEGMENT)).size, sealOfJ - j * SEGMENT, 'segment j is cut to its seal');
    assert.equal(readlinkSync(activeLinkPath(path)), link, 'the active link still leads to the active segment');
    writer.appendWhile(() => i64At(path, CURSOR) < (later + 3) * SEGMENT, 'y');
    log.close();
    assert.deepEqual(missingRecords(path, writer.acked), []);
    const health = verify(path);
    assert.deepEqual({ ok: health.ok, records: health.records }, { ok: true, records: writer.acked.length });
  } finally {
    cleanup();
  }
});

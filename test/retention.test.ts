/**
 * Rolls by time, retention, checkpoints and named consumers of segmented
 * logs.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SegmentRing } from '../src/control/segmentRing.js';
import { consumer, ErrorCode, MmlogError, open, PositionGoneError, read, stat } from '../src/index.js';
import { IDLE, Offset, SLOT_SIZE, SlotOffset } from '../src/layout/control.js';
import { CONSUMER_SUFFIX } from '../src/layout/directory.js';
import { openControl } from '../src/storage/creation.js';
import { controlPathOf, segmentFileName } from '../src/storage/logPaths.js';
import { runChild } from './helpers/children.js';
import { f64Bytes, i64At, pwrite, stageDeadWriter } from './helpers/controlEdits.js';
import { tempDir } from './helpers/files.js';

const SEGMENT = 64 * 1024;

/** Appends `count` 1 KiB lines (`#i` first) and returns their positions. */
function fill(log: ReturnType<typeof open>, count: number, from = 0): number[] {
  const positions: number[] = [];
  for (let i = from; i < from + count; i++) positions.push(log.append(`#${i} ${'r'.repeat(1000)}\n`));
  return positions;
}

function sealedCount(path: string): number {
  return stat(path).segments.filter((s) => s.sealed).length;
}

test('roll by time: many processes at the end of a period roll once; each segment sealed after its period ended, with the lines written before', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const period = 500;
    // Segments large enough that only time rolls them here.
    const opened = Date.now();
    open(path, { segmentSize: 16 * 1024 * 1024, rollEvery: period }).close();
    const until = Date.now() + 6 * period;
    // Bursts of appends every few ms: the rolls race real claims, which must never be overwritten.
    const writers = [0, 1, 2].map((id) => runChild('timedAppender', [path, String(id), '2', String(until), '40']));
    const appended = new Map<string, number>();
    for (const [id, result] of (await Promise.all(writers)).entries()) {
      assert.equal(result.code, 0, result.stderr);
      appended.set(`w${id}`, (result.messages[0] as { appended: number }).appended);
    }
    const closed = Date.now();
    const info = stat(path);
    for (const s of info.segments.slice(0, -1)) assert.equal(s.sealed, true);
    // At most one roll per period end between the first open and the last close (judged by this clock alone).
    const periodEnds = Math.floor(closed / period) - Math.floor(opened / period);
    assert.ok(info.segments.length <= periodEnds + 1, `${info.segments.length} segments, ${periodEnds} period ends`);
    // When each segment became active and was sealed, as the ring records them (it holds every segment here).
    const { control, fd } = openControl(controlPathOf(path), false);
    const ring = new SegmentRing(control);
    const times = info.segments.map((s) => ring.entry(ring.segmentOf(s.base)));
    control.close(fd);
    for (const [k, { activatedAt, sealedAt }] of times.entries()) {
      assert.ok(activatedAt > 0, `segment ${k} is recorded active`);
      if ((info.segments[k] as { sealed: boolean }).sealed) assert.ok(sealedAt > 0, `segment ${k} is recorded sealed`);
    }
    const periodOf = (ms: number) => Math.floor(ms / period);
    for (const [k, segment] of info.segments.entries()) {
      // The active segment keeps its allocated tail (zeros) when no writer closed alone: only the sealed ones are cut.
      const raw = readFileSync(join(path, segmentFileName(segment.base)), 'latin1');
      const text = segment.sealed ? raw : raw.replace(/\0+$/, '');
      const lines = text.split('\n').filter(Boolean);
      assert.ok(
        lines.every((l) => /^w\d \d+ \d+$/.test(l)),
        'only whole lines',
      );
      // Stamped before its claim, claimed before the seal.
      const sealedAt = (times[k] as { sealedAt: number }).sealedAt;
      if (segment.sealed)
        for (const line of lines) assert.ok(Number(line.split(' ')[2]) <= sealedAt, `${line} in ${k}`);
    }
    // Every line once: per writer, exactly the numbers 0..n-1.
    const byWriter = new Map<string, number[]>();
    for (const line of [...read(path)]
      .map((r) => Buffer.from(r.data).toString())
      .join('')
      .split('\n')) {
      if (line.trim() === '') continue;
      const [writer, n] = line.split(' ') as [string, string];
      let numbers = byWriter.get(writer);
      if (numbers === undefined) byWriter.set(writer, (numbers = []));
      numbers.push(Number(n));
    }
    for (const [writer, count] of appended) {
      assert.deepEqual(
        byWriter.get(writer),
        Array.from({ length: count }, (_, i) => i),
        `${writer}: every line once`,
      );
    }
    assert.ok(info.segments.length >= 4, `rolled at the periods' ends (${info.segments.length} segments)`);
    // Each roll after its segment's period ended, so never two in one period: the segments became active in
    // strictly later periods. (Not judged from the lines' stamps: a line stamped just before a period ends may
    // be claimed after the roll, in the next segment, and a writer may be preempted between stamp and claim.)
    for (let k = 0; k < times.length - 1; k++) {
      const { activatedAt, sealedAt } = times[k] as { activatedAt: number; sealedAt: number };
      const next = times[k + 1] as { activatedAt: number };
      assert.ok(periodOf(sealedAt) > periodOf(activatedAt), `segment ${k} sealed after its period ended`);
      assert.ok(periodOf(next.activatedAt) > periodOf(activatedAt), `segment ${k + 1} active from a later period`);
    }
  } finally {
    cleanup();
  }
});

test('an idle log is not rolled into empty segments', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { segmentSize: SEGMENT, rollEvery: 100 });
    await new Promise((r) => setTimeout(r, 350));
    log.append('one\n');
    await new Promise((r) => setTimeout(r, 250));
    log.close();
    const segments = stat(path).segments;
    assert.deepEqual(
      segments.map((s) => s.bytes > 0),
      [true],
      'one segment: nothing was rolled while the log was empty, and the one record is kept',
    );
  } finally {
    cleanup();
  }
});

test('retention by count: at most maxSegments sealed segments are kept; a reader from 0 starts at the first kept one', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { segmentSize: SEGMENT, retention: { maxSegments: 3 } });
    const positions = fill(log, 1000);
    assert.ok(sealedCount(path) <= 3, `sealed segments kept: ${sealedCount(path)}`);
    const info = stat(path);
    assert.equal(info.firstPosition, info.segments[0]?.base, 'the first position is the first kept segment');
    assert.ok(!existsSync(join(path, segmentFileName(0))), 'segment 0 was deleted');
    const records = [...read(path)].map((r) => Buffer.from(r.data).toString());
    const firstKept = positions.findIndex((p) => p >= info.firstPosition);
    const text = records.join('');
    assert.ok(text.startsWith(`#${firstKept} `), 'read() from 0 starts at the oldest record kept');
    assert.ok(text.endsWith(`#999 ${'r'.repeat(1000)}\n`));
    assert.throws(
      () => [...read(path, { from: positions[1] as number })],
      (e: unknown) =>
        e instanceof PositionGoneError && e.code === ErrorCode.POSITION_GONE && e.firstPosition === info.firstPosition,
    );
    const oldest = [...read(path, { from: positions[1] as number, ifGone: 'oldest' })];
    assert.ok(
      Buffer.from(oldest[0]?.data as Uint8Array)
        .toString()
        .startsWith(`#${firstKept} `),
    );
    log.close();
  } finally {
    cleanup();
  }
});

test('retention held back at rolls by a claim in an older segment is applied when a writer closes, and when one opens', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const retention = { maxSegments: 2 };
    for (const release of ['close', 'open'] as const) {
      const log = open(path, { segmentSize: SEGMENT, retention });
      // Another writer's claim in progress in the active segment: no pass may delete it while it is there.
      const claimFloor = Offset.SLOTS + 9 * SLOT_SIZE + SlotOffset.CLAIM_FLOOR;
      stageDeadWriter(path, 9, { floor: i64At(path, Offset.CURSOR), length: 0 });
      fill(log, 400);
      const held = sealedCount(path);
      assert.ok(held >= 5, `every roll's pass was held back (${held} sealed segments)`);
      // The claim ends (as a writer's slot shows it): the next pass deletes what the limit lets go of.
      pwrite(path, claimFloor, f64Bytes(IDLE));
      if (release === 'close') {
        log.close();
      } else {
        const other = open(path);
        assert.ok(sealedCount(path) <= 2, `${release}: ${sealedCount(path)} sealed segments kept`);
        other.close();
        log.close();
      }
      assert.ok(sealedCount(path) <= 2, `${release}: ${sealedCount(path)} sealed segments kept`);
    }
  } finally {
    cleanup();
  }
});

test('retention by bytes and by age', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const bytesPath = join(dir, 'bytes');
    const log = open(bytesPath, { segmentSize: SEGMENT, retention: { maxBytes: 3 * SEGMENT } });
    fill(log, 1000);
    const sealed = stat(bytesPath).segments.filter((s) => s.sealed);
    const kept = sealed.reduce((sum, s) => sum + s.bytes, 0);
    assert.ok(kept <= 3 * SEGMENT, `sealed bytes kept: ${kept}`);
    assert.ok(sealed.length >= 2, 'retention keeps as much as the limit allows');
    log.close();

    const agePath = join(dir, 'age');
    const aged = open(agePath, { segmentSize: SEGMENT, retention: { maxAgeMs: 200 } });
    fill(aged, 300);
    const before = sealedCount(agePath);
    assert.ok(before >= 3);
    await new Promise((r) => setTimeout(r, 300));
    const result = aged.applyRetention();
    assert.equal(result.deleted.length, before, 'every segment sealed more than maxAgeMs ago went');
    assert.equal(sealedCount(agePath), 0);
    assert.equal(stat(agePath).segments.length, 1, 'the active segment stays');
    aged.close();
  } finally {
    cleanup();
  }
});

test('truncateBefore (a checkpoint) deletes whole sealed segments below it, never the active one', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: SEGMENT });
    const positions = fill(log, 1000);
    const checkpoint = positions[500] as number;
    const first = log.truncateBefore(checkpoint);
    assert.equal(first, Math.floor(checkpoint / SEGMENT) * SEGMENT, 'the segment holding the checkpoint is kept');
    assert.equal(stat(path).firstPosition, first);
    const records = [...read(path)];
    assert.ok((records[0]?.pos as number) >= first && (records[0]?.pos as number) <= checkpoint);
    assert.equal(records.at(-1)?.pos, positions.at(-1));
    const all = log.truncateBefore(stat(path).cursor);
    assert.equal(stat(path).segments.length, 1, 'the active segment is never deleted');
    assert.equal(all, stat(path).segments[0]?.base);
    assert.throws(() => log.truncateBefore(stat(path).cursor + 8), RangeError);
    assert.throws(() => log.truncateBefore(-1), RangeError);
    log.close();
    const single = open(join(dir, 'single'));
    assert.throws(
      () => single.truncateBefore(0),
      (e: unknown) => e instanceof MmlogError && e.code === ErrorCode.NOT_SEGMENTED,
    );
    single.close();
  } finally {
    cleanup();
  }
});

test('named consumers hold retention back until they commit; stat lists them with their lag', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: SEGMENT, retention: { maxSegments: 1 } });
    const shipper = consumer(path, 'shipper');
    assert.equal(shipper.position, stat(path).firstPosition, 'a new consumer starts at the oldest record');
    const positions = fill(log, 1000);
    assert.ok(existsSync(join(path, segmentFileName(0))), 'segment 0 is kept: the consumer has not read it');
    assert.equal(stat(path).firstPosition, 64);
    const listed = stat(path).consumers;
    assert.deepEqual(listed, [{ name: 'shipper', position: 64, lag: stat(path).cursor - 64 }]);
    // It reads half, and commits where it resumes.
    let resumeAt = 0;
    for (const record of read(path, { from: shipper.position })) {
      if (record.pos >= (positions[500] as number)) {
        resumeAt = record.pos;
        break;
      }
    }
    shipper.commit(resumeAt);
    log.applyRetention();
    const first = stat(path).firstPosition;
    assert.equal(first, Math.floor(resumeAt / SEGMENT) * SEGMENT, 'retention stops at the consumer');
    assert.equal([...read(path, { from: shipper.position })][0]?.pos, resumeAt, 'resumes exactly');
    // Reopened by name, it finds its position.
    shipper.close();
    const again = consumer(path, 'shipper');
    assert.equal(again.position, resumeAt);
    assert.throws(() => again.commit(0), PositionGoneError);
    assert.throws(() => again.commit(stat(path).cursor + 8), RangeError);
    again.remove();
    log.applyRetention();
    assert.ok(sealedCount(path) <= 1, 'with the consumer removed, retention applies');
    assert.deepEqual(stat(path).consumers, []);
    assert.throws(() => consumer(path, '../escape'), TypeError);
    assert.throws(() => consumer(path, ''), TypeError);
    log.close();
  } finally {
    cleanup();
  }
});

test('a reader keeps reading a segment deleted under it to its end', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: SEGMENT });
    const positions = fill(log, 300);
    const reader = read(path)[Symbol.iterator]();
    const first = reader.next();
    assert.equal(first.value?.pos, positions[0]);
    // Delete segment 0 (which the reader has mapped), keep segment 1 on.
    assert.equal(log.truncateBefore(SEGMENT), SEGMENT);
    assert.ok(!existsSync(join(path, segmentFileName(0))));
    let count = 1;
    for (let next = reader.next(); !next.done; next = reader.next()) {
      assert.equal(next.value.pos, positions[count], `record ${count}`);
      count++;
    }
    assert.equal(count, positions.length, 'every record, the deleted segment to its end included');
    log.close();
  } finally {
    cleanup();
  }
});

test('a reader that retention overtakes: ERR_MMLOG_POSITION_GONE at the first deleted segment it comes to, or on at the oldest with ifGone', () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const ifGone of ['throw', 'oldest'] as const) {
      const path = join(dir, ifGone);
      const log = open(path, { format: 'framed', segmentSize: SEGMENT, retention: { maxSegments: 1 } });
      const positions = fill(log, 30);
      const reader = read(path, { ifGone })[Symbol.iterator]();
      assert.equal(reader.next().value?.pos, positions[0], 'it reads the first record');
      // Many rolls: retention deletes every segment but the last sealed one, the one the reader has open too.
      positions.push(...fill(log, 1000, positions.length));
      const first = stat(path).firstPosition;
      assert.ok(first > 2 * SEGMENT);
      const seen: number[] = [];
      const drain = () => {
        for (let next = reader.next(); !next.done; next = reader.next()) seen.push(next.value.pos);
      };
      if (ifGone === 'throw') {
        assert.throws(drain, (e: unknown) => e instanceof PositionGoneError && e.firstPosition === first);
        assert.ok(seen.length > 0 && seen.every((p) => p < SEGMENT), 'the segment it had open, read to its end');
      } else {
        drain();
        const kept = positions.filter((p) => p >= first);
        assert.deepEqual(seen.slice(-kept.length), kept, 'then every record kept, from the oldest');
        assert.ok(seen.slice(0, -kept.length).every((p) => p < SEGMENT));
      }
      log.close();
    }
  } finally {
    cleanup();
  }
});

test('a consumer position file that is a FIFO or a link to a device: ERR_MMLOG_NOT_A_FILE, no hang, no unbounded read', {
  timeout: 30_000,
}, () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: SEGMENT, retention: { maxSegments: 1 } });
    fill(log, 10);
    consumer(path, 'fine').commit(64);
    const file = join(path, 'consumers', `odd${CONSUMER_SUFFIX}`);
    for (const make of [() => execFileSync('mkfifo', [file]), () => symlinkSync('/dev/zero', file)]) {
      make();
      try {
        assert.throws(() => stat(path), { code: 'ERR_MMLOG_NOT_A_FILE' });
        assert.throws(() => consumer(path, 'odd'), { code: 'ERR_MMLOG_NOT_A_FILE' });
        // Retention, best effort at a roll, gives up on it without harm: appends go on.
        fill(log, 10);
      } finally {
        rmSync(file);
      }
    }
    // A damaged position (longer than any position) holds everything back: position 0, not a read without end.
    writeFileSync(file, `${'9'.repeat(100)}\n`);
    assert.deepEqual(
      stat(path).consumers.map((c) => [c.name, c.position]),
      [
        ['fine', 64],
        ['odd', 0],
      ],
    );
    log.close();
  } finally {
    cleanup();
  }
});

test('a damaged consumer position file: consumer() refuses it (ERR_MMLOG_CORRUPT, the file unchanged) instead of resuming at 0; retention keeps everything; a position written by hand is taken', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: SEGMENT, retention: { maxSegments: 1 } });
    const positions = fill(log, 10);
    const file = join(path, 'consumers', `reader${CONSUMER_SUFFIX}`);
    consumer(path, 'reader').close();
    // The last: a position, then more than a position file ever holds (only its start would be read).
    for (const damaged of ['', '\n', 'garbage\n', '12x\n', '-5\n', '1.5\n', '\u0000\u0000', `1${' '.repeat(64)}99\n`]) {
      writeFileSync(file, damaged);
      assert.throws(() => consumer(path, 'reader'), { code: 'ERR_MMLOG_CORRUPT', message: /consumer 'reader'/ });
      assert.equal(readFileSync(file, 'latin1'), damaged, JSON.stringify(damaged));
      assert.deepEqual(
        stat(path).consumers.map((c) => [c.name, c.position]),
        [['reader', 0]],
      );
    }
    // Retention, meanwhile, keeps every segment from 0 on.
    fill(log, 2000);
    assert.equal([...read(path)][0]?.pos, positions[0]);
    for (const byHand of [`${positions[3]}`, ` ${positions[3]}\n`]) {
      writeFileSync(file, byHand);
      const resumed = consumer(path, 'reader');
      assert.equal(resumed.position, positions[3]);
      resumed.close();
    }
    log.close();
  } finally {
    cleanup();
  }
});

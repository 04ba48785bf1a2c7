/**
 * Segment recycling (`retention: { recycle }`): retired segment files are
 * renamed and zeroed into new segments instead of newly allocated; stale
 * records of a reused file never reach a reader; a file a reader still holds
 * is never reused; many processes rolling and retiring at once.
 */
import assert from 'node:assert/strict';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CorruptionError, ErrorCode, follow, MmlogError, open, read, stat, verify } from '../src/index.js';
import { Offset } from '../src/layout/control.js';
import { CONTROL_NAME } from '../src/layout/directory.js';
import { frameSize, HEADER_SIZE, lenWordOf, RecordType } from '../src/layout/frame.js';
import { native } from '../src/native/binding.js';
import { crc32c, frameSeed, logIdRegister } from '../src/native/crc32c.js';
import { checkFrame, FrameState } from '../src/reading/frameCheck.js';
import { listSegmentBases, segmentFileName } from '../src/storage/logPaths.js';
import { holdSegment, listRecyclePool, recycleFileName } from '../src/storage/segmentRecycling.js';
import { tempDir } from './helpers/files.js';
import { placedRecords, planWriters, runWriters } from './helpers/writers.js';

const SEGMENT = 64 * 1024;

/** Appends `count` records of about 1 KiB (`#i` first) and returns their positions and payloads. */
function fill(log: ReturnType<typeof open>, count: number, from = 0): Map<number, string> {
  const records = new Map<number, string>();
  for (let i = from; i < from + count; i++) {
    const text = `#${i} ${'r'.repeat(1000 + (i % 7))}`;
    records.set(log.append(text), text);
  }
  return records;
}

/** Every record `read` returns now equals the one appended at its position; returns how many. */
function readBackExactly(path: string, appended: Map<number, string>): number {
  let count = 0;
  let previous = -1;
  for (const record of read(path)) {
    assert.ok(record.pos > previous, 'positions grow');
    previous = record.pos;
    assert.equal(Buffer.from(record.data).toString(), appended.get(record.pos), `record at ${record.pos}`);
    count++;
  }
  return count;
}

/** Records the calls of native.fallocate while `body` runs. */
/** Counts the allocations made during `body`: `fallocate` calls, and whole segments allocated ahead on a thread. */
function countFallocate<T>(body: () => T): { result: T; calls: { mode: number; offset: number; length: number }[] } {
  const original = native.fallocate;
  const originalAsync = native.allocateAsync;
  const calls: { mode: number; offset: number; length: number }[] = [];
  (native as { fallocate: typeof original }).fallocate = (fd, mode, offset, length, path) => {
    calls.push({ mode, offset, length });
    original(fd, mode, offset, length, path);
  };
  (native as { allocateAsync: typeof originalAsync }).allocateAsync = (fd, length, flag) => {
    calls.push({ mode: 0, offset: 0, length });
    originalAsync(fd, length, flag);
  };
  try {
    return { result: body(), calls };
  } finally {
    (native as { fallocate: typeof original }).fallocate = original;
    (native as { allocateAsync: typeof originalAsync }).allocateAsync = originalAsync;
  }
}

function inodesOf(path: string): Map<number, string> {
  const inodes = new Map<number, string>();
  for (const name of readdirSync(path)) {
    if (name.endsWith('.log') && name !== 'current.log') inodes.set(statSync(join(path, name)).ino, name);
  }
  return inodes;
}

for (const format of ['framed', 'raw'] as const) {
  test(`${format}: a retired segment file becomes a later segment (same inode, zeroed, no new allocation); every record reads back exactly`, () => {
    const { dir, cleanup } = tempDir();
    try {
      for (const recycle of [true, false]) {
        const path = join(dir, `log-${recycle}`);
        const log = open(path, {
          format,
          segmentSize: SEGMENT,
          retention: recycle ? { maxSegments: 2, recycle: 2 } : { maxSegments: 2 },
        });
        const appended = fill(log, 40);
        while (!listSegmentBases(path).includes(SEGMENT))
          for (const [p, t] of fill(log, 1, appended.size)) appended.set(p, t);
        const held = openSync(join(path, segmentFileName(SEGMENT)), 'r'); // no lock: does not keep it from reuse
        const heldIno = fstatSync(held).ino;
        for (const [pos, text] of fill(log, 600, appended.size)) appended.set(pos, text); // ~10 rolls: the pool fills
        const { calls } = countFallocate(() => {
          for (const [pos, text] of fill(log, 2000, appended.size)) appended.set(pos, text);
        });
        const rolls = Math.floor(stat(path).cursor / SEGMENT);
        assert.ok(rolls >= 40, `rolled often (${rolls})`);
        const whole = calls.filter((c) => c.mode === 0 && c.offset === 0 && c.length === SEGMENT).length;
        const zeroed = calls.filter((c) => (c.mode & native.constants.FALLOC_FL_ZERO_RANGE) !== 0).length;
        const info = fstatSync(held);
        closeSync(held);
        if (recycle) {
          assert.equal(whole, 0, 'no segment file was allocated anew');
          assert.ok(zeroed >= 25, `retired files were zeroed for reuse (${zeroed})`);
          assert.equal(info.nlink, 1, "segment 1's file lives on");
          assert.ok(inodesOf(path).has(heldIno), "segment 1's inode is a later segment or in the pool");
          assert.ok(inodesOf(path).size <= 2 + 1 + 1 + 2, 'a bounded set of files');
          assert.ok(stat(path).recyclePool <= 2);
          assert.ok(
            readdirSync(path).every((name) => !name.endsWith('.taken')),
            'nothing left half-taken',
          );
        } else {
          assert.ok(whole >= 25, `each segment allocated anew (${whole})`);
          assert.equal(zeroed, 0);
          assert.equal(info.nlink, 0, 'without recycling, segment 1 was deleted');
        }
        if (format === 'framed') {
          const count = readBackExactly(path, appended);
          assert.ok(count > 50, `the retained records read back (${count})`);
        } else {
          const text = Buffer.concat([...read(path)].map((r) => Buffer.from(r.data))).toString();
          const first = stat(path).firstPosition;
          const expected = [...appended]
            .filter(([pos]) => pos >= first)
            .map(([, t]) => t)
            .join('');
          assert.equal(text, expected, 'raw: exactly the retained bytes');
        }
        assert.deepEqual(stat(path).segments.length <= 3, true, 'pool files are not segments');
        assert.equal(verify(path).ok, true);
        log.close();
        assert.equal(verify(path).ok, true);
      }
    } finally {
      cleanup();
    }
  });
}

test('a recycled file is all zeros before it becomes a segment: what it held is never there to be read', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: SEGMENT, retention: { maxSegments: 1, recycle: 1 } });
    fill(log, 200);
    assert.equal(stat(path).recyclePool, 1);
    const [poolName] = listRecyclePool(path);
    const pooled = readFileSync(join(path, poolName as string));
    const poolIno = statSync(join(path, poolName as string)).ino;
    assert.ok(
      pooled.some((b) => b !== 0),
      'the pool file holds the stale records of its old segment',
    );
    // The next segment is made from the pool file.
    const k = Math.floor(stat(path).cursor / SEGMENT);
    let i = 200;
    while (!listSegmentBases(path).includes((k + 1) * SEGMENT)) log.append(`#${i++} ${'r'.repeat(1000)}`);
    const next = join(path, segmentFileName((k + 1) * SEGMENT));
    assert.equal(statSync(next).ino, poolIno, 'the next segment is the pool file');
    const bytes = readFileSync(next);
    assert.equal(bytes.length, SEGMENT, 'extended to the whole segment');
    // Its records so far, then nothing: where the old segment's records were, zeros.
    const written = Math.max(0, stat(path).cursor - (k + 1) * SEGMENT);
    assert.ok(written < SEGMENT / 4);
    assert.ok(
      pooled.subarray(written, SEGMENT / 2).some((b) => b !== 0),
      'the pool file held stale records past that point',
    );
    assert.ok(
      bytes.subarray(written).every((b) => b === 0),
      'the recycled segment is zero past its own records',
    );
    log.close();
  } finally {
    cleanup();
  }
});

/** A DATA frame for `payload` valid at position `pos` of a log with this id. */
function frameFor(logIdLo: number, logIdHi: number, pos: number, payload: Buffer): Buffer {
  const bytes = Buffer.alloc(frameSize(payload.length));
  const lenWord = lenWordOf(RecordType.DATA, payload.length);
  payload.copy(bytes, HEADER_SIZE);
  const seed = frameSeed(logIdRegister(logIdLo, logIdHi), pos, lenWord);
  bytes.writeUInt32LE(lenWord, 0);
  bytes.writeUInt32LE(crc32c(payload, 0, payload.length, seed), 4);
  return bytes;
}

/** How checkFrame judges `bytes` placed at position `pos` of a log with this id. */
function judge(bytes: Buffer, pos: number, logIdLo: number, logIdHi: number): number {
  const sab = new SharedArrayBuffer(bytes.length);
  const u8 = new Uint8Array(sab);
  u8.set(bytes);
  const source = { sab, u8, i32: new Int32Array(sab), base: pos };
  const limits = { idRegister: logIdRegister(logIdLo, logIdHi) >>> 0, maxRecordSize: 1 << 20, end: pos + bytes.length };
  return checkFrame(source, pos, limits, { type: 0, length: 0, size: 0 });
}

test('a stale frame at the same offset of a recycled segment (another position, or another log) is never data', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: SEGMENT, retention: { maxSegments: 1, recycle: 2 } });
    const appended = fill(log, 300);
    const header = readFileSync(join(path, CONTROL_NAME));
    const logIdLo = header.readUInt32LE(Offset.LOG_ID_LO);
    const logIdHi = header.readUInt32LE(Offset.LOG_ID_HI);
    // A record of the newest segment, and the same file offset in a segment 3 earlier (whose file it may well be).
    const positions = [...appended.keys()];
    const target = positions.filter(
      (p) => Math.floor(p / SEGMENT) === Math.floor((positions.at(-1) as number) / SEGMENT),
    )[2];
    const j = Math.floor(target / SEGMENT);
    const offset = target - j * SEGMENT;
    const stalePos = (j - 3) * SEGMENT + offset;
    const payload = Buffer.from(appended.get(target) as string).fill('S'.charCodeAt(0), 0, 5);
    const stale = frameFor(logIdLo, logIdHi, stalePos, payload);
    // The stale bytes are a perfectly valid frame where they were written...
    assert.equal(judge(stale, stalePos, logIdLo, logIdHi), FrameState.VALID);
    // ...and corrupt anywhere else: the CRC covers the position.
    assert.equal(judge(stale, target, logIdLo, logIdHi), FrameState.CORRUPT);
    // A frame of another log at this very position: corrupt too (the CRC covers the log id).
    const foreign = frameFor(logIdLo ^ 1, logIdHi, target, payload);
    assert.equal(judge(foreign, target, logIdLo ^ 1, logIdHi), FrameState.VALID);
    assert.equal(judge(foreign, target, logIdLo, logIdHi), FrameState.CORRUPT);

    // Placed in the segment file (as if recycling had not zeroed it), over the record there.
    for (const bytes of [stale, foreign]) {
      assert.equal(bytes.length, frameSize(Buffer.byteLength(appended.get(target) as string)));
      const fd = openSync(join(path, segmentFileName(j * SEGMENT)), 'r+');
      writeSync(fd, bytes, 0, bytes.length, offset);
      closeSync(fd);
      assert.throws(
        () => [...read(path, { from: target })],
        (e: unknown) => e instanceof CorruptionError && e.start === target,
        'read() reports corruption, never the stale record',
      );
      const skipped = [...read(path, { from: target, onCorrupt: 'skip' })];
      assert.ok(skipped.length > 0);
      assert.ok(
        skipped.every((r) => Buffer.from(r.data).toString() === appended.get(r.pos)),
        'skipping: every record returned is one appended there; the stale one is not among them',
      );
      const report = verify(path);
      assert.equal(report.ok, false);
      assert.equal(report.corrupt[0]?.start, target);
    }
    log.close();
  } finally {
    cleanup();
  }
});

test('a file a reader still holds is never recycled: the reader reads its retired segment to the end; reused once it lets go', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: SEGMENT, retention: { recycle: 4 } });
    const appended = fill(log, 300);
    const segment0 = statSync(join(path, segmentFileName(0))).ino;
    const reader = read(path)[Symbol.iterator]();
    const first = reader.next();
    assert.equal(first.value?.pos, [...appended.keys()][0]);
    // Segment 0 retired into the pool while the reader has it mapped.
    assert.equal(log.truncateBefore(SEGMENT), SEGMENT);
    assert.deepEqual(listRecyclePool(path), [recycleFileName(0)]);
    // Rolls that would recycle it: it is held, so new files are allocated.
    for (const [pos, text] of fill(log, 300, 300)) appended.set(pos, text);
    assert.deepEqual(listRecyclePool(path), [recycleFileName(0)], 'the held file stays in the pool');
    let count = 1;
    let previous = first.value?.pos as number;
    for (let next = reader.next(); !next.done; next = reader.next()) {
      assert.ok(next.value.pos > previous);
      previous = next.value.pos;
      assert.equal(
        Buffer.from(next.value.data).toString(),
        appended.get(next.value.pos),
        `record at ${next.value.pos}`,
      );
      count++;
    }
    assert.equal(count, appended.size, 'every record, the retired segment to its end included');
    // The reader is done (its files closed): the next segment made takes the file.
    const before = Math.floor(stat(path).cursor / SEGMENT);
    let i = 600;
    while (!listSegmentBases(path).includes((before + 1) * SEGMENT)) log.append(`#${i++} ${'r'.repeat(1000)}`);
    assert.equal(statSync(join(path, segmentFileName((before + 1) * SEGMENT))).ino, segment0);
    assert.deepEqual(listRecyclePool(path), []);
    log.close();
  } finally {
    cleanup();
  }
});

test('a segment retired between a reader opening it and locking it is gone for that reader', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: SEGMENT, retention: { recycle: 2 } });
    fill(log, 100);
    const name = join(path, segmentFileName(0));
    const fd = openSync(name, 'r');
    assert.equal(holdSegment(fd, name), true, 'held while its name leads to it');
    closeSync(fd);
    const late = openSync(name, 'r');
    renameSync(name, join(path, recycleFileName(0))); // retired after the open, before the lock
    assert.equal(holdSegment(late, name), false, 'the name leads nowhere');
    closeSync(late);
    const again = openSync(join(path, recycleFileName(0)), 'r');
    closeSync(openSync(name, 'w')); // the name made again, for another file
    assert.equal(holdSegment(again, name), false, 'the name leads to another file');
    closeSync(again);
    log.close();
  } finally {
    cleanup();
  }
});

for (const format of ['framed', 'raw'] as const) {
  test(`${format}: 4 processes racing through 64 KiB segments with maxSegments 2 and recycling, a follower checking every record`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'log');
      const options = { format, segmentSize: SEGMENT, retention: { maxSegments: 2, recycle: 2 } };
      open(path, options).close();
      const count = format === 'framed' ? 20_000 : 10_000;
      const plans = planWriters(dir, path, ['process', 'process', 'process', 'process'], count, options, 'bytes').map(
        (plan) => ({ ...plan, spec: { ...plan.spec, maxSize: 4 * 1024 } }),
      );
      // A follower in this process, holding the segments it reads while retention and recycling run around it.
      // A follower overtaken by retention waits at the missing segment (as without recycling): each round
      // ends after 100 ms and the next one resumes where it stopped, or at the oldest record kept.
      const seen = new Map<number, Buffer>();
      let writing = true;
      let rounds = 0;
      const following = (async () => {
        let from = 0;
        while (writing) {
          rounds++;
          for await (const record of follow(path, { from, ifGone: 'oldest', signal: AbortSignal.timeout(100) })) {
            seen.set(record.pos, Buffer.from(record.data));
            from = format === 'framed' ? record.pos : record.pos + record.data.length;
          }
        }
      })();
      await runWriters(plans);
      writing = false;
      await following;
      const placed = placedRecords(plans);
      const rolls = Math.floor(stat(path).cursor / SEGMENT);
      assert.ok(rolls >= 200, `many rolls (${rolls})`);
      if (format === 'framed') {
        const byPos = new Map(placed.map((p) => [p.pos, p.bytes]));
        for (const [pos, data] of seen) {
          const expected = byPos.get(pos);
          assert.ok(expected !== undefined, `the follower saw a record at ${pos} that no writer placed there`);
          assert.ok(data.equals(expected), `record at ${pos} byte-exact`);
        }
        const first = stat(path).firstPosition;
        const tail = placed.filter((p) => p.pos >= first);
        let i = 0;
        for (const record of read(path)) {
          assert.equal(record.pos, tail[i]?.pos);
          assert.ok(Buffer.from(record.data).equals(tail[i]?.bytes as Uint8Array), 'retained record read back');
          i++;
        }
        assert.equal(i, tail.length, 'every retained record once');
      } else {
        // Raw: each range the follower saw is exactly the placed bytes covering it.
        const starts = placed.map((p) => p.pos);
        for (const [pos, data] of seen) {
          let lo = 0;
          let hi = starts.length - 1;
          while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if ((starts[mid] as number) <= pos) lo = mid;
            else hi = mid - 1;
          }
          const pieces: Buffer[] = [];
          for (let at = lo, covered = 0; covered < data.length + (pos - (starts[lo] as number)); at++) {
            const p = placed[at];
            assert.ok(p !== undefined, `raw range at ${pos} runs past the records`);
            pieces.push(Buffer.from(p.bytes));
            covered += p.bytes.length;
          }
          const expected = Buffer.concat(pieces).subarray(pos - (starts[lo] as number));
          if (!data.equals(expected.subarray(0, data.length))) {
            const near = placed.slice(Math.max(0, lo - 2), lo + 3).map((p) => `${p.pos}+${p.bytes.length}`);
            assert.fail(
              `raw range at ${pos} (${data.length} bytes) byte-exact: read ${JSON.stringify(data.subarray(0, 48).toString('latin1'))}, ` +
                `placed ${JSON.stringify(expected.subarray(0, 48).toString('latin1'))}; records near: ${near.join(' ')}`,
            );
          }
        }
      }
      assert.ok(seen.size > 0, 'the follower saw records');
      const report = verify(path);
      assert.equal(report.ok, true, JSON.stringify(report));
      assert.ok(stat(path).recyclePool <= 2, 'the pool stays within its size');
      assert.ok(stat(path).segments.length <= 4);
      assert.ok(
        readdirSync(path).every((name) => !name.endsWith('.taken')),
        'nothing left half-taken',
      );
      console.log(
        `# ${format}: ${placed.length} records, ${rolls} rolls, follower saw ${seen.size} in ${rounds} rounds`,
      );
    } finally {
      cleanup();
    }
  });
}

test('recycle is fixed at creation: checked, recorded, and a different value on reopening is refused', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    assert.throws(() => open(path, { segmentSize: SEGMENT, retention: { recycle: 0 } }), RangeError);
    assert.throws(() => open(path, { segmentSize: SEGMENT, retention: { recycle: 1025 } }), RangeError);
    assert.throws(() => open(path, { segmentSize: SEGMENT, retention: { recycle: 1.5 } }), RangeError);
    assert.throws(() => open(join(dir, 'single'), { retention: { recycle: 2 } }), RangeError);
    open(path, { segmentSize: SEGMENT, retention: { recycle: 3 } }).close();
    assert.equal(stat(path).retention.recycle, 3);
    assert.equal(readFileSync(join(path, CONTROL_NAME)).readDoubleLE(Offset.RECYCLE_SEGMENTS), 3);
    assert.throws(
      () => open(path, { retention: { recycle: 2 } }),
      (e: unknown) => e instanceof MmlogError && e.code === ErrorCode.OPTION_MISMATCH,
    );
    open(path, { retention: { recycle: 3 } }).close();
    open(path).close();
  } finally {
    cleanup();
  }
});

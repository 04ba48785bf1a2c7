/**
 * A segment file deleted or cut behind the log's back, below the active
 * segment: `verify` (and `mmlog verify`) must not call such a log healthy.
 * The scan stops where the file's data ends, and no writer's claim explains
 * that: the rest, to the cursor, is reported unreadable. And a damaged
 * `segments.idx` never hides records of the segments only it describes, and
 * a damaged seal never makes recovery pad over a valid record.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { follow, open, read, recover, verify } from '../src/index.js';
import { SegmentEntryOffset, segmentEntryOffset } from '../src/layout/control.js';
import { segmentPath } from '../src/storage/logPaths.js';
import { CURSOR, freeSlot, i64At, i64Bytes, pread, pwrite, stageLiveClaim } from './helpers/controlEdits.js';
import { settled, tempDir } from './helpers/files.js';

const SEGMENT = 64 * 1024;
/** At most what a crossing claim leaves at a segment's head here (records of ~120 bytes). */
const HEAD = 256;
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/** A segmented log of more segments than the ring's 32 entries: the oldest are known from segments.idx only. */
function beyondTheRing(dir: string, format: 'framed' | 'raw'): { path: string; appended: number[] } {
  const path = join(dir, 'log');
  const log = open(path, { format, segmentSize: SEGMENT });
  const appended: number[] = [];
  for (let i = 0; i < 26_000; i++) appended.push(log.append(`record ${i} ${'x'.repeat(80)}\n`));
  log.close();
  return { path, appended };
}

for (const format of ['framed', 'raw'] as const)
  for (const damage of ['deleted', 'cut to 13 bytes', 'cut in half'] as const)
    test(`a middle segment ${damage} behind the log's back (${format}): readers throw there or skip it, verify and recover report it, nothing else is lost`, async () => {
      const { dir, cleanup } = tempDir();
      try {
        const path = join(dir, 'log');
        const log = open(path, { format, segmentSize: SEGMENT });
        const lines: string[] = [];
        for (let i = 0; i < 1500; i++) {
          lines.push(`record ${i} ${'x'.repeat(100)}\n`);
          log.append(lines[i] as string);
        }
        log.close();
        const healthy = verify(path);
        assert.equal(healthy.ok, true);
        assert.deepEqual(healthy.missing, []);
        assert.ok(healthy.cursor > 2 * SEGMENT);
        const before = [...read(path)];

        const file = segmentPath(path, SEGMENT);
        const size = statSync(file).size;
        if (damage === 'deleted') rmSync(file);
        else truncateSync(file, damage === 'cut to 13 bytes' ? 13 : size >> 1);
        const fileEnd = damage === 'deleted' ? SEGMENT : SEGMENT + statSync(file).size;
        const whole = before.filter((r) => r.next <= fileEnd || r.pos >= 2 * SEGMENT);
        const text = (records: { data: Uint8Array }[]) => Buffer.concat(records.map((r) => r.data)).toString();

        // Skipping: every record outside the damaged segment's lost part, each range reported once.
        const skipped: [number, number][] = [];
        const kept = [...read(path, { onCorrupt: 'skip', onSkip: (a, b) => skipped.push([a, b]) })];
        assert.equal(skipped.length, 1);
        const [gone] = skipped as [[number, number]];
        assert.ok(
          gone[0] >= SEGMENT && gone[0] <= Math.max(fileEnd, SEGMENT + HEAD) && gone[1] <= 2 * SEGMENT,
          `${gone}`,
        );

        // read and follow: an error at the hole, not a silent end, naming the same range; reading resumes at its end.
        const thrown = (error: unknown) => {
          assert.equal((error as { code?: string }).code, 'ERR_MMLOG_CORRUPT');
          const { start, end } = error as { start: number; end: number };
          assert.deepEqual([start, end], gone);
          return true;
        };
        assert.throws(() => [...read(path)], thrown);
        await assert.rejects(async () => {
          for await (const _ of follow(path, { signal: AbortSignal.timeout(5000) }));
        }, thrown);
        assert.deepEqual(
          [...read(path, { from: gone[1] })].map((r) => r.pos),
          kept.filter((r) => r.pos >= gone[1]).map((r) => r.pos),
        );
        if (format === 'framed') {
          assert.deepEqual(
            kept.map((r) => r.pos),
            whole.map((r) => r.pos),
          );
        } else {
          // Raw: every byte outside the gap, in order (ranges end wherever the reader stopped).
          const outside = before.flatMap((r) => {
            const cut = (from: number, to: number) =>
              r.data.subarray(Math.max(0, from - r.pos), Math.max(0, to - r.pos));
            return [{ data: cut(r.pos, gone[0]) }, { data: cut(gone[1], r.next) }];
          });
          assert.equal(text(kept), text(outside));
          assert.ok(text(kept).endsWith(lines.at(-1) as string));
        }
        const followed: number[] = [];
        const controller = new AbortController();
        for await (const record of follow(path, { onCorrupt: 'skip', signal: controller.signal })) {
          followed.push(record.pos);
          if (record.next >= healthy.cursor) controller.abort();
        }
        assert.deepEqual(
          followed,
          kept.map((r) => r.pos),
        );

        // verify: not ok, the range reported, the records after it counted.
        const report = verify(path);
        assert.equal(report.ok, false);
        assert.deepEqual(report.missing, [{ start: gone[0], end: gone[1] }]);
        assert.equal(report.end, report.cursor);
        if (format === 'framed') assert.equal(report.records, whole.length);
        const cli = spawnSync(process.execPath, [CLI, 'verify', path], { encoding: 'utf8' });
        assert.equal(cli.status, 1, cli.stdout + cli.stderr);
        assert.match(cli.stdout, /SEGMENT FILES GONE/);
        assert.match(cli.stdout, new RegExp(`segment gone: +${gone[0]}\\.\\.${gone[1]}`));

        // recover: reports it, pads nothing, cuts nothing; appends go on after it.
        const files = () =>
          readdirSync(path)
            .filter((name) => name.endsWith('.log'))
            .map((name) => `${name} ${readFileSync(join(path, name)).toString('hex')}`)
            .join('\n');
        const untouched = settled(files);
        const recovered = recover(path, { repairCorruption: true });
        if (format === 'framed') assert.deepEqual(recovered.missing, [{ start: gone[0], end: gone[1] }]);
        assert.deepEqual(recovered.padded, []);
        assert.equal(recovered.cursorAfter, healthy.cursor);
        assert.equal(files(), untouched);
        const again = open(path);
        const last = again.append('after\n');
        again.close();
        assert.deepEqual(verify(path).missing, [{ start: gone[0], end: gone[1] }]);
        assert.ok(last >= healthy.cursor);
      } finally {
        cleanup();
      }
    });

test('segments.idx filled with garbage (values outside their segments): forgotten segments are read whole, nothing hidden', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: SEGMENT });
    const appended: number[] = [];
    // More segments than the ring's 32 entries: the oldest are known from segments.idx only.
    for (let i = 0; i < 26_000; i++) appended.push(log.append(`record ${i} ${'x'.repeat(80)}`));
    log.close();
    const index = join(path, 'segments.idx');
    writeFileSync(index, Buffer.alloc(statSync(index).size, 0xff));
    assert.deepEqual(
      [...read(path)].map((r) => r.pos),
      appended,
    );
    const report = verify(path);
    assert.equal(report.ok, true);
    assert.equal(report.records, appended.length);
  } finally {
    cleanup();
  }
});

for (const format of ['framed', 'raw'] as const)
  for (const damage of ['a later record', 'inside a record'] as const)
    test(`segments.idx giving a forgotten segment's first record at ${damage} (${format}): the head filler must prove it, no record is skipped`, () => {
      const { dir, cleanup } = tempDir();
      try {
        const { path, appended } = beyondTheRing(dir, format);
        const before = [...read(path)];
        const text = (records: { data: Uint8Array }[]) => Buffer.concat(records.map((r) => r.data)).toString();
        const k = 3;
        const inSegment = appended.filter((pos) => pos >= k * SEGMENT && pos < (k + 1) * SEGMENT);
        assert.ok((inSegment[0] as number) > k * SEGMENT, "the segment starts with a crossing claim's filler");
        const wrong = damage === 'a later record' ? (inSegment[2] as number) : (inSegment[0] as number) + 8;
        const index = join(path, 'segments.idx');
        const entry = Buffer.alloc(4);
        entry.writeUInt32LE(wrong - k * SEGMENT + 1);
        const fd = openSync(index, 'r+');
        writeSync(fd, entry, 0, 4, 8 * k);
        closeSync(fd);

        const after = [...read(path)];
        if (format === 'framed') {
          assert.deepEqual(
            after.map((r) => r.pos),
            appended,
          );
          const report = verify(path);
          assert.equal(report.ok, true);
          assert.equal(report.records, appended.length);
        } else {
          // Read from the segment's base: its head filler comes back as the blank line it is.
          const blank = /^ *\n/gm;
          assert.equal(text(after).replace(blank, ''), text(before).replace(blank, ''));
          assert.equal(text(after).length - text(before).length, (inSegment[0] as number) - k * SEGMENT);
        }
      } finally {
        cleanup();
      }
    });

for (const damage of ['deleted', 'cut'] as const)
  test(`the active segment ${damage} behind the log's back: refused everywhere (ERR_MMLOG_CORRUPT), nothing appended after a hole`, () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'log');
      // Few slots, small records: the cursor may lie little past the data (what writers may have claimed unallocated).
      const log = open(path, { format: 'raw', segmentSize: SEGMENT, slots: 4, maxRecordSize: 1024 });
      for (let i = 0; i < 1500; i++) log.append(`record ${i} ${'x'.repeat(100)}\n`);
      log.close();
      const active = join(path, 'current.log');
      if (damage === 'deleted') rmSync(join(path, readlinkSync(active)));
      else truncateSync(active, 0);
      const files = () =>
        readdirSync(path)
          .map((name) => `${name} ${existsSync(join(path, name)) ? readFileSync(join(path, name)).length : '-'}`)
          .join('\n');
      const before = settled(files);
      for (const [name, attempt] of [
        ['open', () => open(path).close()],
        ['read', () => [...read(path)]],
        ['verify', () => verify(path)],
        ['recover', () => recover(path)],
      ] as const) {
        assert.throws(attempt, { code: 'ERR_MMLOG_CORRUPT', message: /cursor/ }, name);
        assert.equal(files(), before, `${name}: nothing changed`);
      }
    } finally {
      cleanup();
    }
  });

for (const format of ['framed', 'raw'] as const)
  test(`a ring seal moved back to a record boundary (${format}): no writer cuts the segment there, and with the seal put right every record reads`, () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'log');
      let log = open(path, { format, segmentSize: SEGMENT });
      const appended: number[] = [];
      for (let i = 0; i < 1500; i++) appended.push(log.append(`record ${i} ${'x'.repeat(i % 150)}\n`));
      log.close();
      // The last sealed segment, cut to its seal by the next roll's writer (this one is not yet): its seal
      // moved back to a record's start, as a damaged control file may hold it.
      const k = Math.floor((appended.at(-1) as number) / SEGMENT) - 1;
      const file = segmentPath(path, k * SEGMENT);
      const at = segmentEntryOffset(k) + SegmentEntryOffset.SEAL_END;
      const seal = pread(path, at, 8);
      pwrite(path, at, i64Bytes(appended.find((pos) => pos > k * SEGMENT + 1000) as number));
      const bytes = settled(() => readFileSync(file).toString('hex'));
      log = open(path);
      log.append('one more\n');
      log.close();
      assert.equal(
        settled(() => readFileSync(file).toString('hex')),
        bytes,
        'the segment file is as it was',
      );
      pwrite(path, at, seal);
      const positions = [...read(path)].map((r) => r.pos);
      if (format === 'framed') assert.deepEqual(positions.slice(0, -1), appended);
      assert.equal(verify(path).ok, true);
    } finally {
      cleanup();
    }
  });

for (const format of ['framed', 'raw'] as const)
  for (const damage of ['ring seal moved back', 'ring first record moved on', 'segments.idx seal moved back'] as const)
    test(`${damage} over records (${format}): verify reports the data the limit hides (report.hidden, exit 1)`, () => {
      const { dir, cleanup } = tempDir();
      try {
        const { path, appended } = beyondTheRing(dir, format);
        assert.deepEqual(verify(path).hidden, []);
        const active = Math.floor((appended.at(-1) as number) / SEGMENT);
        const k = damage === 'segments.idx seal moved back' ? 3 : active - 3;
        const inSegment = appended.filter((pos) => pos >= k * SEGMENT && pos < (k + 1) * SEGMENT);
        const moved = inSegment[damage === 'ring first record moved on' ? 5 : 100] as number;
        if (damage === 'segments.idx seal moved back') {
          assert.ok(k < active - 32, 'a segment the ring has forgotten');
          const entry = Buffer.alloc(4);
          entry.writeUInt32LE(moved - k * SEGMENT + 1);
          const fd = openSync(join(path, 'segments.idx'), 'r+');
          writeSync(fd, entry, 0, 4, 8 * k + 4);
          closeSync(fd);
        } else {
          const field =
            damage === 'ring seal moved back' ? SegmentEntryOffset.SEAL_END : SegmentEntryOffset.FIRST_RECORD;
          pwrite(path, segmentEntryOffset(k) + field, i64Bytes(moved));
        }
        const report = verify(path);
        assert.equal(report.ok, false);
        assert.deepEqual(
          report.hidden,
          damage === 'ring first record moved on'
            ? [{ start: k * SEGMENT, end: moved }]
            : [{ start: moved, end: k * SEGMENT + statSync(segmentPath(path, k * SEGMENT)).size }],
        );
        const cli = spawnSync(process.execPath, [CLI, 'verify', path], { encoding: 'utf8' });
        assert.equal(cli.status, 1, cli.stdout + cli.stderr);
        assert.match(cli.stdout, /HIDDEN DATA/);
      } finally {
        cleanup();
      }
    });

test("a ring seal moved inside a segment's records: recover({ repairCorruption }) pads no valid record; with the seal put right, every record reads", () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed', segmentSize: SEGMENT });
    const appended: number[] = [];
    for (let i = 0; i < 1500; i++) appended.push(log.append(`record ${i} ${'x'.repeat(i % 150)}`));
    log.close();
    // Segment 1's seal, moved to just past the start of a record well inside it.
    const at = segmentEntryOffset(1) + SegmentEntryOffset.SEAL_END;
    const seal = pread(path, at, 8);
    const inside = (appended.find((pos) => pos > SEGMENT + 1000) as number) + 8;
    pwrite(path, at, i64Bytes(inside));
    const report = recover(path, { repairCorruption: true });
    assert.ok(report.corrupt.length > 0, 'the record the seal cuts is found corrupt');
    assert.deepEqual(report.padded, [], 'and left as it is: its checksum holds');
    pwrite(path, at, seal);
    assert.deepEqual(
      [...read(path)].map((r) => r.pos),
      appended,
    );
  } finally {
    cleanup();
  }
});

test("verify: a live writer's claim the scan stopped at, committed (its slot idle) before the verdict, is not unreadable", () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed' });
    for (let i = 0; i < 10; i++) log.append(`record ${i}`);
    const cursor = i64At(path, CURSOR);
    // Another writer of this thread in the middle of an append at the end (this thread holds a slot: alive).
    stageLiveClaim(path, 7, { pos: cursor, length: 64 });
    pwrite(path, CURSOR, i64Bytes(cursor + 64));
    // The scan stops at the claim; that writer finishes and gives its slot back before the verdict.
    const report = verify(path, (done) => {
      if (done === cursor) freeSlot(path, 7);
    });
    assert.equal(report.end, cursor);
    assert.equal(report.unreadable, null);
    assert.equal(report.ok, true);
    pwrite(path, CURSOR, i64Bytes(cursor));
    log.close();
  } finally {
    cleanup();
  }
});

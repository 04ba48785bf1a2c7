/**
 * Segmented logs: positions across segments, rolls by size, the files a
 * segmented log leaves (named by base, sealed ones cut to their bytes, raw
 * ones plain text, `current.log`), reopening, and options.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { ErrorCode, MmlogError, open, read, stat, verify } from '../src/index.js';
import { frameSize } from '../src/layout/frame.js';
import { baseOfSegmentName, segmentFileName } from '../src/storage/logPaths.js';
import { tempDir } from './helpers/files.js';

const SEGMENT = 64 * 1024;

/** The segment files of the log directory `dir`, by base position. */
function segmentFiles(dir: string): Map<number, Buffer> {
  const files = new Map<number, Buffer>();
  for (const name of readdirSync(dir)) {
    const base = baseOfSegmentName(name);
    if (base >= 0) files.set(base, readFileSync(join(dir, name)));
  }
  return files;
}

function line(i: number): string {
  return `line ${i} ${'x'.repeat((i * 37) % 300)}\n`;
}

for (const format of ['raw', 'framed'] as const) {
  test(`${format}: records across hundreds of rolls read back once each, at their positions; no record straddles`, () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'log');
      const log = open(path, { format, segmentSize: SEGMENT });
      const positions: number[] = [];
      for (let i = 0; i < 60_000; i++) positions.push(log.append(line(i)));
      log.close();
      const size = (i: number) => (format === 'framed' ? frameSize(Buffer.byteLength(line(i))) : line(i).length);
      for (let i = 0; i < positions.length; i++) {
        const pos = positions[i] as number;
        assert.equal(
          Math.floor(pos / SEGMENT),
          Math.floor((pos + size(i) - 1) / SEGMENT),
          `record ${i} in one segment`,
        );
        if (i > 0) assert.ok(pos > (positions[i - 1] as number), 'positions grow');
      }
      const rolls = Math.floor((positions.at(-1) as number) / SEGMENT);
      assert.ok(rolls > 100, `many rolls (${rolls})`);
      if (format === 'framed') {
        const records = [...read(path)];
        assert.equal(records.length, positions.length, 'every record once');
        records.forEach((r, i) => {
          assert.equal(r.pos, positions[i], `record ${i} at its position`);
          // `next` resumes after it: at the next record's position, or before a roll's filler that leads there.
          if (i + 1 < records.length && r.next !== positions[i + 1]) {
            assert.ok(r.next > (r.pos as number) && r.next < (positions[i + 1] as number), `record ${i}: next`);
            assert.equal(read(path, { from: r.next })[Symbol.iterator]().next().value?.pos, positions[i + 1]);
          }
          assert.equal(Buffer.from(r.data).toString(), line(i), `record ${i} byte-exact`);
        });
      } else {
        const text = [...read(path)].map((r) => Buffer.from(r.data).toString()).join('');
        assert.equal(text, positions.map((_, i) => line(i)).join(''), 'the raw reader returns exactly the lines');
      }
      const report = verify(path);
      assert.equal(report.ok, true);
    } finally {
      cleanup();
    }
  });
}

test('the files: named by base position, sealed segments cut to their records, raw ones plain text lines, current.log → active', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { segmentSize: SEGMENT });
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) {
      lines.push(line(i));
      log.append(line(i));
    }
    const active = Math.floor(stat(path).cursor / SEGMENT) * SEGMENT;
    assert.equal(
      readlinkSync(join(path, 'current.log')),
      segmentFileName(active),
      'current.log names the active segment',
    );
    log.close();
    const files = segmentFiles(path);
    const bases = [...files.keys()].sort((a, b) => a - b);
    assert.deepEqual(
      bases,
      bases.map((_, k) => k * SEGMENT),
      'one file per segment, named by its base position',
    );
    for (const name of readdirSync(path)) {
      if (name.endsWith('.log') && name !== 'current.log') assert.match(name, /^\d{20}\.log$/);
    }
    let rebuilt = '';
    for (const base of bases) {
      const text = (files.get(base) as Buffer).toString();
      assert.ok(text.length <= SEGMENT, 'no file longer than its segment');
      assert.ok(!text.includes('\0'), `segment ${base} holds no NUL byte: it was cut to its records`);
      assert.ok(text.endsWith('\n'), `segment ${base} ends with a whole line`);
      // A segment after a roll by size starts with the filler of the claim that crossed into it: a blank line.
      rebuilt += text.replace(/^ *\n/, '');
    }
    assert.equal(rebuilt, lines.join(''), 'the segment files hold exactly the lines, in order');
    const info = stat(path);
    assert.equal(info.segments.length, bases.length);
    assert.ok(info.segments.slice(0, -1).every((s) => s.sealed));
    assert.equal(info.segments.at(-1)?.sealed, false, 'the last segment is the active one');
    assert.equal(info.firstPosition, 0);
  } finally {
    cleanup();
  }
});

test('property: position ↔ segment — every record lies in segment floor(pos / size), and read({ from }) resumes exactly there', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('raw' as const, 'framed' as const),
      fc.constantFrom(64 * 1024, 128 * 1024, 192 * 1024),
      fc.array(fc.integer({ min: 1, max: 30_000 }), { minLength: 1, maxLength: 60 }),
      fc.nat(),
      (format, segmentSize, sizes, pick) => {
        const { dir, cleanup } = tempDir();
        try {
          const path = join(dir, 'log');
          const log = open(path, { format, segmentSize });
          const positions = sizes.map((n, i) => log.append(Buffer.alloc(n, 97 + (i % 26))));
          log.close();
          sizes.forEach((n, i) => {
            const pos = positions[i] as number;
            const end = pos + (format === 'framed' ? frameSize(n) : n);
            const k = Math.floor(pos / segmentSize);
            assert.ok(end <= (k + 1) * segmentSize, `record ${i} [${pos}, ${end}) fits segment ${k}`);
            const file = readFileSync(join(path, segmentFileName(k * segmentSize)));
            const at = pos - k * segmentSize + (format === 'framed' ? 8 : 0);
            assert.ok(file.subarray(at, at + n).equals(Buffer.alloc(n, 97 + (i % 26))), `record ${i} in its file`);
          });
          if (format === 'framed') {
            const i = pick % sizes.length;
            const first = read(path, { from: positions[i] })[Symbol.iterator]().next();
            assert.equal(first.done, false);
            assert.equal(first.value?.pos, positions[i], 'read({ from }) starts at that record');
            assert.equal(first.value?.data.length, sizes[i]);
          }
        } finally {
          cleanup();
        }
      },
    ),
    { numRuns: 60 },
  );
});

test('file names: base position ↔ name, zero-padded so names sort as positions do', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { minLength: 2 }), (bases) => {
      for (const base of bases) assert.equal(baseOfSegmentName(segmentFileName(base)), base);
      const byName = [...bases].sort((a, b) => (segmentFileName(a) < segmentFileName(b) ? -1 : 1));
      assert.deepEqual(
        byName,
        [...bases].sort((a, b) => a - b),
      );
    }),
  );
  assert.equal(baseOfSegmentName('current.log'), -1);
  assert.equal(baseOfSegmentName('mmlog.ctl'), -1);
});

test('reopening: an existing segmented log keeps its settings; asking for others, or for segments of a single-file log, is refused', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const first = open(path, {
      format: 'framed',
      segmentSize: SEGMENT,
      rollEvery: 'hour',
      retention: { maxSegments: 3 },
    });
    first.append('a');
    first.close();
    const again = open(path);
    assert.equal(again.format, 'framed');
    again.append('b');
    again.close();
    const info = stat(path);
    assert.equal(info.segmentSize, SEGMENT);
    assert.equal(info.rollEvery, 3_600_000);
    assert.deepEqual(info.retention, { maxSegments: 3, maxBytes: 0, maxAgeMs: 0, recycle: 0 });
    assert.deepEqual(
      [...read(path)].map((r) => Buffer.from(r.data).toString()),
      ['a', 'b'],
    );
    const mismatch = (options: object) =>
      assert.throws(
        () => open(path, options),
        (e: unknown) => e instanceof MmlogError && e.code === ErrorCode.OPTION_MISMATCH,
      );
    mismatch({ segmentSize: 2 * SEGMENT });
    mismatch({ rollEvery: 'day' });
    mismatch({ retention: { maxSegments: 4 } });
    const single = join(dir, 'single');
    open(single).close();
    assert.throws(
      () => open(single, { segmentSize: SEGMENT }),
      (e: unknown) => e instanceof MmlogError && e.code === ErrorCode.OPTION_MISMATCH,
    );
    assert.ok(!existsSync(join(dir, 'none')));
  } finally {
    cleanup();
  }
});

test('segment options are validated before anything is created', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const bad: [object, typeof RangeError | typeof TypeError][] = [
      [{ segmentSize: 1000 }, RangeError],
      [{ segmentSize: 64 * 1024 + 4096 }, RangeError],
      [{ segmentSize: 2 ** 31 }, RangeError],
      [{ segmentSize: '64k' }, TypeError],
      [{ segmentSize: SEGMENT, maxRecordSize: 40_000 }, RangeError],
      [{ segmentSize: SEGMENT, chunkSize: 128 * 1024 }, RangeError],
      [{ rollEvery: 'hour' }, RangeError],
      [{ retention: { maxSegments: 2 } }, RangeError],
      [{ segmentSize: SEGMENT, rollEvery: 'week' }, RangeError],
      [{ segmentSize: SEGMENT, rollEvery: 0 }, RangeError],
      [{ segmentSize: SEGMENT, retention: { maxSegment: 2 } }, TypeError],
      [{ segmentSize: SEGMENT, retention: { maxBytes: -1 } }, RangeError],
      [{ segmentSize: SEGMENT, retention: 5 }, TypeError],
    ];
    for (const [options, type] of bad) {
      assert.throws(() => open(path, options as never), type, JSON.stringify(options));
      assert.ok(!existsSync(path), `nothing created for ${JSON.stringify(options)}`);
    }
  } finally {
    cleanup();
  }
});

test('a directory holding no log is refused without segmentSize, and a plain file cannot become a segmented log', () => {
  const { dir, cleanup } = tempDir();
  try {
    assert.throws(
      () => open(dir),
      (e: unknown) => e instanceof MmlogError && e.code === ErrorCode.NOT_A_FILE,
    );
    assert.deepEqual(readdirSync(dir), [], 'nothing created in it');
    const segmentSize = statSync(dir).isDirectory() ? SEGMENT : 0;
    const log = open(dir, { segmentSize });
    log.append('now it is one\n');
    log.close();
    assert.deepEqual([...read(dir)].length, 1);
  } finally {
    cleanup();
  }
});

test('the next segment is allocated ahead, past the middle of the active one, and removed by the last writer to close', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { segmentSize: SEGMENT });
    while (stat(path).cursor < 1.5 * SEGMENT) log.append(line(7));
    const ahead = join(path, segmentFileName(2 * SEGMENT));
    assert.ok(existsSync(ahead), 'segment 2 exists before any claim reaches it');
    // Allocated on a thread of its own: it is whole moments later.
    const deadline = Date.now() + 5000;
    while (statSync(ahead).size < SEGMENT && Date.now() < deadline)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    assert.equal(statSync(ahead).size, SEGMENT, 'allocated whole');
    assert.equal(stat(path).segments.length, 2, 'stat does not list it');
    log.close();
    assert.ok(!existsSync(ahead), 'a closed log keeps no preallocated file');
    assert.ok(!readFileSync(join(path, segmentFileName(SEGMENT))).includes(0), 'the active segment was cut too');
  } finally {
    cleanup();
  }
});

/**
 * `segmentFill: 'zeros'`: the next segment is written with zeros ahead of
 * need, so that its blocks are written extents (no extent metadata for a
 * later sync to commit), and published whole. Extent flags are read with
 * `filefrag -v` (FIEMAP); a filesystem that does not report them skips
 * those checks with a printed reason.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { ErrorCode, open, read, stat } from '../src/index.js';
import { Offset } from '../src/layout/control.js';
import { segmentPath } from '../src/storage/logPaths.js';
import { pwrite } from './helpers/controlEdits.js';
import { tempDir } from './helpers/files.js';

const SEGMENT = 1024 * 1024;

/** The flags of every extent of a file (`unwritten`, `last`, …), or why they cannot be read. */
function extentFlags(path: string): string[] | string {
  let out: string;
  try {
    out = execFileSync('filefrag', ['-v', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return `filefrag cannot map this file's extents here: ${String((error as Error).message).split('\n')[0]}`;
  }
  const rows = out.split('\n').filter((line) => /^\s*\d+:/.test(line));
  if (rows.length === 0) return 'filefrag reported no extents (the filesystem does not map them)';
  return rows.map((line) => line.trim().split(/\s+/).at(-1) ?? '');
}

async function nextSegmentReady(path: string, base: number): Promise<void> {
  const started = performance.now();
  while (!existsSync(segmentPath(path, base))) {
    assert.ok(performance.now() - started < 20_000, 'the next segment never appeared');
    await delay(10);
  }
}

for (const fill of ['zeros', 'allocate'] as const) {
  test(`segmentFill '${fill}': the next segment ${fill === 'zeros' ? 'is written with zeros (no unwritten extent) and published whole' : 'is fallocated (unwritten extents)'}; records roll into it`, async (t) => {
    const { dir, cleanup } = tempDir();
    const path = `${dir}/log`;
    const log = open(path, { format: 'framed', segmentSize: SEGMENT, chunkSize: 64 * 1024, segmentFill: fill });
    try {
      assert.equal(stat(path).segmentFill, fill);
      const record = Buffer.alloc(1000, 0x41);
      // Past the middle of segment 0: the next one is prepared.
      while (stat(path).cursor < SEGMENT * 0.6) log.append(record);
      await nextSegmentReady(path, SEGMENT);
      const next = segmentPath(path, SEGMENT);
      assert.ok(
        readFileSync(next).every((b) => b === 0),
        'the next segment holds only zeros',
      );
      assert.equal(
        readdirSync(path).filter((name) => name.endsWith('.tmp')).length,
        0,
        'no temporary file is left once it is published',
      );
      const flags = extentFlags(next);
      if (typeof flags === 'string') {
        console.log(`# skipped the extent check: ${flags}`);
        t.diagnostic(flags);
      } else {
        t.diagnostic(`extent flags of the next segment: ${flags.join(' | ')}`);
        const unwritten = flags.some((f) => f.split(',').includes('unwritten'));
        assert.equal(unwritten, fill === 'allocate', `unwritten extents in a '${fill}' segment: ${flags.join(' | ')}`);
      }
      // Records roll into it and read back.
      let count = 0;
      while (stat(path).cursor < SEGMENT * 1.5) {
        log.append(record);
        count++;
      }
      await log.sync();
      assert.ok(log.durable >= stat(path).cursor - 1008);
      assert.ok([...read(path)].length >= count);
    } finally {
      log.close();
      cleanup();
    }
  });
}

test('segmentFill: checked like the other segment settings (values, single files, recycling, a mismatch, a damaged header)', () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const bad of ['zero', 1, true]) {
      assert.throws(
        () => open(`${dir}/bad`, { segmentSize: SEGMENT, segmentFill: bad as never }),
        (e: Error) => e instanceof TypeError || e instanceof RangeError,
      );
    }
    assert.throws(() => open(`${dir}/single`, { segmentFill: 'zeros' }), RangeError);
    assert.throws(
      () => open(`${dir}/recycled`, { segmentSize: SEGMENT, segmentFill: 'zeros', retention: { recycle: 2 } }),
      RangeError,
    );
    const path = `${dir}/log`;
    open(path, { segmentSize: SEGMENT, segmentFill: 'zeros' }).close();
    assert.throws(() => open(path, { segmentFill: 'allocate' }), { code: ErrorCode.OPTION_MISMATCH });
    open(path, { segmentFill: 'zeros' }).close();
    const word = Buffer.alloc(4);
    word.writeUInt32LE(2);
    pwrite(path, Offset.SEGMENT_FILL, word);
    assert.throws(() => open(path), { code: ErrorCode.CORRUPT, message: /segment fill/ });
    assert.throws(() => stat(path), { code: ErrorCode.CORRUPT });
  } finally {
    cleanup();
  }
});

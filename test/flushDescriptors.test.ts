/**
 * A segmented log's flusher opens each segment file once, not once per
 * flush, and never keeps a descriptor it no longer needs: that of an older
 * segment once a newer one is flushed, that of a segment retention retired,
 * and every one once it is closed.
 */
import assert from 'node:assert/strict';
import { readdirSync, readlinkSync } from 'node:fs';
import { test } from 'node:test';
import { SegmentRing } from '../src/control/segmentRing.js';
import { open, stat } from '../src/index.js';
import { openControl } from '../src/storage/creation.js';
import { DataFlush } from '../src/storage/dataFlush.js';
import { controlPathOf, segmentPath } from '../src/storage/logPaths.js';
import { until } from './helpers/controlEdits.js';
import { tempDir } from './helpers/files.js';

const SEGMENT = 64 * 1024;

/** This process's descriptors open on `path` (a deleted file's link reads "<path> (deleted)"). */
function descriptorsOf(path: string): number[] {
  const fds: number[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${name}`);
      if (target === path || target === `${path} (deleted)`) fds.push(Number(name));
    } catch {
      // Closed between the listing and the readlink (readdir's own descriptor).
    }
  }
  return fds;
}

/** The files of the log at `path` this process has open, one entry per descriptor, sorted. */
function openLogFiles(path: string): string[] {
  const targets: string[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${name}`);
      if (target.startsWith(`${path}/`)) targets.push(target);
    } catch {
      // Closed between the listing and the readlink (readdir's own descriptor).
    }
  }
  return targets.sort();
}

function withFlusher(body: (path: string, flush: DataFlush, ring: SegmentRing, append: () => void) => Promise<void>) {
  return async () => {
    const { dir, cleanup } = tempDir();
    const path = `${dir}/log`;
    const log = open(path, { format: 'framed', segmentSize: SEGMENT });
    const { control, fd } = openControl(controlPathOf(path), true);
    const flush = new DataFlush(path, control, undefined);
    const record = new Uint8Array(1000).fill(0x44);
    try {
      await body(path, flush, new SegmentRing(control), () => log.append(record));
    } finally {
      flush.close();
      control.close(fd);
      log.close();
      cleanup();
    }
  };
}

/**
 * Flushes segment 0 (its descriptor is kept), has retention retire it, then
 * flushes from 0 to `to()`: the kept descriptor must be gone.
 */
/** The writer, two segments on, lets go of segment 0 once its cut (on a thread of its own) is done. */
function writerClosedSegmentZero(path: string): Promise<void> {
  return until(() => descriptorsOf(segmentPath(path, 0)).length === 0, 5_000, 'the writer to close segment 0');
}

async function retireKeptSegmentZero(
  path: string,
  flush: DataFlush,
  ring: SegmentRing,
  append: () => void,
  to: () => number,
): Promise<void> {
  while (stat(path).cursor < 2 * SEGMENT + 1000) append();
  const zero = segmentPath(path, 0);
  // Until then the writer's descriptor's number could be reused by the flusher's and the two not told apart.
  await writerClosedSegmentZero(path);
  await flush.flush(0, SEGMENT - 1);
  const kept = descriptorsOf(zero);
  assert.equal(kept.length, 1, 'segment 0 is kept open after its flush');
  // Retention retires segment 0 (and would delete its file).
  ring.raiseFirstSegment(1);
  await flush.flush(0, to());
  assert.deepEqual(
    descriptorsOf(zero).filter((fd) => kept.includes(fd)),
    [],
    'the retired segment 0 is no longer held',
  );
}

test(
  'flushes of one segment reuse one descriptor of its file, which a flush of the next segment replaces',
  withFlusher(async (path, flush, ring, append) => {
    append();
    const first = segmentPath(path, 0);
    // The log's writer maps the segment: those descriptors are not the flusher's.
    const writers = descriptorsOf(first);
    let from = 0;
    const kept = new Set<number>();
    for (let i = 0; i < 5; i++) {
      append();
      const to = stat(path).cursor;
      if (i % 2 === 0) await flush.flush(from, to);
      else flush.flushSync(from, to);
      from = to;
      const own = descriptorsOf(first).filter((fd) => !writers.includes(fd));
      assert.equal(own.length, 1, `after flush ${i + 1}: the flusher holds ${own.length} descriptors of segment 0`);
      kept.add(own[0] as number);
    }
    assert.equal(kept.size, 1, `the flushes used descriptors ${[...kept].join(', ')}: one open per flush`);
    while (ring.segmentOf(stat(path).cursor) < 1) append();
    append();
    await flush.flush(from, stat(path).cursor);
    const left = descriptorsOf(first).filter((fd) => !writers.includes(fd) && kept.has(fd));
    assert.deepEqual(left, [], 'the descriptor of segment 0 is closed once segment 1 is flushed');
    const second = segmentPath(path, ring.baseOf(1));
    assert.ok(descriptorsOf(second).length >= 1, 'segment 1 is kept open');
  }),
);

test(
  'a retired segment is not synced through the descriptor kept for it, and close() leaves no descriptor behind',
  withFlusher(async (path, flush, ring, append) => {
    while (stat(path).cursor < 2 * SEGMENT + 1000) append();
    // The writer's own descriptor of segment 0 is not part of the snapshot.
    await writerClosedSegmentZero(path);
    const logFilesBefore = openLogFiles(path);
    // A flush across the retired segment 0 skips it.
    await retireKeptSegmentZero(path, flush, ring, append, () => stat(path).cursor);
    flush.close();
    assert.deepEqual(openLogFiles(path), logFilesBefore, 'close() closed every descriptor the flusher kept');
  }),
);

test(
  'the newest kept descriptor is closed too once retention retired its segment',
  withFlusher(async (path, flush, ring, append) => {
    // A flush that reaches no live segment: nothing newer is kept, and the retired one goes.
    await retireKeptSegmentZero(path, flush, ring, append, () => SEGMENT - 1);
  }),
);

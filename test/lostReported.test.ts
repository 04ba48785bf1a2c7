/**
 * Records a log has lost (a gap no writer's claim accounts for, or the LOST
 * frame a reader or recovery wrote over it) are never passed in silence:
 * every reader calls `onLost` with the range, whether it finds the gap or
 * the frame, read-write or read-only, `read`, `follow` and the read stream;
 * `mmlog cat` and `mmlog tail` print it on stderr; the shipper emits 'lost'
 * (a process warning without a listener) and ships everything else.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createReadStream, follow, type LogRecord, read } from '../src/index.js';
import { type LostRange, Shipper } from '../src/integrations/shipper.js';
import type { Sink, SinkRecord } from '../src/integrations/sink.js';
import { tempDir } from './helpers/files.js';
import { lostPagesLog } from './helpers/lostPages.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const text = (records: LogRecord[]) => records.map((r) => Buffer.from(r.data).toString());

function collectLost(): { ranges: LostRange[]; onLost: (start: number, end: number) => void } {
  const ranges: LostRange[] = [];
  return { ranges, onLost: (start, end) => ranges.push({ start, end }) };
}

test('every reader tells onLost of lost records: the gap, then the LOST frame over it, read-only, follow, the read stream', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const { lost, surviving } = lostPagesLog(path);
    // The first reader finds the gap (and marks it LOST); the next ones find the frame.
    for (const options of [{}, {}, { readOnly: true }]) {
      const seen = collectLost();
      assert.deepEqual(text([...read(path, { ...options, onLost: seen.onLost })]), surviving);
      assert.deepEqual(seen.ranges, [lost], JSON.stringify(options));
    }
    // A read-only reader finds a gap and steps over it without marking it: it tells of it too.
    const other = join(dir, 'other');
    const otherLog = lostPagesLog(other);
    const readOnly = collectLost();
    assert.deepEqual(text([...read(other, { readOnly: true, onLost: readOnly.onLost })]), otherLog.surviving);
    assert.deepEqual(readOnly.ranges, [otherLog.lost]);
    // Without onLost, reading is as before.
    assert.deepEqual(text([...read(path)]), surviving);

    const followed = collectLost();
    const controller = new AbortController();
    const got: LogRecord[] = [];
    for await (const record of follow(path, { onLost: followed.onLost, signal: controller.signal })) {
      got.push(record);
      if (got.length === surviving.length) controller.abort();
    }
    assert.deepEqual(text(got), surviving);
    assert.deepEqual(followed.ranges, [lost]);

    const streamed = collectLost();
    const fromStream: LogRecord[] = [];
    for await (const record of createReadStream(path, { onLost: streamed.onLost })) fromStream.push(record);
    assert.deepEqual(text(fromStream), surviving);
    assert.deepEqual(streamed.ranges, [lost]);

    // A callback that throws ends the read there.
    assert.throws(
      () => [
        ...read(path, {
          onLost: () => {
            throw new Error('stop here');
          },
        }),
      ],
      /stop here/,
    );
    assert.throws(() => read(path, { onLost: 'yes' as never }), TypeError);
  } finally {
    cleanup();
  }
});

test('mmlog cat and mmlog tail print lost records on stderr, and only those among or after what tail shows', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const { lost, surviving } = lostPagesLog(path);
    const line = `records lost at ${lost.start}..${lost.end}`;
    const cat = spawnSync(process.execPath, [CLI, 'cat', path], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(cat.status, 0, cat.stderr);
    assert.equal(cat.stdout, surviving.join(''));
    assert.equal(cat.stderr, `mmlog cat: ${line} (no writer's claim accounts for them; see mmlog verify)\n`);

    const all = spawnSync(process.execPath, [CLI, 'tail', '-n', '1000', path], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(all.status, 0, all.stderr);
    assert.match(all.stderr, new RegExp(`^mmlog tail: ${line} `));
    const last = spawnSync(process.execPath, [CLI, 'tail', '-n', '1', path], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(last.status, 0, last.stderr);
    assert.equal(last.stdout, surviving.at(-1));
    assert.equal(last.stderr, '', 'the loss lies before the record shown');
  } finally {
    cleanup();
  }
});

/** A sink that keeps what it is sent, acknowledging each record on the next turn. */
class MemorySink implements Sink {
  readonly stored: SinkRecord[] = [];
  readonly maxRecordSize = 1024 * 1024;
  readonly description = 'memory';
  async connect(): Promise<void> {}
  async lastStored(): Promise<undefined> {
    return undefined;
  }
  send(record: SinkRecord, done: (error?: Error) => void): void {
    this.stored.push(record);
    setImmediate(done);
  }
  async close(): Promise<void> {}
}

test('the shipper ships every surviving record and emits lost for the rest (a process warning without a listener)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const { lost, surviving } = lostPagesLog(path, 64 * 1024);

    const sink = new MemorySink();
    const shipper = new Shipper(path, sink, { once: true });
    const events: LostRange[] = [];
    shipper.on('lost', (range: LostRange) => events.push(range));
    await shipper.start();
    assert.deepEqual(
      sink.stored.map((r) => Buffer.from(r.data).toString()),
      surviving,
    );
    assert.deepEqual(events, [lost]);
    assert.equal(shipper.stats().lost, 1);

    // Again from the start, without a listener: a warning names the range.
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const again = new Shipper(path, new MemorySink(), { once: true, name: 'second' });
      await again.start();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    const warning = warnings.find((w) => (w as Error & { code?: string }).code === 'MMLOG_LOST');
    assert.ok(warning !== undefined, 'a process warning tells of the loss');
    assert.match(warning.message, new RegExp(`records lost at ${lost.start}\\.\\.${lost.end}`));
  } finally {
    cleanup();
  }
});

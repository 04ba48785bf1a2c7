/**
 * Records a log has lost (a gap no writer's claim accounts for, or the LOST
 * frame a reader or recovery wrote over it) are never passed in silence:
 * every reader calls `onLost` with the range, whether it finds the gap or
 * the frame, read-write or read-only, `read`, `follow` and the read stream;
 * `mmlog cat` and `mmlog tail` print it on stderr; the shipper emits 'lost'
 * (a process warning without a listener) and ships everything else.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createReadStream, follow, type LogRecord, open, read } from '../src/index.js';
import { type LostRange, Shipper } from '../src/integrations/shipper.js';
import type { Sink, SinkRecord, StoredRecord } from '../src/integrations/sink.js';
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

/** `mmlog tail ARGS` for `ms`, then SIGTERM: its stdout and stderr, written to one file as a terminal would show them. */
async function tailFor(args: string[], ms: number, dir: string): Promise<string> {
  const out = join(dir, 'tail.out');
  const fd = openSync(out, 'w');
  try {
    const child = spawn(process.execPath, [CLI, 'tail', ...args], { stdio: ['ignore', fd, fd] });
    await new Promise((resolve) => setTimeout(resolve, ms));
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  } finally {
    closeSync(fd);
  }
  return readFileSync(out, 'utf8');
}

test('mmlog tail -f prints each loss once, where it lies among the records', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const { lost, surviving, payloads } = lostPagesLog(path);
    const line = `mmlog tail: records lost at ${lost.start}..${lost.end} (no writer's claim accounts for them; see mmlog verify)\n`;
    // Among the records shown: between the last record before it and the first after it.
    const firstLost = surviving.findIndex((p, i) => payloads[i] !== p);
    const [before, after] = [surviving[firstLost - 1], surviving[firstLost]];
    const all = await tailFor(['-n', '1000', '-f', path], 2000, dir);
    assert.equal(all.split(line).length, 2, all.slice(-2000));
    assert.ok(all.includes(`${before}${line}${after}`), 'the loss is printed where it lies');
    // Before the records shown: not printed.
    assert.equal(await tailFor(['-n', '1', '-f', path], 1500, dir), surviving.at(-1));

    // After the last record (the follow passes it): printed once.
    const end = join(dir, 'end');
    const log = open(end, { format: 'framed' });
    for (let i = 0; i < 200; i++) log.append(`record ${i}`);
    const start = log.append('first lost');
    // Its frame's end is past the payload: zeroing up to 16 bytes past its start covers its header.
    const stop = log.append('last lost') + 16;
    log.close();
    const file = openSync(end, 'r+');
    writeSync(file, Buffer.alloc(stop - start), 0, stop - start, start);
    closeSync(file);
    for (const n of ['3', '0']) {
      const text = await tailFor(['-n', n, '-f', end], 1500, dir);
      assert.equal(text.split(`records lost at ${start}..`).length, 2, `-n ${n}: ${text}`);
    }
  } finally {
    cleanup();
  }
});

/**
 * A sink that keeps what it is sent, acknowledging each record on the next
 * turn; with `failFrom`, its first connection fails at the first record at or
 * past that position (the shipper then reconnects and resumes after what it holds).
 */
class MemorySink implements Sink {
  readonly stored: SinkRecord[] = [];
  readonly maxRecordSize = 1024 * 1024;
  readonly description = 'memory';
  connections = 0;
  constructor(private readonly failFrom = Number.POSITIVE_INFINITY) {}
  async connect(): Promise<void> {
    this.connections++;
  }
  async lastStored(): Promise<StoredRecord | undefined> {
    const last = this.stored.at(-1);
    return last === undefined ? undefined : { pos: last.pos, size: last.data.length };
  }
  send(record: SinkRecord, done: (error?: Error) => void): void {
    if (this.connections === 1 && record.pos >= this.failFrom) {
      setImmediate(() => done(new Error('connection dropped')));
      return;
    }
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

test('a shipper that reconnects after a loss tells of it once; a lost listener that throws ends the shipper', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const { lost, surviving } = lostPagesLog(path, 64 * 1024);
    // The first connection fails right after the loss: the second round passes it again.
    const sink = new MemorySink(lost.end);
    const shipper = new Shipper(path, sink, { once: true, window: 1, maxBackoffMs: 20 });
    const events: LostRange[] = [];
    shipper.on('lost', (range: LostRange) => events.push(range));
    shipper.on('disconnect', () => {});
    await shipper.start();
    assert.equal(sink.connections, 2, 'one reconnection');
    assert.deepEqual(
      sink.stored.map((r) => Buffer.from(r.data).toString()),
      surviving,
    );
    assert.deepEqual(events, [lost], 'told once');
    assert.equal(shipper.stats().lost, 1);

    // A listener's own error is final: no reconnection, no resend.
    const second = new MemorySink();
    const failing = new Shipper(path, second, { once: true, name: 'failing', maxBackoffMs: 20 });
    let disconnects = 0;
    failing.on('disconnect', () => disconnects++);
    failing.on('lost', () => {
      throw new Error('listener bug');
    });
    await assert.rejects(failing.start(), /listener bug/);
    assert.equal(disconnects, 0);
    assert.equal(second.connections, 1);
  } finally {
    cleanup();
  }
});

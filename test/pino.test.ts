import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import { test } from 'node:test';
import pino from 'pino';
import { open } from '../src/index.js';
import { destination, MmlogDestination } from '../src/integrations/pino.js';
import { childScript, collect } from './helpers/children.js';
import { tempDir } from './helpers/files.js';

interface Line {
  level: number;
  pid: number;
  msg: string;
  child?: number;
  seq?: number;
  [key: string]: unknown;
}

/** Every line of an NDJSON file, parsed; fails on a torn or non-JSON line. */
function readLines(path: string): Line[] {
  const text = readFileSync(path, 'utf8');
  assert.ok(text.length === 0 || text.endsWith('\n'), 'the file ends with a complete line');
  return text
    .split('\n')
    .slice(0, -1)
    .map((line, i) => {
      try {
        return JSON.parse(line) as Line;
      } catch {
        return assert.fail(`line ${i} is not JSON: ${JSON.stringify(line.slice(0, 120))}`);
      }
    });
}

/** Asserts that `lines` hold seq 0..count-1 of every child exactly once, each with its own message. */
function assertEveryLineOnce(lines: readonly Line[], children: number, count: number): void {
  assert.equal(lines.length, children * count, 'line count');
  const seen = new Set<string>();
  for (const line of lines) {
    const key = `${line.child}:${line.seq}`;
    assert.ok(!seen.has(key), `line ${key} appears once`);
    seen.add(key);
    assert.equal(line.msg, `line ${line.seq} from ${line.child} — héllo ✓`);
    assert.equal(line.pad, 'x'.repeat((Number(line.seq) * 37) % 301));
  }
  for (let c = 0; c < children; c++) for (let s = 0; s < count; s++) assert.ok(seen.has(`${c}:${s}`), `${c}:${s}`);
}

function forkLogger(path: string, id: number, count: number, mode: 'together' | 'kill'): ChildProcess {
  return fork(childScript('pinoLogger'), [path, String(id), String(count), mode], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
}

test('pino lines land in the file as valid JSON lines, and are there before end()', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/app.log`;
    const dest = destination(path);
    await once(dest, 'ready');
    // pino(stream) alone: pino must recognise the destination as a stream.
    const logger = pino(dest);
    logger.info('hello');
    logger.warn({ user: { id: 7, name: 'Zoë' }, tags: ['a', 'b'] }, 'with an object');
    logger.child({ requestId: 'r-1' }).error(new Error('boom'), 'failed');
    logger.info('line with "quotes", a newline\nand ✓ unicode');

    // Nothing is buffered: the lines are readable now, ahead of the
    // preallocated zero tail a live raw log has.
    const live = readFileSync(path);
    const end = live.indexOf(0) < 0 ? live.length : live.indexOf(0);
    assert.equal(live.subarray(0, end).toString('utf8').split('\n').length - 1, 4);

    let flushed = false;
    logger.flush(() => (flushed = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(flushed, 'flush calls back');
    dest.flushSync();

    const events: string[] = [];
    dest.on('finish', () => events.push('finish'));
    const closed = once(dest, 'close');
    dest.end();
    await closed;
    assert.deepEqual(events, ['finish']);
    assert.equal(dest.destroyed, true);
    assert.throws(() => dest.write('late\n'), /ended/);

    const lines = readLines(path);
    assert.equal(statSync(path).size, Buffer.byteLength(readFileSync(path, 'utf8')), 'trimmed: no zero tail');
    assert.deepEqual(
      lines.map((l) => [l.level, l.msg]),
      [
        [30, 'hello'],
        [40, 'with an object'],
        [50, 'failed'],
        [30, 'line with "quotes", a newline\nand ✓ unicode'],
      ],
    );
    assert.deepEqual(lines[1].user, { id: 7, name: 'Zoë' });
    assert.equal(lines[2].requestId, 'r-1');
    assert.equal((lines[2].err as { message: string }).message, 'boom');
    assert.ok(lines.every((l) => l.pid === process.pid));
  } finally {
    cleanup();
  }
});

test('reopen() switches to a new file (rotation) and options reach the log', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const dest = destination({ dest: `${dir}/a.log`, format: 'framed' });
    assert.ok(dest instanceof MmlogDestination);
    const logger = pino(dest);
    logger.info('first');
    dest.reopen(`${dir}/b.log`);
    assert.equal(dest.file, `${dir}/b.log`);
    logger.info('second');
    dest.end();
    await once(dest, 'close');
    // Framed: the record's payload is the line, after a 64-byte META record and an 8-byte header.
    const a = readFileSync(`${dir}/a.log`);
    assert.match(a.subarray(72).toString('utf8'), /"msg":"first"\}\n/);
    assert.doesNotMatch(a.toString('latin1'), /second/);
    assert.match(readFileSync(`${dir}/b.log`).toString('latin1'), /"msg":"second"/);

    // A failing reopen reports 'error' and keeps writing where it was.
    const raw = destination(`${dir}/c.log`);
    const errors: unknown[] = [];
    raw.on('error', (e) => errors.push(e));
    raw.reopen(`${dir}/missing/dir/d.log`);
    assert.equal(errors.length, 1);
    raw.write('still here\n');
    raw.end();
    assert.equal(readFileSync(`${dir}/c.log`, 'utf8'), 'still here\n');
  } finally {
    cleanup();
  }
});

test('the package export mmlog/pino resolves to the same destination', async () => {
  const specifier = 'mmlog/pino';
  const exported = (await import(specifier)) as { destination: typeof destination };
  assert.equal(typeof exported.destination, 'function');
  const { dir, cleanup } = tempDir();
  try {
    const dest = exported.destination(`${dir}/x.log`);
    assert.equal(dest.write('ok\n'), true);
    dest.end();
    assert.equal(readFileSync(`${dir}/x.log`, 'utf8'), 'ok\n');
  } finally {
    cleanup();
  }
});

test('cluster-style: four processes log through the destination at once; every line intact, exactly once', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/cluster.log`;
    const children = 4;
    const count = 3000;
    const procs = Array.from({ length: children }, (_, id) => forkLogger(path, id, count, 'together'));
    const results = procs.map((p) => collect(p));
    // Release them together once all have opened the log.
    await Promise.all(procs.map((p) => once(p, 'message')));
    for (const p of procs) p.send('go');
    for (const r of await Promise.all(results)) {
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.messages.at(-1), { logged: count });
    }
    const lines = readLines(path);
    assertEveryLineOnce(lines, children, count);
    assert.equal(new Set(lines.map((l) => l.pid)).size, children, 'lines of every process');
    // The last process to exit closed the log, which trimmed the file to its exact contents.
    assert.equal(readFileSync(path).indexOf(0), -1, 'no zero bytes: trimmed at exit');
  } finally {
    cleanup();
  }
});

test('a process SIGKILLed right after its log calls return loses no line', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/killed.log`;
    const count = 5000;
    const child = forkLogger(path, 0, count, 'kill');
    const result = collect(child);
    const [message] = (await once(child, 'message')) as [unknown];
    assert.deepEqual(message, { logged: count });
    process.kill(child.pid!, 'SIGKILL');
    const { signal, stderr } = await result;
    assert.equal(signal, 'SIGKILL', stderr);

    // The killed writer never trimmed: its lines are followed by the zero
    // bytes of the preallocated chunk, and nothing else.
    const file = readFileSync(path);
    const end = file.indexOf(0);
    assert.ok(end > 0, 'a zero tail follows the lines');
    assert.ok(
      file.subarray(end).every((b) => b === 0),
      'only zeros after the last line',
    );
    assertEveryLineOnce(
      file
        .subarray(0, end)
        .toString('utf8')
        .split('\n')
        .slice(0, -1)
        .map((l) => JSON.parse(l) as Line),
      1,
      count,
    );

    // The next writer to close trims the dead writer's tail: an exact NDJSON file.
    open(path).close();
    assert.equal(statSync(path).size, end);
    assertEveryLineOnce(readLines(path), 1, count);
  } finally {
    cleanup();
  }
});

test('a line the log refuses (over maxRecordSize): refused alone, an error event only for a listener, else one warning; logging goes on', async () => {
  const { dir, cleanup } = tempDir();
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  try {
    const path = `${dir}/app.log`;
    // Nothing listens for 'error': pino itself never does. The process must not end over one line.
    const quiet = destination({ dest: path, maxRecordSize: 1024 });
    const logger = pino(quiet);
    logger.info('before');
    logger.info({ big: 'x'.repeat(2000) }, 'too big');
    logger.info({ big: 'y'.repeat(2000) }, 'too big again');
    logger.info('after');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(quiet.refused, 2);
    const refusedWarnings = warnings.filter((w) => (w as { code?: string }).code === 'MMLOG_LINE_REFUSED');
    assert.equal(refusedWarnings.length, 1, 'one warning for the error code');
    assert.match(refusedWarnings[0].message, /maxRecordSize|larger|exceeds|bytes/);
    // With a listener, it is an 'error' event (as sonic-boom reports a failed write), and no warning.
    const errors: Error[] = [];
    const loud = destination({ dest: path, maxRecordSize: 1024 });
    loud.on('error', (e) => errors.push(e));
    assert.equal(loud.write(`${'z'.repeat(2000)}\n`), false);
    assert.equal(loud.write('{"msg":"loud after"}\n'), true);
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof RangeError);
    quiet.end();
    loud.end();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(warnings.filter((w) => (w as { code?: string }).code === 'MMLOG_LINE_REFUSED').length, 1);
    assert.deepEqual(
      readLines(path).map((line) => line.msg),
      ['before', 'after', 'loud after'],
    );
    // After end(): typed errors.
    assert.throws(() => quiet.write('late\n'), { code: 'ERR_MMLOG_CLOSED' });
    assert.throws(() => quiet.reopen(), { code: 'ERR_MMLOG_CLOSED' });
  } finally {
    process.off('warning', onWarning);
    cleanup();
  }
});

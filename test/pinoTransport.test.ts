/**
 * mmlog/pino beyond the in-thread destination: as a pino transport (in a
 * real child process, by package name through a node_modules link and by
 * absolute file URL), and the destination options taken from
 * pino.destination (mkdir, sync, reopenOn).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { read } from '../src/index.js';
import transport, { destination } from '../src/integrations/pino.js';
import { collect } from './helpers/children.js';
import { tempDir } from './helpers/files.js';

/** The checkout's root (dist/test/ is two levels below it). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PINO = pathToFileURL(`${ROOT}node_modules/pino/pino.js`).href;

/** An application outside the package: pino.transport({ target }) with N lines, then a plain exit. */
const APP = `
import pino from ${JSON.stringify(PINO)};
const [target, dest, count, format] = process.argv.slice(2);
const logger = pino(pino.transport({ target, options: { dest, mkdir: true, sync: false, format } }));
for (let seq = 0; seq < Number(count); seq++) {
  logger.info({ seq, pad: 'x'.repeat((seq * 37) % 301) }, 'line ' + seq + ' — héllo ✓');
}
`;

interface Line {
  seq: number;
  msg: string;
  pad: string;
}

function assertLines(texts: readonly string[], count: number): void {
  assert.equal(texts.length, count, 'line count');
  texts.forEach((text, seq) => {
    const line = JSON.parse(text) as Line;
    assert.equal(line.seq, seq, 'in order, each once');
    assert.equal(line.msg, `line ${seq} — héllo ✓`);
    assert.equal(line.pad, 'x'.repeat((seq * 37) % 301));
  });
}

async function runApp(dir: string, target: string, dest: string, count: number, format: string) {
  const child = spawn(process.execPath, [`${dir}/app.mjs`, target, dest, String(count), format], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    return await collect(child);
  } finally {
    clearTimeout(timer);
  }
}

test('pino.transport({ target: "mmlog/pino" }) by package name and by file URL: exit 0, every line once', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(`${dir}/app.mjs`, APP);
    // The package as an application installs it: node_modules/mmlog, resolved through its "exports".
    mkdirSync(`${dir}/node_modules`);
    symlinkSync(ROOT, `${dir}/node_modules/mmlog`, 'dir');
    const count = 2000;
    const byUrl = pathToFileURL(`${ROOT}dist/src/integrations/pino.js`).href;
    for (const [target, format] of [
      ['mmlog/pino', 'raw'],
      ['mmlog/pino', 'framed'],
      [byUrl, 'raw'],
    ]) {
      // mkdir: the log's directory does not exist yet.
      const dest = `${dir}/logs/${format}-${target.length}/app.log`;
      const { code, stderr } = await runApp(dir, target, dest, count, format);
      assert.equal(code, 0, `${target} (${format}): ${stderr}`);
      assert.equal(stderr, '', 'nothing reported');
      if (format === 'raw') {
        const text = readFileSync(dest, 'utf8');
        assert.ok(text.endsWith('\n') && !text.includes('\0'), 'closed at exit: whole lines, trimmed');
        assertLines(text.split('\n').slice(0, -1), count);
      } else {
        // The worker gets chunks of its buffer, not lines: each record must still be exactly one line.
        const records = [...read(dest)].map((r) => Buffer.from(r.data).toString('utf8'));
        for (const r of records) assert.equal(r.indexOf('\n'), r.length - 1, `one line per record: ${r.slice(0, 80)}`);
        assertLines(
          records.map((r) => r.slice(0, -1)),
          count,
        );
      }
    }
  } finally {
    cleanup();
  }
});

test('the transport entry point appends whole lines only, however its chunks are cut', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/t.log`;
    const dest = transport({ dest: path, format: 'framed', $context: {}, pinoWillSendConfig: true } as never);
    assert.equal(dest.write('{"a":1}\n{"b":'), true);
    assert.equal(dest.write('2}\n{"c":"é'), true);
    assert.equal(dest.write(Buffer.from('✓"}\n{"d":4}\n{"e"')), true);
    const closed = once(dest, 'close');
    dest.end();
    await closed;
    const records = [...read(path)].map((r) => Buffer.from(r.data).toString('utf8'));
    assert.deepEqual(records, ['{"a":1}\n', '{"b":2}\n', '{"c":"é✓"}\n', '{"d":4}\n', '{"e"\n']);
    assert.throws(() => transport(undefined as never), TypeError);
  } finally {
    cleanup();
  }
});

test('destination options: mkdir, sync accepted, pino.destination options that mean nothing refused', () => {
  const { dir, cleanup } = tempDir();
  try {
    assert.throws(() => destination({ dest: `${dir}/a/b/c.log` }), { code: 'ENOENT' });
    const made = destination({ dest: `${dir}/a/b/c.log`, mkdir: true, sync: false });
    made.write('made\n');
    made.reopen(`${dir}/d/e.log`);
    made.write('moved\n');
    made.end();
    assert.equal(readFileSync(`${dir}/a/b/c.log`, 'utf8'), 'made\n');
    assert.equal(readFileSync(`${dir}/d/e.log`, 'utf8'), 'moved\n', 'mkdir applies to reopen too');
    destination({ dest: `${dir}/s.log`, sync: true }).end();

    for (const key of ['minLength', 'fsync', 'append', 'periodicFlush']) {
      assert.throws(() => destination({ dest: `${dir}/x.log`, [key]: 1 } as never), {
        name: 'TypeError',
        message: new RegExp(`'${key}' of pino.destination is not supported`),
      });
    }
    assert.throws(() => destination({ dest: `${dir}/x.log`, bogus: 1 } as never), /unknown option 'bogus'/);
    assert.throws(() => destination({ dest: `${dir}/x.log`, mkdir: 'yes' } as never), TypeError);
    assert.throws(() => destination({ dest: `${dir}/x.log`, sync: 0 } as never), TypeError);
    assert.throws(() => destination({ dest: `${dir}/x.log`, reopenOn: 'SIGUSR2' } as never), RangeError);
    assert.throws(() => destination({ dest: 1 } as never), TypeError);
    assert.equal(existsSync(`${dir}/x.log`), false, 'refused before any file is touched');
  } finally {
    cleanup();
  }
});

test('reopenOn is refused off the main thread, where Node delivers no signal', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const module = pathToFileURL(`${ROOT}dist/src/integrations/pino.js`).href;
    const worker = new Worker(
      `import(${JSON.stringify(module)}).then(({ destination }) => {
        try { destination({ dest: ${JSON.stringify(`${dir}/w.log`)}, reopenOn: 'SIGHUP' }); return 'accepted'; }
        catch (error) { return error.name + ': ' + error.message; }
      }).then((outcome) => require('node:worker_threads').parentPort.postMessage(outcome));`,
      { eval: true },
    );
    const [outcome] = (await once(worker, 'message')) as [string];
    assert.match(outcome, /^RangeError: option 'reopenOn' needs the main thread/);
    assert.equal(existsSync(`${dir}/w.log`), false);
  } finally {
    cleanup();
  }
});

test("reopenOn: 'SIGHUP' reopens every destination that asked, and the handler goes with end()", async () => {
  const { dir, cleanup } = tempDir();
  // Should a handler be missing, SIGHUP must fail this test, not kill the test process.
  const guard = () => {};
  process.on('SIGHUP', guard);
  try {
    const baseline = process.listenerCount('SIGHUP');
    const a = destination({ dest: `${dir}/a.log`, reopenOn: 'SIGHUP' });
    const b = destination({ dest: `${dir}/b.log`, reopenOn: 'SIGHUP' });
    const plain = destination(`${dir}/c.log`);
    assert.equal(process.listenerCount('SIGHUP'), baseline + 2);
    for (const d of [a, b, plain]) d.write('before\n');
    // logrotate's way: move both files of each log away, then signal.
    for (const name of ['a', 'b', 'c']) {
      renameSync(`${dir}/${name}.log`, `${dir}/${name}.log.1`);
      renameSync(`${dir}/${name}.log.ctl`, `${dir}/${name}.log.1.ctl`);
    }
    let delivered = false;
    process.once('SIGHUP', () => (delivered = true));
    process.kill(process.pid, 'SIGHUP');
    // A signal listener does not keep the event loop alive: wait on a timer.
    for (let waited = 0; !delivered; waited += 5) {
      assert.ok(waited < 5000, 'SIGHUP delivered');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const d of [a, b, plain]) d.write('after\n');
    a.end();
    b.destroy();
    plain.end();
    assert.equal(process.listenerCount('SIGHUP'), baseline, 'handlers removed');
    for (const name of ['a', 'b']) {
      assert.equal(readFileSync(`${dir}/${name}.log.1`, 'utf8'), 'before\n', `${name}: rotated file`);
      assert.equal(readFileSync(`${dir}/${name}.log`, 'utf8'), 'after\n', `${name}: fresh file`);
    }
    assert.equal(readFileSync(`${dir}/c.log.1`, 'utf8'), 'before\nafter\n', 'no reopenOn: not reopened');
    assert.equal(statSync(`${dir}/c.log.1`).size, 13);
  } finally {
    process.off('SIGHUP', guard);
    cleanup();
  }
});

test("the transport's worker: a line over maxRecordSize is refused alone, with a warning; the chunk's other lines and every later line land", async () => {
  const { dir, cleanup } = tempDir();
  try {
    // In one chunk: a good line, a refused one, two good ones. No 'error' event: thread-stream would end the transport.
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const entry = transport({ dest: `${dir}/chunk.log`, maxRecordSize: 64 });
    const errors: unknown[] = [];
    entry.on('error', (e) => errors.push(e));
    try {
      assert.equal(entry.write(`first\n${'y'.repeat(100)}\nsmall1\nsmall2\n`), true);
      entry.end();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(errors, []);
    assert.equal(entry.refused, 1);
    assert.equal(warnings.filter((w) => (w as { code?: string }).code === 'MMLOG_LINE_REFUSED').length, 1);
    assert.equal(readFileSync(`${dir}/chunk.log`, 'utf8'), 'first\nsmall1\nsmall2\n');

    // Through pino.transport() in an application: the transport goes on after the refused line.
    writeFileSync(
      `${dir}/big.mjs`,
      `import pino from ${JSON.stringify(PINO)};
const [target, dest] = process.argv.slice(2);
const logger = pino(pino.transport({ target, options: { dest, maxRecordSize: 4096 } }));
logger.info({ seq: 0 }, 'before');
logger.info({ big: 'x'.repeat(5000) }, 'too big');
for (let seq = 1; seq <= 100; seq++) logger.info({ seq }, 'after');
`,
    );
    const target = pathToFileURL(`${ROOT}dist/src/integrations/pino.js`).href;
    const dest = `${dir}/app.log`;
    const child = spawn(process.execPath, [`${dir}/big.mjs`, target, dest], { stdio: ['ignore', 'inherit', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const { code, stderr } = await collect(child).finally(() => clearTimeout(timer));
    assert.equal(code, 0, stderr);
    const lines = readFileSync(dest, 'utf8').split('\n').slice(0, -1);
    const seqs = lines.map((line) => (JSON.parse(line) as { seq: number }).seq);
    assert.deepEqual(
      seqs,
      Array.from({ length: 101 }, (_, i) => i),
    );
  } finally {
    cleanup();
  }
});

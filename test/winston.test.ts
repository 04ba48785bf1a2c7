import assert from 'node:assert/strict';
import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import winston from 'winston';
import { read, stat } from '../src/index.js';
import MmlogTransport from '../src/integrations/winston.js';
import { childScript } from './helpers/children.js';
import { tempDir } from './helpers/files.js';

interface Entry {
  level: string;
  message: string;
  worker: number;
  seq: number;
  pad: string;
}

function exited(worker: Worker): Promise<number | null> {
  return new Promise((resolve) => worker.on('exit', (code) => resolve(code)));
}

test('cluster mode: four workers log through winston into one file; every entry once, none torn', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/cluster.log`;
    const workers = 4;
    const count = 3000;
    cluster.setupPrimary({ exec: childScript('winstonWorker'), args: [path, String(count)] });
    const forked = Array.from({ length: workers }, (_, id) => cluster.fork({ WORKER_ID: String(id) }));
    const done = forked.map(exited);
    const reports = forked.map((w) => {
      const messages: unknown[] = [];
      w.on('message', (m) => messages.push(m));
      return messages;
    });
    // Release them together once all have opened the log.
    await Promise.all(forked.map((w) => once(w, 'message')));
    for (const w of forked) w.send('go');
    assert.deepEqual(await Promise.all(done), [0, 0, 0, 0], 'every worker exited by itself');
    for (const r of reports) assert.deepEqual(r.at(-1), { logged: count });

    const text = readFileSync(path, 'utf8');
    assert.ok(text.endsWith('\n') && !text.includes('\0'), 'whole lines; the last to close trimmed the file');
    const lines = text.split('\n').slice(0, -1);
    assert.equal(lines.length, workers * count, 'line count');
    const seen = new Set<string>();
    for (const [i, line] of lines.entries()) {
      let entry: Entry;
      try {
        entry = JSON.parse(line) as Entry;
      } catch {
        assert.fail(`line ${i} is torn: ${JSON.stringify(line.slice(0, 120))}`);
      }
      const key = `${entry.worker}:${entry.seq}`;
      assert.ok(!seen.has(key), `${key} once`);
      seen.add(key);
      assert.equal(entry.level, 'info');
      assert.equal(entry.message, `entry ${entry.seq} from ${entry.worker} — héllo ✓`);
      assert.equal(entry.pad, 'y'.repeat((entry.seq * 53) % 401));
    }
    for (let w = 0; w < workers; w++) for (let s = 0; s < count; s++) assert.ok(seen.has(`${w}:${s}`), `${w}:${s}`);
  } finally {
    cleanup();
  }
});

test('framed: one record per entry; a failed append is an error event and the transport goes on', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/framed.log`;
    const transport = new MmlogTransport({ filename: path, format: 'framed', maxRecordSize: 200 });
    const logger = winston.createLogger({ level: 'info', format: winston.format.json(), transports: [transport] });
    const errors: unknown[] = [];
    logger.on('error', (error) => errors.push(error));
    logger.info('first');
    logger.info('x'.repeat(500));
    logger.info('after the error');
    logger.debug('still below the level after the error');
    assert.equal(errors.length, 1, 'reported once');
    assert.ok(errors[0] instanceof RangeError && /maxRecordSize/.test(errors[0].message));
    // Written before the log call returned: readable while the transport is open.
    const records = [...read(path)].map((r) => JSON.parse(Buffer.from(r.data).toString('utf8')) as Entry);
    assert.deepEqual(
      records.map((r) => r.message),
      ['first', 'after the error'],
    );
    const finished = once(transport, 'finish');
    logger.end();
    await finished;
    const after = stat(path);
    assert.deepEqual(after.writers, [], 'ending the logger closed the log');
    assert.equal(after.fileSize, after.cursor, 'and the last writer to close trimmed it');

    // Without a logger, ending the stream closes the log too.
    const alone = new MmlogTransport({ filename: `${dir}/alone.log` });
    alone.write({ level: 'info', message: 'm', [Symbol.for('level')]: 'info', [Symbol.for('message')]: 'alone' });
    const ended = once(alone, 'finish');
    alone.end();
    await ended;
    assert.deepEqual(stat(`${dir}/alone.log`).writers, []);
    assert.equal(readFileSync(`${dir}/alone.log`, 'utf8'), 'alone\n');
  } finally {
    cleanup();
  }
});

test("a transport's own logform format, close() on removal, and refused options", () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/plain.log`;
    const transport = new MmlogTransport({
      filename: path,
      level: 'warn',
      format: winston.format.printf((info) => `${info.level}: ${String(info.message)}`),
    });
    const logger = winston.createLogger({ level: 'debug', transports: [transport] });
    logger.info('not at warn');
    logger.warn('careful');
    logger.error('broken');
    logger.remove(transport);
    // Removed: winston closes it, which trims the file to its lines.
    assert.equal(readFileSync(path, 'utf8'), 'warn: careful\nerror: broken\n');

    assert.throws(() => new MmlogTransport(undefined as never), TypeError);
    assert.throws(() => new MmlogTransport({} as never), /'filename'/);
    assert.throws(() => new MmlogTransport({ filename: `${dir}/x.log`, format: 42 } as never), TypeError);
    assert.throws(() => new MmlogTransport({ filename: `${dir}/x.log`, format: null } as never), TypeError);
    assert.throws(() => new MmlogTransport({ filename: `${dir}/x.log`, format: 'bogus' } as never), RangeError);
    assert.throws(() => new MmlogTransport({ filename: `${dir}/x.log`, bogus: 1 } as never), /unknown option 'bogus'/);
    assert.throws(() => new MmlogTransport({ filename: `${dir}/x.log`, silent: 'no' } as never), TypeError);
    assert.equal(existsSync(`${dir}/x.log`), false, 'refused before any file is touched');
  } finally {
    cleanup();
  }
});

test('an entry over maxRecordSize with no error listener on the logger: one warning, the process and the transport go on', async () => {
  const { dir, cleanup } = tempDir();
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  try {
    const path = `${dir}/quiet.log`;
    const transport = new MmlogTransport({ filename: path, format: 'framed', maxRecordSize: 200 });
    // winston throws an 'error' nobody listens for: that would end the process over one entry.
    const logger = winston.createLogger({ level: 'info', format: winston.format.json(), transports: [transport] });
    logger.info('first');
    logger.info('x'.repeat(500));
    logger.info('y'.repeat(500));
    logger.info('after');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(transport.refused, 2);
    assert.equal(warnings.filter((w) => (w as { code?: string }).code === 'MMLOG_LINE_REFUSED').length, 1);
    assert.deepEqual(
      [...read(path)].map((r) => (JSON.parse(Buffer.from(r.data).toString('utf8')) as Entry).message),
      ['first', 'after'],
    );
    const finished = once(transport, 'finish');
    logger.end();
    await finished;
  } finally {
    process.off('warning', onWarning);
    cleanup();
  }
});

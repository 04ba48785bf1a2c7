/**
 * Rotation without losing a line, through the logging libraries: pino and
 * winston writing to a segmented log roll by size and by time and keep what
 * retention says, with every line whole and in order.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import winston from 'winston';
import { read, stat } from '../src/index.js';
import { destination } from '../src/integrations/pino.js';
import MmlogTransport from '../src/integrations/winston.js';
import { tempDir } from './helpers/files.js';

const SEGMENT = 64 * 1024;

/** The JSON lines of the log at `path`, in order. */
function jsonLines(path: string): { msg: string; n: number }[] {
  const text = [...read(path)].map((r) => Buffer.from(r.data).toString()).join('');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}

test('pino to a segmented log: rolls by size, retention keeps the last segments, every kept line whole and in order', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'app');
    const dest = destination({ dest: path, segmentSize: SEGMENT, retention: { maxSegments: 2 } });
    const logger = pino(dest);
    for (let n = 0; n < 5000; n++) logger.info({ n }, 'request served');
    dest.end();
    await once(dest, 'close');
    const info = stat(path);
    assert.ok(info.firstPosition > 0, 'old segments were deleted');
    assert.ok(info.segments.filter((s) => s.sealed).length <= 2);
    const lines = jsonLines(path);
    const first = (lines[0] as { n: number }).n;
    assert.deepEqual(
      lines.map((l) => l.n),
      Array.from({ length: 5000 - first }, (_, i) => first + i),
      'from the oldest kept line on, every line once, in order',
    );
    assert.ok(readdirSync(path).includes('current.log'));
  } finally {
    cleanup();
  }
});

test('winston to a segmented log rolled by time: every line once, in order, across the rolls', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'app');
    const transport = new MmlogTransport({ filename: path, segmentSize: SEGMENT, rollEvery: 100 });
    const logger = winston.createLogger({ format: winston.format.json(), transports: [transport] });
    for (let n = 0; n < 12; n++) {
      logger.info('tick', { n });
      await new Promise((r) => setTimeout(r, 30));
    }
    logger.end();
    await once(transport, 'finish');
    assert.ok(stat(path).segments.length >= 2, 'the clock rolled the log');
    assert.deepEqual(
      jsonLines(path).map((l) => l.n),
      Array.from({ length: 12 }, (_, i) => i),
    );
  } finally {
    cleanup();
  }
});

/**
 * A segment file deleted or cut behind the log's back, below the active
 * segment: `verify` (and `mmlog verify`) must not call such a log healthy.
 * The scan stops where the file's data ends, and no writer's claim explains
 * that: the rest, to the cursor, is reported unreadable.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { open, verify } from '../src/index.js';
import { segmentPath } from '../src/storage/logPaths.js';
import { tempDir } from './helpers/files.js';

const SEGMENT = 64 * 1024;
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

for (const format of ['framed', 'raw'] as const)
  for (const damage of ['deleted', 'cut'] as const)
    test(`a middle segment ${damage} behind the log's back (${format}): verify reports it unreadable, not ok`, () => {
      const { dir, cleanup } = tempDir();
      try {
        const path = join(dir, 'log');
        const log = open(path, { format, segmentSize: SEGMENT });
        for (let i = 0; i < 1500; i++) log.append(`record ${i} ${'x'.repeat(100)}\n`);
        log.close();
        const healthy = verify(path);
        assert.equal(healthy.ok, true);
        assert.equal(healthy.unreadable, null);
        assert.ok(healthy.cursor > 2 * SEGMENT);

        const file = segmentPath(path, SEGMENT);
        if (damage === 'deleted') rmSync(file);
        else truncateSync(file, 13);
        const report = verify(path);
        assert.equal(report.ok, false);
        assert.ok(
          report.unreadable !== null && report.unreadable.start >= SEGMENT && report.unreadable.start < 2 * SEGMENT,
        );
        assert.equal(report.unreadable.end, report.cursor);
        const cli = spawnSync(process.execPath, [CLI, 'verify', path], { encoding: 'utf8' });
        assert.equal(cli.status, 1, cli.stdout + cli.stderr);
        assert.match(cli.stdout, /UNREADABLE/);
      } finally {
        cleanup();
      }
    });

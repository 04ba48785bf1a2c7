import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runChild } from './helpers/children.js';
import { tempDir } from './helpers/files.js';
import { readControl, walkFramed } from './helpers/logFile.js';

/** Mounts a 2 MiB tmpfs on `dir`; returns why not, if it cannot. */
function mountTinyFs(dir: string): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to mount a tmpfs (run as root to include this test)';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `cannot mount a tmpfs here: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
}

interface Report {
  appended: number;
  positions: number[];
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
  retry?: string;
}

for (const format of ['raw', 'framed'] as const) {
  test(`a full disk is an ENOSPC error from append (${format}); the process survives, earlier records intact`, async (t) => {
    const { dir, cleanup } = tempDir();
    const reason = mountTinyFs(dir);
    if (reason !== undefined) {
      console.log(`# skipped: ${reason}`);
      t.skip(reason);
      cleanup();
      return;
    }
    try {
      const path = `${dir}/log`;
      const result = await runChild('fillDisk', [path, format]);
      assert.equal(result.signal, null, `the writer was not killed by a signal (${result.signal})`);
      assert.equal(result.code, 0, result.stderr);
      const report = result.messages[0] as Report;
      assert.equal(report.code, 'ENOSPC');
      assert.equal(report.errno, -28);
      assert.equal(report.syscall, 'fallocate');
      assert.equal(report.path, path);
      assert.equal(report.retry, 'ENOSPC', 'the log is still usable and reports the same error');
      assert.ok(report.appended > 1000, `filled most of the disk first (${report.appended} records)`);
      const data = readFileSync(path);
      const lines: string[] =
        format === 'raw'
          ? data.toString('latin1').split('\n').slice(0, -1)
          : walkFramed(data, readControl(path), data.length)
              .filter((f) => f.type === 1)
              .map((f) => f.payload.toString('latin1').slice(0, -1));
      assert.equal(lines.length, report.appended, 'every record appended before the error is there, and no other');
      lines.forEach((line, i) => {
        assert.equal(line, `${String(i).padStart(8, '0')}${'.'.repeat(991)}`);
      });
      assert.equal(readControl(path).cursor, data.length, 'the failed claim was undone: no gap');
    } finally {
      execFileSync('umount', [dir]);
      cleanup();
    }
  });
}

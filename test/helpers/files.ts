import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: the nearest directory above this file (in dist/test/helpers at run time) with a package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the test');
    dir = parent;
  }
  return dir;
}

/** A fresh directory, removed by the returned function. */
export function tempDir(prefix = 'mmlog-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Content hash, size and mtime of a file, to prove it was not modified, not
 * even touched.
 */
export function fingerprint(path: string): string {
  const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
  return `${hash}:${statSync(path).mtimeMs}:${statSync(path).size}`;
}

/**
 * Content hash and size of a file, to prove no byte of it changed. For a data
 * file a writer had open: opening prepares (and so touches) the pages the
 * next appends will use, which may update the mtime without changing a byte.
 */
export function contentFingerprint(path: string): string {
  return `${createHash('sha256').update(readFileSync(path)).digest('hex')}:${statSync(path).size}`;
}

/**
 * `snapshot()` once it has stopped changing: the last writer of a segmented
 * log cuts sealed segments to their seals on a thread of its own, which may
 * still be at work when `close()` returns. Polls every 20 ms, for at most 5 s.
 */
export function settled(snapshot: () => string): string {
  let last = snapshot();
  for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
    sleepSync(20);
    const next = snapshot();
    if (next === last) return next;
    last = next;
  }
  return last;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
/** A fresh directory, removed by the returned function. */
export function tempDir(prefix = 'mmlog-test-') {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
/**
 * Content hash, size and mtime of a file, to prove it was not modified, not
 * even touched.
 */
export function fingerprint(path) {
    const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
    return `${hash}:${statSync(path).mtimeMs}:${statSync(path).size}`;
}
/**
 * Content hash and size of a file, to prove no byte of it changed. For a data
 * file a writer had open: opening prepares (and so touches) the pages the
 * next appends will use, which may update the mtime without changing a byte.
 */
export function contentFingerprint(path) {
    return `${createHash('sha256').update(readFileSync(path)).digest('hex')}:${statSync(path).size}`;
}
//# sourceMappingURL=files.js.map
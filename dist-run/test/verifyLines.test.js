/**
 * `verify` on a raw log counts what the log holds — lines (each ending in a
 * newline, as `wc -l` counts) and bytes — not the byte ranges its reader
 * happened to return; `mmlog verify` and `mmlog stat` say so.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { open, verify } from '../src/index.js';
import { tempDir } from './helpers/files.js';
const cliPath = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
function mmlog(...args) {
    const result = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
function newlines(path) {
    const bytes = readFileSync(path);
    let n = 0;
    for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1))
        n++;
    return n;
}
test('verify of a raw log of 200,000 lines reports 200000 lines and its bytes; a last line without its newline is reported apart', () => {
    const { dir, cleanup } = tempDir();
    try {
        const path = `${dir}/app.log`;
        const log = open(path);
        for (let i = 0; i < 200_000; i++)
            log.append(`line ${i}\n`);
        log.close();
        const size = readFileSync(path).length;
        const report = verify(path);
        assert.equal(report.ok, true);
        assert.equal(report.lines, 200_000);
        assert.equal(report.records, 200_000, 'records of a raw log are its lines, not the ranges read');
        assert.equal(report.unterminatedBytes, 0);
        assert.equal(report.payloadBytes, size);
        const text = mmlog('verify', path);
        assert.equal(text.status, 0, text.stderr);
        assert.match(text.stdout, /^lines: +200000$/m);
        assert.match(text.stdout, new RegExp(`^bytes: +${size} `, 'm'));
        assert.doesNotMatch(text.stdout, /^records:/m);
        assert.doesNotMatch(text.stdout, /^last line:/m);
        const json = JSON.parse(mmlog('verify', '--json', path).stdout);
        assert.equal(json.lines, 200_000);
        assert.equal(json.unterminatedBytes, 0);
        // A last line without its newline: not a line (as for `wc -l`), but its bytes are told.
        const more = open(path);
        more.append('no newline');
        more.close();
        const partial = verify(path);
        assert.equal(partial.lines, 200_000);
        assert.equal(partial.unterminatedBytes, 'no newline'.length);
        assert.equal(partial.payloadBytes, size + 'no newline'.length);
        assert.match(mmlog('verify', path).stdout, /^last line: +10 bytes without a newline \(not counted in lines\)$/m);
        const info = mmlog('stat', path).stdout;
        assert.match(info, /^max append: /m, 'a raw log has no records: its limit is on one append');
        assert.match(info, /^lines: +not counted here: `mmlog verify` counts them$/m);
    }
    finally {
        cleanup();
    }
});
test('raw line counts are exact across the reader’s 1 MiB ranges, with lines longer than a range', () => {
    const { dir, cleanup } = tempDir();
    try {
        const path = `${dir}/long.log`;
        const log = open(path);
        const lengths = [1, 3 << 20, 7, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 0, 2 << 20, 12];
        for (const length of lengths)
            log.append(`${'x'.repeat(length)}\n`);
        // Lines split across appends, and a range that ends right after a newline.
        for (let i = 0; i < 5000; i++)
            log.append(i % 3 === 0 ? 'part of a line, ' : `end ${i}\n`);
        log.close();
        const report = verify(path);
        assert.equal(report.lines, newlines(path));
        assert.equal(report.unterminatedBytes, 0);
    }
    finally {
        cleanup();
    }
});
test('verify of a framed log counts records and has no line count', () => {
    const { dir, cleanup } = tempDir();
    try {
        const path = `${dir}/framed.log`;
        const log = open(path, { format: 'framed' });
        for (let i = 0; i < 1000; i++)
            log.append(`record ${i}\nwith a second line\n`);
        log.close();
        const report = verify(path);
        assert.equal(report.records, 1000);
        assert.equal(report.lines, undefined);
        assert.equal(report.unterminatedBytes, undefined);
        const text = mmlog('verify', path).stdout;
        assert.match(text, /^records: +1000$/m);
        assert.doesNotMatch(text, /^lines:/m);
        assert.match(mmlog('stat', path).stdout, /^max record: /m);
    }
    finally {
        cleanup();
    }
});
//# sourceMappingURL=verifyLines.test.js.map
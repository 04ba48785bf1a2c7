import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { test } from 'node:test';
import { open } from '../src/index.js';
import { tempDir } from './helpers/files.js';
function modeOf(path) {
    return statSync(path).mode & 0o777;
}
/** Runs `body` with the process umask set to `mask`. */
function withUmask(mask, body) {
    const previous = process.umask(mask);
    try {
        body();
    }
    finally {
        process.umask(previous);
    }
}
test('new log files are not readable by every local user: mode 0o640 by default, less the umask', () => {
    const { dir, cleanup } = tempDir();
    try {
        withUmask(0o022, () => {
            for (const format of ['raw', 'framed']) {
                const path = `${dir}/${format}`;
                open(path, { format }).close();
                assert.equal(modeOf(path).toString(8), '640', `${format} data file`);
                assert.equal(modeOf(`${path}.ctl`).toString(8), '640', `${format} control file`);
            }
        });
        withUmask(0o077, () => {
            open(`${dir}/private`).close();
            assert.equal(modeOf(`${dir}/private`).toString(8), '600');
            assert.equal(modeOf(`${dir}/private.ctl`).toString(8), '600');
        });
    }
    finally {
        cleanup();
    }
});
test("the 'mode' option sets both files' permissions at creation; existing files keep theirs", () => {
    const { dir, cleanup } = tempDir();
    try {
        withUmask(0o022, () => {
            open(`${dir}/owner`, { mode: 0o600 }).close();
            assert.equal(modeOf(`${dir}/owner`).toString(8), '600');
            assert.equal(modeOf(`${dir}/owner.ctl`).toString(8), '600');
            open(`${dir}/shared`, { mode: 0o666, format: 'framed' }).close();
            assert.equal(modeOf(`${dir}/shared`).toString(8), '644', 'the umask still applies');
            assert.equal(modeOf(`${dir}/shared.ctl`).toString(8), '644');
            chmodSync(`${dir}/owner`, 0o600);
            const log = open(`${dir}/owner`, { mode: 0o666 });
            log.append('x\n');
            log.close();
            assert.equal(modeOf(`${dir}/owner`).toString(8), '600', 'an existing file keeps its mode');
        });
    }
    finally {
        cleanup();
    }
});
test("a bad 'mode' is a TypeError or RangeError, before any file is created", () => {
    const { dir, cleanup } = tempDir();
    try {
        const path = `${dir}/log`;
        for (const mode of ['640', true, 416n]) {
            assert.throws(() => open(path, { mode }), TypeError, String(mode));
        }
        for (const mode of [-1, 1.5, 0o1000, 0o4640, 0o400, 0o200, 0o044, Number.NaN]) {
            assert.throws(() => open(path, { mode }), RangeError, mode.toString(8));
        }
        assert.equal(existsSync(path), false);
        assert.deepEqual(readdirSync(dir), []);
    }
    finally {
        cleanup();
    }
});
//# sourceMappingURL=fileMode.test.js.map
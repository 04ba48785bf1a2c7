import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { childScript } from './helpers/children.js';
import { tempDir } from './helpers/files.js';
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** The address space the child may use: Node itself takes ~1 GiB, one open log a 1 GiB window more. */
const LIMIT = 6 * GiB;
/** Cycles of open/append/read/verify/close: 64 GiB of windows if close() left each mapped until a GC. */
const CYCLES = 64;
for (const format of ['raw', 'framed']) {
    test(`close() returns a log's address space at once: ${CYCLES} synchronous open/close cycles (${format}) fit in ulimit -v ${LIMIT / GiB} GiB`, () => {
        const { dir, cleanup } = tempDir();
        try {
            const path = `${dir}/log`;
            const child = spawnSync('bash', [
                '-c',
                `ulimit -v ${LIMIT / 1024} && exec "$0" "$@"`,
                process.execPath,
                childScript('openCloseLoop'),
                path,
                String(CYCLES),
                format,
            ], { encoding: 'utf8', timeout: 120_000, input: '' });
            assert.ok(child.error === undefined, String(child.error));
            assert.equal(child.status, 0, `the loop ran to the end under the limit\n${child.stderr}`);
            const { peakKiB } = JSON.parse(child.stdout);
            assert.ok(peakKiB * 1024 < LIMIT, `peak address space ${peakKiB} KiB`);
            const lines = readFileSync(path, 'utf8');
            assert.equal(lines.split('cycle').length - 1, CYCLES, 'every cycle appended its record');
        }
        finally {
            cleanup();
        }
    });
}
test("unmap() of a large mapping frees its range at once; the collected buffer's finalizer leaves the range alone", () => {
    const { dir, cleanup } = tempDir();
    try {
        const path = `${dir}/file`;
        writeFileSync(path, Buffer.alloc(4 * MiB));
        // In a child with --expose-gc: map A, unmap it (its range is free now), map B (the kernel hands
        // out A's old range again), collect A. A finalizer that unmapped A's range would take B's away.
        const script = `
      const { openSync, readFileSync } = require('node:fs');
      const native = require(${JSON.stringify(`${process.cwd()}/build/Release/mmlog.node`)});
      const fd = openSync(${JSON.stringify(path)}, 'r+');
      const mapped = () => readFileSync('/proc/self/maps', 'utf8').split('\\n').filter((l) => l.endsWith(${JSON.stringify(path)})).length;
      let a = native.mmap(fd, 0, ${2 * MiB}, true);
      native.unmap(a);
      const afterUnmap = mapped();
      native.unmap(a);
      const b = native.mmap(fd, 0, ${2 * MiB}, true);
      a = undefined;
      global.gc();
      setTimeout(() => {
        global.gc();
        new Uint8Array(b)[${2 * MiB - 1}] = 7;
        console.log(JSON.stringify({ afterUnmap, afterCollect: mapped(), last: readFileSync(${JSON.stringify(path)})[${2 * MiB - 1}] }));
      }, 50);`;
        const child = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', timeout: 60_000 });
        assert.equal(child.signal, null, `no crash: ${child.stderr}`);
        assert.equal(child.status, 0, child.stderr);
        const { afterUnmap, afterCollect, last } = JSON.parse(child.stdout);
        assert.equal(afterUnmap, 0, 'unmap() removed the mapping at once');
        assert.equal(afterCollect, 1, "collecting the first buffer left the second one's mapping in place");
        assert.equal(last, 7, 'the second mapping still writes to the file');
    }
    finally {
        cleanup();
    }
});
//# sourceMappingURL=addressSpace.test.js.map
/**
 * Calls each named entry point of mmlog on argv[2] in turn and reports, for
 * each, whether it returned or what it threw (name and code). Run in a child
 * so that one that blocks (or crashes the process) fails the test instead of
 * hanging it.
 */
import { open, read, recover, stat, verify } from '../../src/index.js';
const [path, list] = process.argv.slice(2);
const entryPoints = {
    open: () => open(path).close(),
    append: () => {
        const log = open(path);
        log.append('probe\n');
        log.close();
    },
    appendMany: () => {
        const log = open(path);
        for (let i = 0; i < 10_000; i++)
            log.append(`probe ${i} ${'x'.repeat(100)}\n`);
        log.close();
    },
    read: () => [...read(path)],
    verify: () => verify(path),
    stat: () => stat(path),
    recover: () => recover(path),
};
const results = [];
for (const name of list.split(',')) {
    try {
        entryPoints[name]();
        results.push({ name, ok: true });
    }
    catch (error) {
        const e = error;
        results.push({ name, ok: false, error: e.name, code: e.code, message: e.message });
    }
}
process.send?.(results, () => process.disconnect());
//# sourceMappingURL=entryPoints.js.map
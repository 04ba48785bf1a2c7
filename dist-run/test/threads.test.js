import { test } from 'node:test';
import { tempDir } from './helpers/files.js';
import { planWriters, runWriters, verifyFramed, verifyRaw } from './helpers/writers.js';
const MIX = ['thread', 'process', 'thread', 'process', 'thread'];
for (const format of ['raw', 'framed']) {
    test(`worker threads and processes append UTF-8 text to one ${format} log together`, async () => {
        const { dir, cleanup } = tempDir();
        try {
            const path = `${dir}/log`;
            const plans = planWriters(dir, path, [...MIX], 20_000, { format, chunkSize: 256 << 10 }, 'text');
            await runWriters(plans);
            if (format === 'raw')
                verifyRaw(path, plans);
            else
                verifyFramed(path, plans);
        }
        finally {
            cleanup();
        }
    });
}
//# sourceMappingURL=threads.test.js.map
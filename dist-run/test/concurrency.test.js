import { test } from 'node:test';
import { tempDir } from './helpers/files.js';
import { planWriters, runWriters, verifyFramed, verifyRaw } from './helpers/writers.js';
const PROCESSES = Array.from({ length: 8 }, () => 'process');
test('8 processes × 50,000 records of 1 B–64 KiB (raw): each present once, byte-exact, file is exactly the bytes', async () => {
    const { dir, cleanup } = tempDir();
    try {
        const path = `${dir}/log`;
        const plans = planWriters(dir, path, PROCESSES, 50_000, { format: 'raw', chunkSize: 1 << 20 }, 'bytes');
        await runWriters(plans);
        verifyRaw(path, plans);
    }
    finally {
        cleanup();
    }
});
test('8 processes × 50,000 records of 1 B–64 KiB (framed), across small mapping windows', async () => {
    const { dir, cleanup } = tempDir();
    try {
        const path = `${dir}/log`;
        // 4 MiB windows: hundreds of window changes, records straddling every window edge.
        const options = { format: 'framed', chunkSize: 1 << 20, windowSize: 4 << 20, maxRecordSize: 65536 };
        const plans = planWriters(dir, path, PROCESSES, 50_000, options, 'bytes');
        await runWriters(plans);
        verifyFramed(path, plans);
    }
    finally {
        cleanup();
    }
});
//# sourceMappingURL=concurrency.test.js.map
/**
 * The process of the RSS scenario (`bench/rss.ts`). Mode `mmlog` appends
 * `total` bytes in `record`-byte records to a raw log at `path`; mode
 * `baseline` allocates the same record and touches it as often, and nothing
 * else: what any Node process of this size costs.
 *
 * Usage: `rssWorker.ts <mmlog|baseline> <path> <total> <record>`; reports
 * an {@link RssReport} over IPC.
 * @module
 */
import { statSync } from 'node:fs';
import { memoryUsage } from 'node:process';
import { peakRssKiB } from './memory.js';
const [mode, path, totalText, recordText] = process.argv.slice(2);
const total = Number(totalText);
const recordBytes = Number(recordText);
const count = total / recordBytes;
const record = Buffer.alloc(recordBytes, 'x');
record[recordBytes - 1] = 10;
const sampleEvery = Math.max(1, Math.floor(count / 16));
const samples = [];
let sink = 0;
let start = process.hrtime.bigint();
if (mode === 'mmlog') {
    // Loaded here, not at the top, so that the baseline process does not even load mmlog.
    const { open } = await import('../src/index.js');
    const log = open(path, { format: 'raw' });
    start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
        log.append(record);
        if (i % sampleEvery === sampleEvery - 1)
            samples.push({ appendedBytes: (i + 1) * recordBytes, rssKiB: memoryUsage.rss() / 1024 });
    }
    log.close();
}
else {
    for (let i = 0; i < count; i++) {
        sink += record[i % recordBytes];
        if (i % sampleEvery === sampleEvery - 1)
            samples.push({ appendedBytes: 0, rssKiB: memoryUsage.rss() / 1024 });
    }
}
const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
const report = {
    mode,
    peakRssKiB: peakRssKiB(),
    elapsedMs,
    fileBytes: mode === 'mmlog' ? statSync(path).size : 0,
    samples,
    checksum: sink,
};
process.send(report, () => process.disconnect());
//# sourceMappingURL=rssWorker.js.map
/**
 * Appends `total` bytes in 4 KiB records and reports the largest resident
 * size of the log's mappings seen along the way, and the largest part of it
 * mapped as huge pages (both from /proc/self/smaps).
 */
import { open } from '../../src/index.js';
import { mappingKiB } from '../helpers/smaps.js';
const [path, totalArg, optionsJson] = process.argv.slice(2);
const total = Number(totalArg);
const options = JSON.parse(optionsJson);
const log = open(path, options);
const record = new Uint8Array(4096).fill(0x61);
let peak = 0;
let peakHuge = 0;
function sample() {
    const { rss, pmdMapped } = mappingKiB(path);
    peak = Math.max(peak, rss);
    peakHuge = Math.max(peakHuge, pmdMapped);
}
for (let written = 0, i = 0; written < total; written += record.length, i++) {
    log.append(record);
    if (i % 256 === 0)
        sample();
}
sample();
log.close();
process.send?.({ peakKiB: peak, peakHugeKiB: peakHuge }, () => process.disconnect());
//# sourceMappingURL=residentProbe.js.map
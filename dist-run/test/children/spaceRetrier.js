/**
 * A writer on a full disk that keeps retrying: appends until ENOSPC, retries
 * many times, reports, then (after the parent frees space) appends again.
 */
import { open } from '../../src/index.js';
const [path, format, name, retriesText] = process.argv.slice(2);
const retries = Number(retriesText);
const log = open(path, { format: format, chunkSize: 64 * 1024 });
const record = (i) => `${name} ${String(i).padStart(8, '0')} ${'.'.repeat(180)}\n`;
let appended = 0;
let failures = 0;
const codes = new Set();
for (let i = 0; i < 1_000_000 && failures === 0; i++) {
    try {
        log.append(record(appended));
        appended++;
    }
    catch (error) {
        failures++;
        codes.add(String(error.code));
    }
}
for (let i = 0; i < retries; i++) {
    try {
        log.append(record(appended));
        appended++;
    }
    catch (error) {
        failures++;
        codes.add(String(error.code));
    }
}
process.send?.({ phase: 'full', appended, failures, codes: [...codes] });
process.once('message', () => {
    let after = 0;
    const errors = [];
    for (let i = 0; i < 200; i++) {
        try {
            log.append(record(appended));
            appended++;
            after++;
        }
        catch (error) {
            errors.push(String(error.code));
        }
    }
    log.close();
    process.send?.({ phase: 'freed', appended, after, errors }, () => process.disconnect());
});
//# sourceMappingURL=spaceRetrier.js.map
/**
 * Appends 1000-byte records to a log on a tiny filesystem until the disk is
 * full, then reports what happened. Runs as a child so that a SIGBUS (the
 * failure mode of a sparse mapping on a full disk) would show as a signal.
 */
import { open } from '../../src/index.js';
const [path, format] = process.argv.slice(2);
const log = open(path, { format: format, chunkSize: 64 * 1024 });
const positions = [];
let failure;
for (let i = 0; i < 1_000_000 && failure === undefined; i++) {
    try {
        positions.push(log.append(`${String(i).padStart(8, '0')}${'.'.repeat(991)}\n`));
    }
    catch (error) {
        failure = error;
    }
}
// The process is alive and the log still usable: the same record fails the same way.
let retry;
try {
    log.append(`${'retry'.padEnd(999, '.')}\n`);
}
catch (error) {
    retry = error.code;
}
log.close();
process.send?.({
    appended: positions.length,
    positions,
    code: failure?.code,
    errno: failure?.errno,
    syscall: failure?.syscall,
    path: failure?.path,
    retry,
}, () => process.disconnect());
//# sourceMappingURL=fillDisk.js.map
/**
 * Opens, appends to, reads, verifies and closes the log at argv[2] (format
 * argv[4]) argv[3] times in a row, synchronously — no turn of the event loop,
 * so no chance for a garbage collection to free what close() left mapped —
 * then prints the process's peak address space (VmPeak, KiB) as JSON.
 */
import { readFileSync } from 'node:fs';
import { open, read, verify } from '../../src/index.js';
const [path, cyclesArg, format] = process.argv.slice(2);
for (let i = 0; i < Number(cyclesArg); i++) {
    const log = open(path, { format: format });
    log.append(`cycle ${i}\n`);
    log.close();
    for (const _ of read(path)) {
        // Reading maps windows of the data file too.
    }
    verify(path);
}
const peak = Number(/VmPeak:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'latin1'))?.[1]);
process.stdout.write(`${JSON.stringify({ peakKiB: peak })}\n`);
//# sourceMappingURL=openCloseLoop.js.map
/**
 * Peak resident memory of this process. Not `process.resourceUsage().maxRSS`:
 * on Linux a forked child inherits its parent's high-water mark through
 * fork and exec (a writer forked by a parent that had read a 300 MB file
 * reports 300 MB), so every row would show the parent's peak. `VmHWM` in
 * /proc/self/status belongs to this process's own address space.
 * @module
 */
import { readFileSync } from 'node:fs';
/** Peak resident set size of this process, in KiB. */
export function peakRssKiB() {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'latin1'));
    if (match === null)
        throw new Error('no VmHWM in /proc/self/status');
    return Number(match[1]);
}
//# sourceMappingURL=memory.js.map
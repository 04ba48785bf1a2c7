/**
 * Who is a process, robustly: a pid alone is reused by the kernel, so a
 * writer is identified by its pid together with its start time (field 22 of
 * `/proc/<pid>/stat`, in clock ticks since boot), as Chronicle Queue and
 * Aeron identify lock owners.
 * @module
 */
import { readFileSync } from 'node:fs';
import { HeaderField } from '../layout/control.js';
/**
 * Start time of `pid` in clock ticks since boot, or `undefined` if there is
 * no such process (or it is a zombie, which will never write again).
 */
export function processStartTime(pid) {
    let stat;
    try {
        stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    }
    catch {
        return undefined;
    }
    // The command name (field 2) is in parentheses and may itself contain
    // spaces and parentheses: fields are counted from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X')
        return undefined;
    const start = Number(fields[19]);
    return Number.isFinite(start) ? start : undefined;
}
/** The start time of this process, read once. */
export const SELF_START_TIME = processStartTime(process.pid) ?? 0;
/** Liveness of a process identified by pid and start time. */
export function isProcessAlive(pid, startTime) {
    if (pid <= 0)
        return false;
    if (pid === process.pid)
        return startTime === SELF_START_TIME;
    const actual = processStartTime(pid);
    return actual !== undefined && actual === startTime;
}
/** Whether `pid` is stopped (SIGSTOP or a debugger): alive, but making no progress. */
export function isProcessStopped(pid) {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
        const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        return state === 'T' || state === 't';
    }
    catch {
        return false;
    }
}
/** This boot of the machine, as the 16 bytes of /proc/sys/kernel/random/boot_id (zero where there is none). */
export const BOOT_ID = (() => {
    try {
        return Buffer.from(readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim().replaceAll('-', ''), 'hex');
    }
    catch {
        return Buffer.alloc(HeaderField.BOOT_ID.size);
    }
})();
/** {@link BOOT_ID} as four little-endian i32 words, for comparing it with the copies in the control file. */
export const BOOT_WORDS = [0, 4, 8, 12].map((at) => BOOT_ID.readInt32LE(at));
//# sourceMappingURL=processIdentity.js.map
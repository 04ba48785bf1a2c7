/**
 * The first-records file of a segmented log: where each segment's first
 * record lies, kept for segments the control file's ring has forgotten
 * (see `layout/directory.ts`). A segment that a claim crossed into starts
 * with that claim's filler; raw readers must not return it as a line, so
 * they need its end long after the roll. One small positioned write per
 * roll, by the writer that starts the segment; a read only when a reader
 * enters a segment the ring no longer describes.
 * @module
 */
import { closeSync, constants as fsConstants, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { FIRST_RECORD_ENTRY_SIZE, FIRST_RECORDS_NAME } from '../layout/directory.js';
function pathOf(dir) {
    return join(dir, FIRST_RECORDS_NAME);
}
/** Records that segment `k` (based at `base`) has its first record at `first`. Best effort: it only saves a reader a filler line. */
export function recordFirstRecord(dir, k, base, first, mode) {
    if (first === base)
        return;
    let fd;
    try {
        fd = openSync(pathOf(dir), fsConstants.O_WRONLY | fsConstants.O_CREAT, mode);
    }
    catch {
        return;
    }
    try {
        const entry = Buffer.alloc(FIRST_RECORD_ENTRY_SIZE);
        entry.writeUInt32LE(first - base + 1, 0);
        writeSync(fd, entry, 0, entry.length, k * FIRST_RECORD_ENTRY_SIZE);
    }
    catch {
        // A full disk: the filler is returned as a blank line, nothing is lost.
    }
    finally {
        closeSync(fd);
    }
}
/** Where segment `k` (based at `base`) has its first record: recorded, or its base. */
export function readFirstRecord(dir, k, base) {
    let fd;
    try {
        fd = openSync(pathOf(dir), fsConstants.O_RDONLY);
    }
    catch {
        return base;
    }
    try {
        const entry = Buffer.alloc(FIRST_RECORD_ENTRY_SIZE);
        const n = readSync(fd, entry, 0, entry.length, k * FIRST_RECORD_ENTRY_SIZE);
        const stored = n === entry.length ? entry.readUInt32LE(0) : 0;
        return stored === 0 ? base : base + stored - 1;
    }
    finally {
        closeSync(fd);
    }
}
//# sourceMappingURL=firstRecords.js.map
/**
 * `verify`: a full, read-only scan of a log with every CRC checked.
 * @module
 */
import { CAUGHT_UP, LogReader, PENDING } from '../reading/logReader.js';
import { checkPath, describeType } from '../util/arguments.js';
/**
 * Scans the whole log at `path` without changing it, checking every record
 * (framed: header and CRC32C), and tells damage from the normal leftovers of
 * crashes: padding over dead writers' claims, or a claim whose writer slot
 * shows it died mid-append, is fine; a corrupt frame, a LOST frame (data that
 * recovery found missing) or an uncommitted gap that no writer's claim
 * accounts for (zeroed or stale pages) is damage. A raw log is counted in
 * lines and bytes. `onProgress(done, total)` is called every few megabytes
 * with positions.
 *
 * @throws TypeError for a path that is not a non-empty string, or an
 *   `onProgress` that is not a function (nothing is opened then).
 */
export function verify(path, onProgress) {
    checkPath(path);
    if (onProgress !== undefined && typeof onProgress !== 'function') {
        throw new TypeError(`onProgress must be a function, got ${describeType(onProgress)}`);
    }
    const reader = LogReader.open(path, { onCorrupt: 'skip' }, false);
    try {
        reader.countLines = true;
        const cursor = reader.control.cursor();
        let reported = 0;
        for (;;) {
            const next = reader.nextSettled(false);
            if (next === CAUGHT_UP || next === PENDING)
                break;
            if (onProgress !== undefined && reader.position - reported >= 4 * 1024 * 1024) {
                reported = reader.position;
                onProgress(reported, cursor);
            }
        }
        onProgress?.(reader.position, cursor);
        const report = {
            ...reader.stats,
            path,
            format: reader.framed ? 'framed' : 'raw',
            ok: reader.stats.corrupt.length === 0 && reader.stats.lost.length === 0,
            end: reader.position,
            cursor,
        };
        if (!reader.framed) {
            report.records = reader.lines;
            report.lines = reader.lines;
            report.unterminatedBytes = reader.position - reader.lineEnd;
        }
        return report;
    }
    finally {
        reader.close();
    }
}
//# sourceMappingURL=verify.js.map
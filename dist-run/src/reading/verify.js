/**
 * `verify`: a full, read-only scan of a log with every CRC checked.
 * @module
 */
import { CAUGHT_UP, LogReader, PENDING } from './logReader.js';
/**
 * Scans the whole log at `path` without changing it, checking every record
 * (framed: header and CRC32C). `onProgress(done, total)` is called every few
 * megabytes with positions.
 */
export function verify(path, onProgress) {
    const reader = LogReader.open(path, { onCorrupt: 'skip' }, false);
    try {
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
        return {
            ...reader.stats,
            path,
            format: reader.framed ? 'framed' : 'raw',
            ok: reader.stats.corrupt.length === 0,
            end: reader.position,
            cursor,
        };
    }
    finally {
        reader.close();
    }
}
//# sourceMappingURL=verify.js.map
/**
 * mmlog itself: `Log.append` through the shared mapping, framed and raw.
 * Records are strings (what a logger has in hand), encoded by `append`
 * straight into the mapping, or the same bytes as a plain `Uint8Array`
 * (users log bytes too; the cold workloads use the framed one).
 * @module
 */
import { open } from '../../src/index.js';
import { concatenatedRecordText, recordText, recordUint8Array } from '../payload.js';
function mmlogWriter(setup, format, data) {
    // Engine defaults (8 MiB chunks, 64 MiB resident window): what a user gets.
    const log = open(setup.path, { format });
    return {
        recordBytes: setup.size,
        write() {
            log.append(data);
            return undefined;
        },
        close() {
            log.close();
        },
    };
}
export const mmlogFramed = {
    id: 'mmlog-framed',
    name: 'mmlog framed',
    verify: 'framed',
    note: '`log.append(string)` on a `framed` log: 8-byte header with length and CRC32C, 8-byte aligned.',
    open: (setup) => mmlogWriter(setup, 'framed', recordText(setup.worker, setup.size)),
};
export const mmlogFramedConcatenated = {
    id: 'mmlog-framed-concat',
    name: 'mmlog framed (concatenated string)',
    verify: 'framed',
    note: 'The same, given the record as a string built by concatenation (a V8 cons string): ' +
        "V8's fast calls take flat strings only, so measuring it takes an ordinary native call " +
        'that also copies it to a staging buffer.',
    open: (setup) => mmlogWriter(setup, 'framed', concatenatedRecordText(setup.worker, setup.size)),
};
export const mmlogFramedBytes = {
    id: 'mmlog-framed-bytes',
    name: 'mmlog framed (Uint8Array)',
    verify: 'framed',
    note: '`log.append(uint8array)` on a `framed` log: the same record as a plain `Uint8Array` (as `TextEncoder#encode` returns).',
    open: (setup) => mmlogWriter(setup, 'framed', recordUint8Array(setup.worker, setup.size)),
};
export const mmlogRaw = {
    id: 'mmlog-raw',
    name: 'mmlog raw',
    verify: 'raw',
    note: '`log.append(string)` on a `raw` log: the bytes exactly, no header.',
    open: (setup) => mmlogWriter(setup, 'raw', recordText(setup.worker, setup.size)),
};
export const mmlogRawBytes = {
    id: 'mmlog-raw-bytes',
    name: 'mmlog raw (Uint8Array)',
    verify: 'raw',
    note: '`log.append(uint8array)` on a `raw` log: the same bytes as a plain `Uint8Array`.',
    open: (setup) => mmlogWriter(setup, 'raw', recordUint8Array(setup.worker, setup.size)),
};
//# sourceMappingURL=mmlog.js.map
/**
 * The baseline every logger ends in: one `write(2)` per record on an
 * `O_APPEND` descriptor, which the kernel keeps whole and ordered across
 * processes. `writevSync` hands the record over as two buffers, the way a
 * writer with a separate header would.
 * @module
 */
import { closeSync, openSync, writeSync, writevSync } from 'node:fs';
import { recordBytes, recordUint8Array } from '../payload.js';
export const fsWriteSync = {
    id: 'fs-writesync',
    name: 'fs.writeSync O_APPEND',
    verify: 'raw',
    note: '`fs.writeSync(fd, uint8array)` on a descriptor opened with `O_APPEND` (flag `a`): one `write(2)` per record. The baseline of every ratio, warm and cold.',
    open(setup) {
        const fd = openSync(setup.path, 'a');
        // A plain Uint8Array, as the mmlog Uint8Array rows get (fs treats a Buffer the same way).
        const record = recordUint8Array(setup.worker, setup.size);
        return {
            recordBytes: setup.size,
            write() {
                writeSync(fd, record);
                return undefined;
            },
            close: () => closeSync(fd),
        };
    },
};
export const fsWritevSync = {
    id: 'fs-writevsync',
    name: 'fs.writevSync O_APPEND',
    verify: 'raw',
    note: '`fs.writevSync(fd, [head, tail])` on an `O_APPEND` descriptor: the record as two buffers (one for 1 B), one `writev(2)` per record.',
    open(setup) {
        const fd = openSync(setup.path, 'a');
        const record = recordBytes(setup.worker, setup.size);
        const half = record.length >> 1;
        const parts = half === 0 ? [record] : [record.subarray(0, half), record.subarray(half)];
        return {
            recordBytes: setup.size,
            write() {
                writevSync(fd, parts);
                return undefined;
            },
            close: () => closeSync(fd),
        };
    },
};
//# sourceMappingURL=fsAppend.js.map
/**
 * `O_DIRECT | O_APPEND`, bypassing the page cache. Direct I/O needs the
 * buffer, length and file offset aligned to the block size, so records are
 * **batched**: packed whole into a 4096-byte block (never split across
 * blocks), the block's tail zero-filled, and one 4096-byte `write(2)` per
 * full block. Every block write is then aligned and atomic under `O_APPEND`,
 * so blocks of different processes interleave but records never tear. The
 * last partial block is written inside the timed region. (A block per record
 * costs ~50 µs per call on this machine's virtual disk: 20 s per run.)
 *
 * JavaScript cannot ask for aligned memory, so the buffer is a page of a
 * `MAP_SHARED` mapping made by the mmlog addon: mappings are page aligned.
 * @module
 */
import { closeSync, constants, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { native } from '../../src/native/binding.js';
import { recordBytes } from '../payload.js';
import { Unsupported } from './types.js';
export const BLOCK = 4096;
/** A page-aligned buffer of `length` bytes. */
function alignedBuffer(dir, worker, length) {
    const path = join(dir, `odirect-buffer-${worker}-${process.pid}`);
    const fd = openSync(path, 'w+', 0o600);
    try {
        ftruncateSync(fd, length);
        return Buffer.from(native.mmap(fd, 0, length, true, path));
    }
    finally {
        // The mapping keeps the pages; the name and descriptor are not needed.
        closeSync(fd);
        unlinkSync(path);
    }
}
/** Opens `path` for direct appends, or explains why this filesystem refuses. */
function openDirect(path, probe) {
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DIRECT;
    let fd;
    try {
        fd = openSync(path, flags, 0o644);
    }
    catch (error) {
        const e = error;
        if (e.code === 'EINVAL')
            throw new Unsupported(`open(O_DIRECT) fails with EINVAL on this filesystem`);
        throw error;
    }
    // Some filesystems accept the flag and refuse the I/O: probe with one block in a scratch file.
    const probePath = `${path}.probe-${process.pid}`;
    const probeFd = openSync(probePath, flags, 0o600);
    try {
        writeSync(probeFd, probe, 0, BLOCK, 0);
    }
    catch (error) {
        closeSync(fd);
        const e = error;
        if (e.code === 'EINVAL')
            throw new Unsupported(`an aligned O_DIRECT write fails with EINVAL here`);
        throw error;
    }
    finally {
        closeSync(probeFd);
        unlinkSync(probePath);
    }
    return fd;
}
export const oDirect = {
    id: 'odirect',
    name: 'O_DIRECT aligned',
    verify: 'odirect',
    note: '`O_DIRECT | O_APPEND` with a page-aligned buffer; records batched whole into 4096-byte blocks (zero-padded), one aligned `write(2)` per full block.',
    open(setup) {
        if (setup.size > BLOCK)
            throw new Unsupported(`records over ${BLOCK} B are not batched`);
        const block = alignedBuffer(setup.dir, setup.worker, BLOCK);
        const fd = openDirect(setup.path, block);
        const record = recordBytes(setup.worker, setup.size);
        let used = 0;
        const flushBlock = () => {
            block.fill(0, used, BLOCK);
            writeSync(fd, block, 0, BLOCK);
            used = 0;
        };
        return {
            recordBytes: setup.size,
            write() {
                if (used + record.length > BLOCK)
                    flushBlock();
                record.copy(block, used);
                used += record.length;
                return undefined;
            },
            settle() {
                if (used > 0)
                    flushBlock();
            },
            close() {
                if (used > 0)
                    flushBlock();
                closeSync(fd);
                native.unmap(block.buffer);
            },
        };
    },
};
//# sourceMappingURL=oDirect.js.map
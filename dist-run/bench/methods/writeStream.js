/**
 * Node's own buffered file stream. It is used as streams are meant to be:
 * when `write` returns false the writer waits for `'drain'` (otherwise a
 * tight loop queues every record in memory), and the timed region ends when
 * the last queued record has been written.
 * @module
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { recordBytes } from '../payload.js';
const EMPTY = Buffer.alloc(0);
export const fsWriteStream = {
    id: 'fs-writestream',
    name: 'fs.createWriteStream',
    verify: 'raw',
    note: "`stream.write(buffer)` on `fs.createWriteStream(path, { flags: 'a' })` (16 KiB high-water mark), waiting for `'drain'` when it returns false; queued chunks go out with `writev(2)`.",
    async open(setup) {
        const stream = createWriteStream(setup.path, { flags: 'a' });
        await once(stream, 'ready');
        const record = recordBytes(setup.worker, setup.size);
        return {
            recordBytes: setup.size,
            write: () => stream.write(record),
            drain: async () => {
                await once(stream, 'drain');
            },
            // Writes complete in order: when an empty write's callback runs, every
            // record queued before it has reached the kernel.
            settle: () => new Promise((resolve, reject) => stream.write(EMPTY, (error) => (error ? reject(error) : resolve()))),
            async close() {
                stream.end();
                await once(stream, 'close');
            },
        };
    },
};
//# sourceMappingURL=writeStream.js.map
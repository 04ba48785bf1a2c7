/**
 * sonic-boom, the destination under pino, used directly with strings.
 * Sync mode writes each string with `fs.writeSync`; async mode with
 * `minLength: 4096` gathers strings in memory and writes them with
 * `fs.write` on the thread pool, so the timed region ends with `flush`.
 * @module
 */
import { once } from 'node:events';
import sonicBoom from 'sonic-boom';
import { recordText } from '../payload.js';
async function sonicWriter(setup, sync) {
    // sonic-boom is CommonJS: its default import is module.exports, which carries the class as `.SonicBoom`.
    const { SonicBoom } = sonicBoom;
    const stream = sync
        ? new SonicBoom({ dest: setup.path, sync: true, append: true })
        : new SonicBoom({ dest: setup.path, sync: false, append: true, minLength: 4096 });
    if (!sync)
        await once(stream, 'ready');
    const record = recordText(setup.worker, setup.size);
    return {
        recordBytes: setup.size,
        // Like pino, ignore the return value: sonic-boom keeps buffering.
        write() {
            stream.write(record);
            return undefined;
        },
        settle: sync
            ? undefined
            : () => new Promise((resolve, reject) => stream.flush((error) => (error ? reject(error) : resolve()))),
        async close() {
            const closed = once(stream, 'close');
            stream.end();
            await closed;
        },
    };
}
export const sonicBoomSync = {
    id: 'sonic-sync',
    name: 'sonic-boom sync',
    verify: 'raw',
    note: '`new SonicBoom({ dest, sync: true })`, `write(string)`: one `fs.writeSync` (`O_APPEND`) per record.',
    open: (setup) => sonicWriter(setup, true),
};
export const sonicBoomAsync = {
    id: 'sonic-async',
    name: 'sonic-boom async (minLength 4096)',
    verify: 'raw',
    note: '`new SonicBoom({ dest, sync: false, minLength: 4096 })`, `write(string)`; the timed region ends when `flush(cb)` calls back. A tight loop never yields, so everything is buffered until then.',
    open: (setup) => sonicWriter(setup, false),
};
//# sourceMappingURL=sonicBoom.js.map
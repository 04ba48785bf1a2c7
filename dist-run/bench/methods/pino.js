/**
 * pino end to end: `logger.info(msg)` with pino's default fields (level,
 * time, pid, hostname, msg), into three destinations. The message is sized
 * so that the whole line, newline included, has the workload's size; when
 * the fields alone are longer (the 1 B workload), the message is one
 * character and the line is as short as pino makes it. MB/s then counts the
 * real line bytes.
 * @module
 */
import { once } from 'node:events';
import pino from 'pino';
import { destination as mmlogDestination } from '../../src/integrations/pino.js';
import { letterOf } from '../payload.js';
/** Bytes pino adds around `msg` in this process (its pid and hostname are part of the line). */
function lineOverhead() {
    let line = '';
    const capture = pino({}, { write: (s) => (line = s) });
    capture.info('');
    return Buffer.byteLength(line);
}
/** The message this writer logs, and the length of the line pino makes of it. */
function messageFor(setup) {
    const overhead = lineOverhead();
    const msgLength = Math.max(1, setup.size - overhead);
    return { msg: letterOf(setup.worker).repeat(msgLength), lineBytes: overhead + msgLength };
}
function pinoWriter(setup, dest, logger, buffered) {
    const { msg, lineBytes } = messageFor(setup);
    return {
        recordBytes: lineBytes,
        facts: { pid: process.pid, lineBytes, msgLength: msg.length, letter: letterOf(setup.worker) },
        write() {
            logger.info(msg);
            return undefined;
        },
        settle: buffered
            ? () => new Promise((resolve, reject) => logger.flush((error) => (error ? reject(error) : resolve())))
            : undefined,
        async close() {
            const closed = once(dest, 'close');
            dest.end();
            await closed;
        },
    };
}
export const pinoMmlog = {
    id: 'pino-mmlog',
    name: 'pino + mmlog destination',
    verify: 'pino',
    note: '`logger.info(msg)` with `pino(destination(path))` from `mmlog/pino`: each line is one `append` to a raw log.',
    open(setup) {
        const dest = mmlogDestination(setup.path);
        return pinoWriter(setup, dest, pino(dest), false);
    },
};
export const pinoSync = {
    id: 'pino-sync',
    name: 'pino + pino.destination sync',
    verify: 'pino',
    note: '`logger.info(msg)` with `pino(pino.destination({ dest, sync: true }))`: one `fs.writeSync` per line.',
    open(setup) {
        const dest = pino.destination({ dest: setup.path, sync: true });
        return pinoWriter(setup, dest, pino(dest), false);
    },
};
export const pinoAsync = {
    id: 'pino-async',
    name: 'pino + pino.destination async',
    verify: 'pino',
    note: "`logger.info(msg)` with `pino(pino.destination({ dest, sync: false, minLength: 4096 }))` (pino's documented async setup); timed until `logger.flush(cb)` calls back.",
    async open(setup) {
        const dest = pino.destination({ dest: setup.path, sync: false, minLength: 4096 });
        await once(dest, 'ready');
        return pinoWriter(setup, dest, pino(dest), true);
    },
};
//# sourceMappingURL=pino.js.map
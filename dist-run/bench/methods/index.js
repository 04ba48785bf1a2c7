/**
 * Every benchmarked method, in table order.
 * @module
 */
import { fsWriteSync, fsWritevSync } from './fsAppend.js';
import { mmlogFramed, mmlogFramedBytes, mmlogFramedConcatenated, mmlogRaw, mmlogRawBytes } from './mmlog.js';
import { oDirect } from './oDirect.js';
import { pinoAsync, pinoMmlog, pinoSync } from './pino.js';
import { sonicBoomAsync, sonicBoomSync } from './sonicBoom.js';
import { fsWriteStream } from './writeStream.js';
export const METHODS = [
    mmlogFramed,
    mmlogFramedConcatenated,
    mmlogFramedBytes,
    mmlogRaw,
    mmlogRawBytes,
    fsWriteSync,
    fsWritevSync,
    fsWriteStream,
    sonicBoomSync,
    sonicBoomAsync,
    oDirect,
    pinoMmlog,
    pinoSync,
    pinoAsync,
];
/** The method every row is compared with. */
export const BASELINE_ID = fsWriteSync.id;
/**
 * The methods of the cold workloads (fresh processes, no warm-up): mmlog
 * framed and its baseline, both given the record as a plain `Uint8Array`.
 */
export const COLD_METHOD_IDS = [mmlogFramedBytes.id, fsWriteSync.id];
/** The rows drawn in mmlog's colour. */
export function isMmlogRow(id) {
    return id.startsWith('mmlog') || id === pinoMmlog.id;
}
export function methodById(id) {
    const method = METHODS.find((m) => m.id === id);
    if (method === undefined)
        throw new Error(`unknown method '${id}'; known: ${METHODS.map((m) => m.id).join(', ')}`);
    return method;
}
//# sourceMappingURL=index.js.map
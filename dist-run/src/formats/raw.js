/**
 * Format `raw`: the bytes exactly as given, nothing added. A log of
 * newline-terminated strings is an ordinary text file.
 * @module
 */
import { NO_CHECKSUM, stringStager } from '../engine/hotPath.js';
class RawWriter {
    write(store, pos, data, length) {
        const offset = pos - store.base;
        // Strings are encoded straight into the mapping: no intermediate Buffer.
        if (typeof data === 'string')
            stringStager.write(store, data, offset, length, NO_CHECKSUM);
        else
            store.u8.set(data, offset);
    }
}
export const rawFormat = {
    name: 'raw',
    dataStart: 0,
    frameSize: (length) => length,
    initializeData: () => { },
    createWriter: () => new RawWriter(),
};
//# sourceMappingURL=raw.js.map
/**
 * Format `framed`: each record is `lenWord, crc, payload`, 8-byte aligned,
 * with the lenWord stored last (see `frame.ts` and `docs/format.md`).
 * @module
 */
import { writeSync } from 'node:fs';
import { commitFrame, stringStager } from '../engine/hotPath.js';
import { native } from '../native.js';
import { frameSeed, logIdRegister } from './crc32c.js';
import { FRAMED_DATA_START, frameSize, HEADER_SIZE, lenWordOf, META_MAGIC, META_PAYLOAD_SIZE, RecordType, TYPE_SHIFT, } from './frame.js';
const DATA_BITS = RecordType.DATA << TYPE_SHIFT;
class FramedWriter {
    /** The CRC register after the log id, as an unsigned 32-bit integer (what the native call takes). */
    idRegister;
    constructor(identity) {
        this.idRegister = logIdRegister(identity.logIdLo, identity.logIdHi) >>> 0;
    }
    write(store, pos, data, length) {
        const offset = pos - store.base;
        const lenWord = DATA_BITS | length;
        // The payload is copied, then checksummed while its bytes are hot, then
        // committed (the release store of a non-zero lenWord publishes the record)
        // — for an ASCII string all in one native call.
        if (typeof data === 'string') {
            stringStager.writeFrame(store, data, offset, length, this.idRegister, pos, lenWord);
        }
        else {
            store.u8.set(data, offset + HEADER_SIZE);
            commitFrame(store, offset, length, this.idRegister, pos, lenWord);
        }
    }
}
/** The META record that opens every framed data file: it names the log the file belongs to. */
export function encodeMetaRecord(identity) {
    const frame = Buffer.alloc(FRAMED_DATA_START);
    const payload = frame.subarray(HEADER_SIZE, HEADER_SIZE + META_PAYLOAD_SIZE);
    payload.write(META_MAGIC, 0, 'latin1');
    payload.writeUInt32LE(1, 8);
    payload.writeUInt32LE(identity.logIdLo, 16);
    payload.writeUInt32LE(identity.logIdHi, 20);
    payload.writeDoubleLE(identity.createdAt, 24);
    const lenWord = lenWordOf(RecordType.META, META_PAYLOAD_SIZE);
    const seed = frameSeed(logIdRegister(identity.logIdLo, identity.logIdHi), 0, lenWord);
    frame.writeUInt32LE(native.crc32c(payload, 0, META_PAYLOAD_SIZE, seed), 4);
    frame.writeUInt32LE(lenWord, 0);
    return frame;
}
export const framedFormat = {
    name: 'framed',
    dataStart: FRAMED_DATA_START,
    frameSize,
    initializeData(fd, identity) {
        const meta = encodeMetaRecord(identity);
        writeSync(fd, meta, 0, meta.length, 0);
    },
    createWriter: (identity) => new FramedWriter(identity),
};
//# sourceMappingURL=framed.js.map
import { ErrorCode, MmlogError } from '../errors.js';
import { CRC_OFFSET, frameSize, HEADER_SIZE, RecordType, TYPE_SHIFT } from '../layout/frame.js';
import { native } from '../native/binding.js';
import { crc32cShort, frameSeed, logIdRegister, NATIVE_CRC_THRESHOLD } from '../native/crc32c.js';
const DATA_BITS = RecordType.DATA << TYPE_SHIFT;
// Plain functions: a property load from the addon's exports object (a
// dictionary-mode object) misses the inline cache on every call.
const { commitFrame, writeStringFrame } = native;
function failed() {
    // Unreachable unless a claim lies outside its own window: a bug, never bad user input.
    return new MmlogError(ErrorCode.INTERNAL, 'frame commit: arguments outside the mapping');
}
export class FramedWriter {
    /** The CRC register after the log id, as an unsigned 32-bit integer (what the native call takes). */
    idRegister;
    constructor(identity) {
        this.idRegister = logIdRegister(identity.logIdLo, identity.logIdHi) >>> 0;
    }
    frameSize(length) {
        return frameSize(length);
    }
    write(store, pos, data, length) {
        const offset = pos - store.base;
        const lenWord = DATA_BITS | length;
        if (length < NATIVE_CRC_THRESHOLD) {
            this.writeShort(store, offset, pos, data, length, lenWord);
        }
        else if (typeof data === 'string') {
            if (writeStringFrame(data, store.sab, offset, length, this.idRegister, pos, lenWord) < 0) {
                throw failed();
            }
        }
        else {
            store.u8.set(data, offset + HEADER_SIZE);
            if (commitFrame(store.sab, offset, length, this.idRegister, pos, lenWord) < 0) {
                throw failed();
            }
        }
    }
    /** A short payload, all in JavaScript: cheaper than the native call's fixed cost. */
    writeShort(store, offset, pos, data, length, lenWord) {
        const u8 = store.u8;
        const start = offset + HEADER_SIZE;
        if (typeof data !== 'string')
            u8.set(data, start);
        else if (length === data.length)
            for (let i = 0; i < length; i++)
                u8[start + i] = data.charCodeAt(i);
        else
            store.buf.write(data, start, length, 'utf8');
        const i32 = store.i32;
        i32[(offset + CRC_OFFSET) >>> 2] = crc32cShort(frameSeed(this.idRegister, pos, lenWord), u8, start, length);
        Atomics.store(i32, offset >>> 2, lenWord);
    }
}
//# sourceMappingURL=framedWriter.js.map
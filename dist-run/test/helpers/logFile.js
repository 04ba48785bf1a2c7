/**
 * An independent reading of the on-disk format, used as the test oracle: it
 * parses files with plain Buffer reads and the JavaScript reference CRC,
 * sharing no code with the engine's writers.
 */
import { readFileSync } from 'node:fs';
import { crc32cReference } from './crc32cReference.js';
export function readControl(path) {
    const b = readFileSync(`${path}.ctl`);
    return {
        version: b.readUInt32LE(8),
        format: b.readUInt32LE(16),
        chunkSize: b.readUInt32LE(20),
        maxRecordSize: b.readUInt32LE(24),
        slotCount: b.readUInt32LE(28),
        logIdLo: b.readUInt32LE(32),
        logIdHi: b.readUInt32LE(36),
        dataStart: b.readUInt32LE(48),
        cursor: Number(b.readBigInt64LE(64)),
        allocated: Number(b.readBigInt64LE(128)),
        flags: b.readUInt32LE(136),
    };
}
/** CRC32C(logId ‖ pos ‖ lenWord ‖ payload), computed the slow, obvious way. */
export function frameCrc(logIdLo, logIdHi, pos, lenWord, payload) {
    const prefix = Buffer.alloc(20);
    prefix.writeUInt32LE(logIdLo, 0);
    prefix.writeUInt32LE(logIdHi, 4);
    prefix.writeBigUInt64LE(BigInt(pos), 8);
    prefix.writeUInt32LE(lenWord, 16);
    return crc32cReference(crc32cReference(0, prefix), payload);
}
/**
 * Walks every frame of a framed data file from position 0 to `end`; throws on
 * anything that is not a complete, checksummed frame.
 */
export function walkFramed(data, control, end) {
    const frames = [];
    let pos = 0;
    while (pos < end) {
        const lenWord = data.readUInt32LE(pos);
        if (lenWord === 0)
            throw new Error(`uncommitted frame at ${pos}`);
        const type = lenWord >>> 28;
        const length = lenWord & 0x0fffffff;
        const payload = data.subarray(pos + 8, pos + 8 + length);
        // PADDING (2) and LOST (4) frames: the CRC covers no payload.
        const filler = type === 2 || type === 4;
        const expected = frameCrc(control.logIdLo, control.logIdHi, pos, lenWord, filler ? Buffer.alloc(0) : payload);
        if (data.readUInt32LE(pos + 4) !== expected)
            throw new Error(`bad CRC at ${pos}`);
        frames.push({ pos, type, payload });
        pos += (length + 15) & ~7;
    }
    if (pos !== end)
        throw new Error(`frames end at ${pos}, expected ${end}`);
    return frames;
}
//# sourceMappingURL=logFile.js.map
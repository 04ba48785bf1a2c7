/**
 * Format `framed`: each record is `lenWord, crc, payload`, 8-byte aligned
 * (src/layout/frame.ts). The payload is copied, checksummed while its bytes
 * are in cache, then committed: the CRC, then the lenWord with a release
 * store, which publishes the record. Payloads shorter than
 * {@link NATIVE_CRC_THRESHOLD} are done in JavaScript; longer ones take one
 * ordinary native call (`native/hotPath.cc`), which for a string also
 * encodes it into the mapping.
 * @module
 */
import type { LogIdentity } from '../control/header.js';
import type { AppendStore } from '../storage/appendStore.js';
import type { RecordWriter } from './recordWriter.js';
export declare class FramedWriter implements RecordWriter {
    /** The CRC register after the log id, as an unsigned 32-bit integer (what the native call takes). */
    private readonly idRegister;
    constructor(identity: LogIdentity);
    frameSize(length: number): number;
    write(store: AppendStore, pos: number, data: string | Uint8Array, length: number): void;
    /** A short payload, all in JavaScript: cheaper than the native call's fixed cost. */
    private writeShort;
}

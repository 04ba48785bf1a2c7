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
import { ErrorCode, MmlogError } from '../errors.js';
import { CRC_OFFSET, frameSize, HEADER_SIZE, RecordType, TYPE_SHIFT } from '../layout/frame.js';
import { native } from '../native/binding.js';
import { crc32cShort, frameSeed, logIdRegister, NATIVE_CRC_THRESHOLD } from '../native/crc32c.js';
import type { AppendStore } from '../storage/appendStore.js';
import type { RecordWriter } from './recordWriter.js';

const DATA_BITS = RecordType.DATA << TYPE_SHIFT;

// Plain functions: a property load from the addon's exports object (a
// dictionary-mode object) misses the inline cache on every call.
const { commitFrame, writeStringFrame } = native;

function failed(): MmlogError {
  // Unreachable unless a claim lies outside its own window: a bug, never bad user input.
  return new MmlogError(ErrorCode.INTERNAL, 'frame commit: arguments outside the mapping');
}

export class FramedWriter implements RecordWriter {
  /** The CRC register after the log id, as an unsigned 32-bit integer (what the native call takes). */
  private readonly idRegister: number;

  constructor(identity: LogIdentity) {
    this.idRegister = logIdRegister(identity.logIdLo, identity.logIdHi) >>> 0;
  }

  frameSize(length: number): number {
    return frameSize(length);
  }

  write(store: AppendStore, pos: number, data: string | Uint8Array, length: number): void {
    const offset = pos - store.base;
    const lenWord = DATA_BITS | length;
    if (length < NATIVE_CRC_THRESHOLD) {
      this.writeShort(store, offset, pos, data, length, lenWord);
    } else if (typeof data === 'string') {
      if (writeStringFrame(data, store.sab as SharedArrayBuffer, offset, length, this.idRegister, pos, lenWord) < 0) {
        throw failed();
      }
    } else {
      store.u8.set(data, offset + HEADER_SIZE);
      if (commitFrame(store.sab as SharedArrayBuffer, offset, length, this.idRegister, pos, lenWord) < 0) {
        throw failed();
      }
    }
  }

  /** A short payload, all in JavaScript: cheaper than the native call's fixed cost. */
  private writeShort(
    store: AppendStore,
    offset: number,
    pos: number,
    data: string | Uint8Array,
    length: number,
    lenWord: number,
  ): void {
    const u8 = store.u8;
    const start = offset + HEADER_SIZE;
    if (typeof data !== 'string') u8.set(data, start);
    else if (length === data.length) for (let i = 0; i < length; i++) u8[start + i] = data.charCodeAt(i);
    else store.buf.write(data, start, length, 'utf8');
    const i32 = store.i32;
    i32[(offset + CRC_OFFSET) >>> 2] = crc32cShort(frameSeed(this.idRegister, pos, lenWord), u8, start, length);
    Atomics.store(i32, offset >>> 2, lenWord);
  }
}

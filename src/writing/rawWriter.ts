/**
 * Format `raw`: the bytes exactly as given, nothing added. A log of
 * newline-terminated strings is an ordinary text file. No native call:
 * bytes are `set` into the mapping, strings encoded straight into it.
 * @module
 */
import type { AppendStore } from '../storage/appendStore.js';
import type { RecordWriter } from './recordWriter.js';

/** Strings up to this many characters are copied by a JavaScript loop, below the fixed cost of `Buffer#write`. */
const SHORT_COPY = 16;

export class RawWriter implements RecordWriter {
  frameSize(length: number): number {
    return length;
  }

  write(store: AppendStore, pos: number, data: string | Uint8Array, length: number): void {
    const offset = pos - store.base;
    if (typeof data !== 'string') {
      store.u8.set(data, offset);
    } else if (length === data.length) {
      // As many bytes as characters: ASCII, whose Latin-1 copy is its UTF-8.
      if (length <= SHORT_COPY) {
        const u8 = store.u8;
        for (let i = 0; i < length; i++) u8[offset + i] = data.charCodeAt(i);
      } else {
        store.buf.write(data, offset, length, 'latin1');
      }
    } else {
      store.buf.write(data, offset, length, 'utf8');
    }
  }
}

/**
 * Format `raw`: the bytes exactly as given, nothing added. A log of
 * newline-terminated strings is an ordinary text file.
 * @module
 */
import { NO_CHECKSUM, stringStager } from './hotPath.js';
import type { DataStore } from '../storage/dataStore.js';
import type { RecordFormat, RecordWriter } from './recordFormat.js';

class RawWriter implements RecordWriter {
  write(store: DataStore, pos: number, data: string | Uint8Array, length: number): void {
    const offset = pos - store.base;
    // Strings are encoded straight into the mapping: no intermediate Buffer.
    if (typeof data === 'string') stringStager.write(store, data, offset, length, NO_CHECKSUM);
    else store.u8.set(data, offset);
  }
}

export const rawFormat: RecordFormat = {
  name: 'raw',
  dataStart: 0,
  frameSize: (length) => length,
  initializeData: () => {},
  createWriter: () => new RawWriter(),
};

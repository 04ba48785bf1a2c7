/**
 * Format `raw`: the bytes exactly as given, nothing added. A log of
 * newline-terminated strings is an ordinary text file. No native call:
 * bytes are `set` into the mapping, strings encoded straight into it.
 * @module
 */
import type { AppendStore } from '../storage/appendStore.js';
import type { RecordWriter } from './recordWriter.js';
export declare class RawWriter implements RecordWriter {
    frameSize(length: number): number;
    write(store: AppendStore, pos: number, data: string | Uint8Array, length: number): void;
}

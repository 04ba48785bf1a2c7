import type { DataStore } from './storage.js';
/** `seed` value that asks the copy functions for no checksum. */
export declare const NO_CHECKSUM = -1;
/** Atomically adds `delta` to the int64 at byte `offset` of `buffer`; returns its previous value. */
export declare function fetchAdd64(buffer: SharedArrayBuffer, offset: number, delta: number): number;
/** CRC32C extending `seed` over `length` bytes of `buffer` at `offset`. */
export declare function crc32cShared(buffer: SharedArrayBuffer, offset: number, length: number, seed: number): number;
/**
 * CRC32C extending `seed` over `length` mapped bytes at `offset` (`u8` views
 * `buffer`): in JavaScript when they are too few to be worth a native call.
 * What framed writers and frame checks both use for a payload.
 */
export declare function crc32cMapped(buffer: SharedArrayBuffer, u8: Uint8Array, offset: number, length: number, seed: number): number;
/**
 * Commits the framed record at `offset` of the store's window, whose `length`
 * payload bytes are in place: its CRC32C, then its lenWord with a release
 * store (see {@link native.commitFrame}).
 */
export declare function commitFrame(store: DataStore, offset: number, length: number, idRegister: number, pos: number, lenWord: number): void;
/**
 * Measures and writes strings as UTF-8. One per thread: an append measures
 * and writes with no other append in between, so the scratch buffer and the
 * decision are never shared by two records.
 */
export declare class StringStager {
    private scratch;
    private source;
    /** The UTF-8 byte length of `text`; prepares {@link write}. */
    measure(text: string): number;
    /**
     * Writes the string last measured (`text`, `length` bytes) at `offset` of
     * the store's window. Returns the CRC32C of the bytes extending `seed`, or
     * 0 with {@link NO_CHECKSUM}.
     */
    write(store: DataStore, text: string, offset: number, length: number, seed: number): number;
    /**
     * Writes the string last measured (`text`, `length` bytes) as the payload
     * of the frame at `offset` of the store's window and commits the frame
     * (see {@link commitFrame}): for an ASCII string, one native call.
     */
    writeFrame(store: DataStore, text: string, offset: number, length: number, idRegister: number, pos: number, lenWord: number): void;
}
/** The stager of this thread. */
export declare const stringStager: StringStager;

/**
 * How a record of each format is measured, written and committed into space
 * already claimed. The append path (`log.ts`) claims and prepares the space;
 * it never looks inside a record.
 * @module
 */
import type { LogIdentity } from '../control/header.js';
import type { AppendStore } from '../storage/appendStore.js';
/** Writes records of one format into claimed space. */
export interface RecordWriter {
    /** Bytes a record with `length` bytes of payload occupies. */
    frameSize(length: number): number;
    /**
     * Writes and commits one record whose claim starts at `pos`. `length` is
     * the payload's byte length (from {@link payloadLength}); the window of
     * `store` holds the whole claim.
     */
    write(store: AppendStore, pos: number, data: string | Uint8Array, length: number): void;
}
/**
 * The UTF-8 byte length of a string (lone surrogates count as U+FFFD, three
 * bytes, as `Buffer` writes them). A UTF-8 length equal to the string's
 * length means every character is ASCII, which the writers rely on.
 */
export declare function utf8Length(text: string): number;
/** The writer for the log with this identity. */
export declare function writerFor(identity: LogIdentity): RecordWriter;

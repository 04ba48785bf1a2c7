/**
 * What the engine needs from a data format. The engine (claiming space,
 * growth, mapping) never looks inside a record; a format decides how many
 * bytes a record occupies, how it is written and committed, and what a new
 * data file starts with.
 * @module
 */
import type { LogIdentity } from '../control/header.js';
import type { FormatName } from '../control/layout.js';
import type { DataStore } from '../engine/storage.js';
/** Writes records of one format into claimed space. */
export interface RecordWriter {
    /**
     * Writes and commits one record whose claim starts at `pos`. `length` is
     * the payload's byte length (already validated); the window of `store`
     * holds the whole claim.
     */
    write(store: DataStore, pos: number, data: string | Uint8Array, length: number): void;
}
/** A data format. */
export interface RecordFormat {
    readonly name: FormatName;
    /** Position of the first user record in a new data file. */
    readonly dataStart: number;
    /** Bytes a record with `length` bytes of payload occupies. */
    frameSize(length: number): number;
    /**
     * Writes what a new data file starts with. Deterministic and idempotent: a
     * process repairing a log whose creator died may run it again.
     */
    initializeData(fd: number, identity: LogIdentity, path: string): void;
    /** A writer for the log with this identity. */
    createWriter(identity: LogIdentity): RecordWriter;
}

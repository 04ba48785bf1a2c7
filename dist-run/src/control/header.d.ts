import { type FormatName } from '../layout/control.js';
/** The settings fixed when a log is created. */
export interface LogIdentity {
    format: FormatName;
    chunkSize: number;
    maxRecordSize: number;
    slotCount: number;
    /** Low and high 32 bits of the random log id. */
    logIdLo: number;
    logIdHi: number;
    createdAt: number;
    dataStart: number;
    pageSize: number;
    /** Positions per segment; 0 for a single-file log. */
    segmentSize: number;
    /** Segments also end when this period of the clock ends (ms); 0 = by size only. */
    rollEvery: number;
    /** Retention of sealed segments; 0 = no limit. */
    retainSegments: number;
    retainBytes: number;
    retainAge: number;
}
/** The segment settings of a single-file log. */
export declare const NO_SEGMENTS: {
    readonly segmentSize: 0;
    readonly rollEvery: 0;
    readonly retainSegments: 0;
    readonly retainBytes: 0;
    readonly retainAge: 0;
};
/** Writes a fresh control file image: identity set, everything else zero. */
export declare function encodeControlImage(id: LogIdentity, initialCursor: number): Buffer;
/**
 * Checks a control file read from disk (`image` holds at least its first
 * page, `fileSize` is its real size) and returns the identity it records.
 * Throws an {@link MmlogError} and changes nothing when the file is not ours,
 * of another version, truncated or holds impossible values.
 */
export declare function decodeControlImage(image: Buffer, fileSize: number, path: string): LogIdentity;

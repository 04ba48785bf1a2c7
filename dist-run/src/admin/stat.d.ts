/** A writer slot as `stat` reports it. */
export interface WriterInfo {
    slot: number;
    pid: number;
    threadId: number;
    /** `alive`, `stalled` (alive but stopped, e.g. SIGSTOP), or `dead`. */
    state: 'alive' | 'stalled' | 'dead';
    role: 'writer' | 'reader';
    openedAt: string;
    /** The claim it is in the middle of, if any. */
    claim: {
        pos: number;
        length: number;
    } | null;
}
/** A segment of a segmented log, as `stat` reports it. */
export interface SegmentInfo {
    /** Its first position (its file is named after it). */
    base: number;
    /** Size of its file. */
    bytes: number;
    /** Whether it was sealed (ended by a roll): no record is added to it any more. */
    sealed: boolean;
    /** Where its records end when sealed (-1 when not sealed, or no longer known). */
    sealEnd: number;
}
/** What {@link stat} returns. */
export interface LogStat {
    path: string;
    format: 'raw' | 'framed';
    version: number;
    logId: string;
    createdAt: string;
    chunkSize: number;
    maxRecordSize: number;
    slots: number;
    /** Next free position. */
    cursor: number;
    /** Every claim below this is complete (computed now). */
    committed: number;
    /** Bytes of the data file known to be allocated. */
    allocated: number;
    /** Size of the data file (segmented: of all its segment files). */
    fileSize: number;
    /** Positions per segment; 0 for a single-file log. */
    segmentSize: number;
    /** Segmented logs: the period of rolls by time (ms; 0 = by size only) and the retention limits (0 = none). */
    rollEvery: number;
    retention: {
        maxSegments: number;
        maxBytes: number;
        maxAgeMs: number;
    };
    /** The first position the log holds (retention and checkpoints delete whole segments below it). */
    firstPosition: number;
    /** Segmented logs: each segment file, oldest first. */
    segments: SegmentInfo[];
    /** Segmented logs: the named consumers, their positions and how far behind the cursor they are (bytes). */
    consumers: {
        name: string;
        position: number;
        lag: number;
    }[];
    flags: {
        dataReady: boolean;
        panicked: boolean;
    };
    writers: WriterInfo[];
    counters: {
        growths: number;
        trims: number;
        slotsReclaimed: number;
        claimsAbandoned: number;
        claimsPadded: number;
    };
}
/**
 * Reads the state of the log at `path` without changing it.
 * @throws TypeError for a path that is not a non-empty string (nothing is opened then).
 */
export declare function stat(path: string): LogStat;

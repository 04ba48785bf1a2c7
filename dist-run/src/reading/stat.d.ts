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
    /** Everything below this has been fdatasync'ed. */
    durable: number;
    /** Bytes of the data file known to be allocated. */
    allocated: number;
    /** Size of the data file. */
    fileSize: number;
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
/** Reads the state of the log at `path` without changing it. */
export declare function stat(path: string): LogStat;

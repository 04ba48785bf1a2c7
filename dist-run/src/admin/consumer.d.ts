/** A named consumer of a segmented log (see {@link consumer}). */
export interface Consumer {
    /** Its name. */
    readonly name: string;
    /** The position it resumes from: pass it as `from` to `read` or `follow`. */
    readonly position: number;
    /**
     * Stores `pos` (the position to resume from: a record's `next`) durably
     * under the consumer's name. Retention may then delete segments wholly
     * below it.
     */
    commit(pos: number): void;
    /** Removes the consumer from the log: retention no longer waits for it. */
    remove(): void;
    close(): void;
}
/**
 * Opens (registering it if new, at the log's first position) the named
 * consumer `name` of the segmented log at `path`.
 * @throws TypeError for a bad path or name; `ERR_MMLOG_NOT_SEGMENTED` for a
 *   single-file log; the errors of opening a log.
 */
export declare function consumer(path: string, name: string): Consumer;

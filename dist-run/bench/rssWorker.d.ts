export interface RssReport {
    mode: string;
    /** Peak resident set size at the end (VmHWM), KiB. */
    peakRssKiB: number;
    elapsedMs: number;
    /** Size of the data file after close (0 for the baseline). */
    fileBytes: number;
    /** Current RSS sampled along the way. */
    samples: {
        appendedBytes: number;
        rssKiB: number;
    }[];
    /** The baseline's sum over the record, so its loop cannot be optimized away. */
    checksum: number;
}

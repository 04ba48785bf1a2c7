/** Peak resident set size of this process, in KiB. */
export declare function peakRssKiB(): number;

/**
 * Latency histograms: every call's duration in nanoseconds, kept with three
 * significant digits by HdrHistogram, so millions of samples cost a few
 * kilobytes and merge exactly across processes.
 * @module
 */
import * as hdr from 'hdr-histogram-js';
export type Histogram = hdr.Histogram;
/** An empty histogram from 1 ns to 100 s. */
export declare function createHistogram(): Histogram;
export declare function encodeHistogram(h: Histogram): string;
/** Merges encoded histograms (one per process) into one. */
export declare function mergeHistograms(encoded: readonly string[]): Histogram;
/** The latency percentiles the tables show, in ns. */
export interface Percentiles {
    p50: number;
    p99: number;
    p999: number;
    max: number;
}
export declare function percentilesOf(h: Histogram): Percentiles;
/**
 * What two back-to-back `hrtime.bigint()` reads cost here (median of many):
 * the floor under every latency sample, since each sample includes one.
 */
export declare function timerFloorNs(): number;

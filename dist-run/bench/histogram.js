/**
 * Latency histograms: every call's duration in nanoseconds, kept with three
 * significant digits by HdrHistogram, so millions of samples cost a few
 * kilobytes and merge exactly across processes.
 * @module
 */
import * as hdr from 'hdr-histogram-js';
/** An empty histogram from 1 ns to 100 s. */
export function createHistogram() {
    return hdr.build({
        lowestDiscernibleValue: 1,
        highestTrackableValue: 100e9,
        numberOfSignificantValueDigits: 3,
        useWebAssembly: false,
    });
}
export function encodeHistogram(h) {
    return hdr.encodeIntoCompressedBase64(h);
}
/** Merges encoded histograms (one per process) into one. */
export function mergeHistograms(encoded) {
    const merged = createHistogram();
    for (const e of encoded)
        merged.add(hdr.decodeFromCompressedBase64(e));
    return merged;
}
export function percentilesOf(h) {
    return {
        p50: h.getValueAtPercentile(50),
        p99: h.getValueAtPercentile(99),
        p999: h.getValueAtPercentile(99.9),
        max: h.maxValue,
    };
}
/**
 * What two back-to-back `hrtime.bigint()` reads cost here (median of many):
 * the floor under every latency sample, since each sample includes one.
 */
export function timerFloorNs() {
    const h = createHistogram();
    for (let i = 0; i < 20_000; i++) {
        const t0 = process.hrtime.bigint();
        const t1 = process.hrtime.bigint();
        h.recordValue(Math.max(1, Number(t1 - t0)));
    }
    return h.getValueAtPercentile(50);
}
//# sourceMappingURL=histogram.js.map
export function median(values) {
    if (values.length === 0)
        return Number.NaN;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
/** Medians of one stretch over the repetitions (every repetition cuts the calls alike). */
function segmentRow(segments) {
    const runs = segments.map((s) => s.nsPerAppend);
    return { from: segments[0].from, to: segments[0].to, nsPerAppend: median(runs), nsPerAppendRuns: runs };
}
function firstAppendsOf(runs) {
    const all = runs.map((r) => r.segments);
    if (all.length === 0 || all.some((s) => s === undefined))
        return undefined;
    const segs = all;
    const rests = segs.map((s) => s.rest);
    return {
        steps: segs[0].steps.map((_, i) => segmentRow(segs.map((s) => s.steps[i]))),
        first: segmentRow(segs.map((s) => s.first)),
        rest: rests.every((r) => r !== undefined) ? segmentRow(rests) : undefined,
    };
}
/** Folds the repetitions of one method on one workload into a row. */
export function summarize(methodId, method, runs) {
    const empty = { totalMs: NaN, nsPerCall: NaN, mbPerSec: NaN, p50Ns: NaN, p99Ns: NaN, p999Ns: NaN, maxNs: NaN };
    const base = { methodId, method, reps: runs.length, ...empty, peakRssMiB: NaN, timerFloorNs: NaN };
    const spread = {
        nsPerCallMin: NaN,
        nsPerCallMax: NaN,
        nsPerCallRuns: [],
        startSpreadUs: NaN,
        latencyMinorFaults: NaN,
        latencyPreemptions: NaN,
    };
    const unsupported = runs.find((r) => r.status === 'unsupported');
    if (unsupported !== undefined)
        return { ...base, ...spread, status: 'unsupported', reason: unsupported.reason };
    const failed = runs.filter((r) => r.status === 'failed');
    if (failed.length > 0) {
        return {
            ...base,
            ...spread,
            status: 'failed',
            reason: `${failed.length}/${runs.length} runs: ${failed[0].reason}`,
        };
    }
    const ok = runs;
    const perCall = ok.map((r) => r.wallNs / r.calls);
    // Latency medians over the repetitions that had a latency pass (none in cold runs: NaN).
    const lat = ok.flatMap((r) => (r.latency === undefined ? [] : [r.latency]));
    const firstAppends = firstAppendsOf(ok);
    return {
        ...base,
        status: 'ok',
        totalMs: median(ok.map((r) => r.wallNs / 1e6)),
        nsPerCall: median(perCall),
        mbPerSec: median(ok.map((r) => r.bytes / 1e6 / (r.wallNs / 1e9))),
        p50Ns: median(lat.map((l) => l.percentiles.p50)),
        p99Ns: median(lat.map((l) => l.percentiles.p99)),
        p999Ns: median(lat.map((l) => l.percentiles.p999)),
        maxNs: median(lat.map((l) => l.percentiles.max)),
        peakRssMiB: median(ok.map((r) => r.peakRssKiB / 1024)),
        nsPerCallMin: Math.min(...perCall),
        nsPerCallMax: Math.max(...perCall),
        nsPerCallRuns: perCall,
        timerFloorNs: median(lat.map((l) => l.timerFloorNs)),
        startSpreadUs: median(ok.map((r) => r.startSpreadNs / 1e3)),
        latencyMinorFaults: median(lat.map((l) => l.minorFaults)),
        latencyPreemptions: median(lat.map((l) => l.preemptions)),
        ...(firstAppends === undefined ? {} : { firstAppends }),
    };
}
/** Median over the repetitions both have of baseline ÷ value, repetition i with repetition i. */
function pairedRatio(values, baseline) {
    const ratios = [];
    values.forEach((v, i) => {
        const b = baseline[i];
        if (v !== undefined && b !== undefined && v > 0)
            ratios.push(b / v);
    });
    return ratios.length > 0 ? median(ratios) : undefined;
}
/** A run's ns per call, or undefined when it did not succeed. */
function perCallOf(run) {
    return run?.status === 'ok' ? run.wallNs / run.calls : undefined;
}
/**
 * Sets the ratio to the baseline of every row but the baseline's own (and of
 * each stretch of a cold row's appends), pairing repetition i of the row with
 * repetition i of the baseline: both ran minutes apart at most, so machine
 * noise that drifts over the run largely cancels. The ratio is the median of
 * those per-repetition ratios, not a ratio of medians.
 */
export function addRatios(rows, runsByMethod, baselineId) {
    const baseline = runsByMethod.get(baselineId);
    if (baseline === undefined)
        return;
    const baseSegments = baseline.map((b) => (b.status === 'ok' ? b.segments : undefined));
    for (const row of rows) {
        if (row.methodId === baselineId || row.status !== 'ok')
            continue;
        const runs = runsByMethod.get(row.methodId);
        const ratio = pairedRatio(runs.map(perCallOf), baseline.map(perCallOf));
        if (ratio !== undefined)
            row.ratioToBaseline = ratio;
        const fa = row.firstAppends;
        if (fa === undefined)
            continue;
        const segments = runs.map((r) => (r.status === 'ok' ? r.segments : undefined));
        const pick = (stretch, get) => {
            const r = pairedRatio(segments.map((s) => (s === undefined ? undefined : get(s)?.nsPerAppend)), baseSegments.map((s) => (s === undefined ? undefined : get(s)?.nsPerAppend)));
            if (r !== undefined)
                stretch.ratioToBaseline = r;
        };
        fa.steps.forEach((step, i) => {
            pick(step, (s) => s.steps[i]);
        });
        pick(fa.first, (s) => s.first);
        if (fa.rest !== undefined)
            pick(fa.rest, (s) => s.rest);
    }
}
//# sourceMappingURL=stats.js.map
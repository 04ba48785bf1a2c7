/**
 * Number formatting shared by the table, the chart and the docs.
 * @module
 */
/** A duration in ns, in the unit that keeps 2–3 significant digits: "85 ns", "1.2 µs", "3.4 ms". */
export function duration(ns) {
    if (!Number.isFinite(ns))
        return '–';
    if (ns < 1_000)
        return `${Math.round(ns)} ns`;
    if (ns < 1_000_000)
        return `${trim(ns / 1_000)} µs`;
    if (ns < 1_000_000_000)
        return `${trim(ns / 1_000_000)} ms`;
    return `${trim(ns / 1_000_000_000)} s`;
}
function trim(value) {
    return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}
/** A plain number with thousands separators and `digits` decimals. */
export function num(value, digits = 0) {
    if (!Number.isFinite(value))
        return '–';
    return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
/** A throughput ratio: "3.4× faster" reads better than 3.4. */
export function ratio(value) {
    if (value === undefined || !Number.isFinite(value))
        return '';
    return `${value.toFixed(value < 10 ? 2 : 1)}×`;
}
//# sourceMappingURL=format.js.map
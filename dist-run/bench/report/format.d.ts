/**
 * Number formatting shared by the table, the chart and the docs.
 * @module
 */
/** A duration in ns, in the unit that keeps 2–3 significant digits: "85 ns", "1.2 µs", "3.4 ms". */
export declare function duration(ns: number): string;
/** A plain number with thousands separators and `digits` decimals. */
export declare function num(value: number, digits?: number): string;
/** A throughput ratio: "3.4× faster" reads better than 3.4. */
export declare function ratio(value: number | undefined): string;

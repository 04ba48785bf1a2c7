import type { Row } from '../stats.js';
/** A padded markdown table, readable in a terminal too. */
export declare function table(header: readonly string[], rows: readonly (readonly string[])[]): string;
/** A warm workload's table. */
export declare function markdownTable(rows: readonly Row[]): string;
/** The last of the first appends the cold rows report apart (10,000 in a full run, 1,000 in a quick one). */
export declare function firstSplit(rows: readonly Row[]): number | undefined;
/** "1–10,000", "10,001–100,000". */
export declare function stretchLabel(from: number, to: number): string;
/**
 * A cold workload's table: throughput of the whole loop as in the warm
 * tables, then each fresh writer's time per append over its appends
 * 1–10,000 (1–1,000 in quick mode) and over the rest, with the median
 * per-repetition ratio to `fs.writeSync` over the same appends in parentheses.
 */
export declare function coldTable(rows: readonly Row[], count: number): string;
/**
 * One table for every cold workload: each fresh writer's time per append
 * along its calls (1–100, 101–1,000, 1,001–10,000, the rest).
 */
export declare function stretchesTable(workloads: readonly {
    title: string;
    count: number;
    rows: readonly Row[];
}[]): string;

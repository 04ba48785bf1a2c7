import type { RssReport } from './rssWorker.js';
export declare const RSS_TOTAL_BYTES: number;
export declare const RSS_RECORD_BYTES = 4096;
export type RssResult = {
    status: 'ok';
    totalBytes: number;
    recordBytes: number;
    mmlog: RssReport;
    baseline: RssReport;
    /** mmlog peak − baseline peak. */
    overheadMiB: number;
    targetMiB: number;
    pass: boolean;
} | {
    status: 'skipped' | 'failed';
    reason: string;
};
/** Runs the scenario in `dir` (skipped when the disk has less than 6 GiB free). */
export declare function runRssScenario(dir: string): Promise<RssResult>;
/** One paragraph for the terminal and the docs. */
export declare function describeRss(result: RssResult): string;

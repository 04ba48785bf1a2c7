import type { Workload } from '../config.js';
import type { MachineInfo } from '../machine.js';
import type { ResultsWithRead } from '../readBench.js';
import type { RssResult } from '../rss.js';
import type { Row } from '../stats.js';
export interface WorkloadResult extends Workload {
    key: string;
    title: string;
    rows: Row[];
}
export interface MethodInfo {
    id: string;
    name: string;
    note: string;
}
export interface BenchResults {
    mode: 'full' | 'quick' | 'rss' | 'render';
    command: string;
    machine: MachineInfo;
    reps: number;
    durationS: number;
    methods: MethodInfo[];
    workloads: WorkloadResult[];
    rss: RssResult | undefined;
}
/** docs/benchmarks.json: the last full run of each Node.js major version, keyed by it ("24", "22", "20"). */
export interface DocsResults {
    format: 'mmlog-bench-by-node/1';
    nodes: Record<string, ResultsWithRead>;
}
/** The major version of a `process.version` string: "v24.1.0" → "24". */
export declare function nodeMajor(version: string): string;
/** The Node majors of `docs`, newest first. */
export declare function nodeMajors(docs: DocsResults): string[];
/**
 * Reads docs/benchmarks.json. A file from before results were kept per Node
 * version (one run at the top level) becomes that run's version's entry.
 */
export declare function readDocs(path: string): DocsResults;
/** `docs` with `results` as the entry of the Node version that produced them. */
export declare function withRun(docs: DocsResults, results: ResultsWithRead): DocsResults;
/**
 * `JSON.stringify` with arrays of plain values on one line, as the repository's
 * formatter (biome, run by `npm test` over bench/) writes them.
 */
export declare function formatJson(results: BenchResults | DocsResults): string;
/** Writes `results` as JSON to each of `paths`. */
export declare function writeJson(results: BenchResults | DocsResults, paths: readonly string[]): void;

/**
 * The machine-readable results: everything the tables, the chart and the
 * docs are made from, so they can be regenerated or compared later.
 *
 * `bench/results/latest.json` holds the last run ({@link BenchResults}).
 * `docs/benchmarks.json` holds the last full run of each Node.js major
 * version ({@link DocsResults}), keyed by that major: a full run under
 * Node 24 replaces `nodes["24"]` and keeps the others.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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
export function nodeMajor(version: string): string {
  const match = /^v?(\d+)\./.exec(version);
  if (match === null) throw new Error(`not a Node.js version: ${version}`);
  return match[1];
}

/** The Node majors of `docs`, newest first. */
export function nodeMajors(docs: DocsResults): string[] {
  return Object.keys(docs.nodes).sort((a, b) => Number(b) - Number(a));
}

/**
 * Reads docs/benchmarks.json. A file from before results were kept per Node
 * version (one run at the top level) becomes that run's version's entry.
 */
export function readDocs(path: string): DocsResults {
  const empty: DocsResults = { format: 'mmlog-bench-by-node/1', nodes: {} };
  if (!existsSync(path)) return empty;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as DocsResults | ResultsWithRead;
  if ('nodes' in parsed) return parsed;
  return { ...empty, nodes: { [nodeMajor(parsed.machine.node)]: parsed } };
}

/** `docs` with `results` as the entry of the Node version that produced them. */
export function withRun(docs: DocsResults, results: ResultsWithRead): DocsResults {
  return { ...docs, nodes: { ...docs.nodes, [nodeMajor(results.machine.node)]: results } };
}

/** NaN (a row without a number) becomes null, as JSON requires; fractions keep 3 decimals. */
function replacer(_: string, value: unknown): unknown {
  if (typeof value !== 'number') return value;
  if (!Number.isFinite(value)) return null;
  return Number.isInteger(value) ? value : Math.round(value * 1000) / 1000;
}

/**
 * `JSON.stringify` with arrays of plain values on one line, as the repository's
 * formatter (biome, run by `npm test` over bench/) writes them.
 */
export function formatJson(results: object): string {
  const text = JSON.stringify(results, replacer, 2);
  return `${text.replace(/\[\n\s+([^[\]{}]*?)\n\s*\]/g, (_, body: string) => `[${body.split(/,\n\s*/).join(', ')}]`)}\n`;
}

/** Writes `results` (these, or another benchmark's, such as `--durable`'s) as JSON to each of `paths`. */
export function writeJson(results: object, paths: readonly string[]): void {
  const text = formatJson(results);
  for (const path of paths) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}

/**
 * The machine-readable results: everything the tables, the chart and the
 * docs are made from, so they can be regenerated or compared later.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Workload } from '../config.js';
import type { MachineInfo } from '../machine.js';
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
export function formatJson(results: BenchResults): string {
  const text = JSON.stringify(results, replacer, 2);
  return `${text.replace(/\[\n\s+([^[\]{}]*?)\n\s*\]/g, (_, body: string) => `[${body.split(/,\n\s*/).join(', ')}]`)}\n`;
}

/** Writes `results` as JSON to each of `paths`. */
export function writeJson(results: BenchResults, paths: readonly string[]): void {
  const text = formatJson(results);
  for (const path of paths) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}

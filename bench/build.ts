/**
 * Compiles the writer processes to plain JavaScript once per benchmark, so
 * that writers start as bare `node` processes. Under tsx every process
 * would load a TypeScript compiler: +120 ms of start-up and +35 MiB of
 * resident memory per writer, which would swamp the peak-RSS column.
 *
 * The bundle lives in node_modules/.cache (ignored by git), from where
 * packages (pino, sonic-boom, hdr-histogram-js) resolve as usual and the
 * mmlog addon is found in build/Release, as from src/.
 * @module
 */

import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = `${ROOT}node_modules/.cache/mmlog-bench`;

/** Paths of the compiled entry points. */
export interface BuiltWorkers {
  worker: string;
  rssWorker: string;
}

let built: BuiltWorkers | undefined;

/** Bundles bench/worker.ts and bench/rssWorker.ts (with the mmlog sources they import). */
export function buildWorkers(): BuiltWorkers {
  if (built !== undefined) return built;
  compileForNode([`${ROOT}bench/worker.ts`, `${ROOT}bench/rssWorker.ts`], OUT_DIR);
  built = { worker: `${OUT_DIR}/worker.mjs`, rssWorker: `${OUT_DIR}/rssWorker.mjs` };
  return built;
}

/** Bundles `bench/<name>.ts` (a worker of a benchmark of its own) and returns the path of the compiled script. */
export function compileWorker(name: string): string {
  compileForNode([`${ROOT}bench/${name}.ts`], OUT_DIR);
  return `${OUT_DIR}/${name}.mjs`;
}

/** Bundles bench entry points (relative to the repository root) into `outDir` as plain `.mjs` for node 20. */
export function compileForNode(entryPoints: string[], outDir: string): void {
  buildSync({
    entryPoints,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
}

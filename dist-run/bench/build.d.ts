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
/** Paths of the compiled entry points. */
export interface BuiltWorkers {
    worker: string;
    rssWorker: string;
}
/** Bundles bench/worker.ts and bench/rssWorker.ts (with the mmlog sources they import). */
export declare function buildWorkers(): BuiltWorkers;
/** Bundles bench entry points (relative to the repository root) into `outDir` as plain `.mjs` for node 20. */
export declare function compileForNode(entryPoints: string[], outDir: string): void;

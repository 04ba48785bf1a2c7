import type { Workload } from './config.js';
import type { VerifyKind } from './methods/types.js';
/** What a writer told the parent when it was ready. */
export interface WriterFacts {
    worker: number;
    recordBytes: number;
    facts: Record<string, string | number>;
}
/**
 * Checks the file at `path`; returns a description of the first problem, or
 * undefined when each of the workload's writers has exactly `perWriter` intact records.
 */
export declare function verifyOutput(kind: VerifyKind, path: string, workload: Workload, writers: readonly WriterFacts[], perWriter: number): string | undefined;

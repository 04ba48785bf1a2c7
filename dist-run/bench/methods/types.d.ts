/**
 * The contract between the worker harness and one way of appending to a
 * file. The harness owns timing, barriers and reporting; a method only opens
 * its writer and exposes one call to time.
 * @module
 */
/** How the parent checks the file after a run (see `bench/verify.ts`). */
export type VerifyKind = 'raw' | 'framed' | 'odirect' | 'pino';
/** What a writer is told when it opens. */
export interface WriterSetup {
    /** The shared output file. */
    readonly path: string;
    /** Scratch directory on the same filesystem (for probes), deleted by the parent. */
    readonly dir: string;
    /** Record size of the workload, in bytes. */
    readonly size: number;
    /** This writer's index (0-based); it picks the record's letter. */
    readonly worker: number;
}
/** An open writer inside a worker process. */
export interface BenchWriter {
    /** Bytes one call puts in the file (the payload, not counting framing or block padding). */
    readonly recordBytes: number;
    /** Facts the parent needs to verify the file (e.g. the pino line this process writes). */
    readonly facts?: Record<string, string | number>;
    /**
     * One call of the method's public API: what the latency pass times.
     * Returns false when the caller must wait for {@link drain} (stream backpressure).
     */
    write(): boolean | undefined;
    /** Resolves when a stream that refused more data ({@link write} returned false) has room again. */
    drain?(): Promise<void>;
    /**
     * Part of the timed region: waits until every record written so far has
     * been handed to the kernel. Only buffering writers need it.
     */
    settle?(): Promise<void> | void;
    /** Closes the writer (not timed). */
    close(): Promise<void> | void;
}
/** One benchmarked method: a row of the table. */
export interface Method {
    /** Stable id used on the command line and in JSON. */
    readonly id: string;
    /** The row's label. */
    readonly name: string;
    /** How the output is verified. */
    readonly verify: VerifyKind;
    /** One sentence for the docs: what a call does and what payload type it takes. */
    readonly note: string;
    open(setup: WriterSetup): BenchWriter | Promise<BenchWriter>;
}
/** Thrown by {@link Method.open} when the method cannot run on this machine; the row then says why. */
export declare class Unsupported extends Error {
}

/**
 * Record contents, shared by the writers and the verifier: writer `k` always
 * appends the same record, its letter repeated and a newline (a 1-byte
 * record is the letter alone). Distinct letters let the verifier count each
 * writer's records and notice any byte one writer overwrote of another's.
 * @module
 */
/** The letter of writer `worker`: a, b, c, … */
export declare function letterOf(worker: number): string;
/**
 * The record writer `worker` appends, as ASCII text of exactly `size` bytes,
 * built by concatenation: V8 holds it as a cons string (two pieces), as it
 * does any line a program builds with `+` or a template literal.
 */
export declare function concatenatedRecordText(worker: number, size: number): string;
/**
 * The same record as a flat string: one sequential string, as V8 holds what
 * `JSON.stringify`, `Buffer#toString` or a file read returns, and any string
 * it has flattened. What every method is given.
 */
export declare function recordText(worker: number, size: number): string;
/** The same record as bytes, in a `Buffer`. */
export declare function recordBytes(worker: number, size: number): Buffer;
/**
 * The same record as a plain `Uint8Array` (not a `Buffer`), as
 * `TextEncoder#encode` returns: what the `Uint8Array` rows and
 * `fs.writeSync` are given.
 */
export declare function recordUint8Array(worker: number, size: number): Uint8Array;

/**
 * Record contents, shared by the writers and the verifier: writer `k` always
 * appends the same record, its letter repeated and a newline (a 1-byte
 * record is the letter alone). Distinct letters let the verifier count each
 * writer's records and notice any byte one writer overwrote of another's.
 * @module
 */
/** The letter of writer `worker`: a, b, c, … */
export function letterOf(worker) {
    return String.fromCharCode(97 + (worker % 26));
}
/**
 * The record writer `worker` appends, as ASCII text of exactly `size` bytes,
 * built by concatenation: V8 holds it as a cons string (two pieces), as it
 * does any line a program builds with `+` or a template literal.
 */
export function concatenatedRecordText(worker, size) {
    const letter = letterOf(worker);
    return size === 1 ? letter : `${letter.repeat(size - 1)}\n`;
}
/**
 * The same record as a flat string: one sequential string, as V8 holds what
 * `JSON.stringify`, `Buffer#toString` or a file read returns, and any string
 * it has flattened. What every method is given.
 */
export function recordText(worker, size) {
    return recordBytes(worker, size).toString('latin1');
}
/** The same record as bytes, in a `Buffer`. */
export function recordBytes(worker, size) {
    return Buffer.from(concatenatedRecordText(worker, size), 'latin1');
}
/**
 * The same record as a plain `Uint8Array` (not a `Buffer`), as
 * `TextEncoder#encode` returns: what the `Uint8Array` rows and
 * `fs.writeSync` are given.
 */
export function recordUint8Array(worker, size) {
    return new Uint8Array(recordBytes(worker, size));
}
//# sourceMappingURL=payload.js.map
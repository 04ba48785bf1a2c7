/**
 * Record contents, shared by the writers and the verifier: writer `k` always
 * appends the same record, its letter repeated and a newline (a 1-byte
 * record is the letter alone). Distinct letters let the verifier count each
 * writer's records and notice any byte one writer overwrote of another's.
 * @module
 */

/** The letter of writer `worker`: a, b, c, … */
export function letterOf(worker: number): string {
  return String.fromCharCode(97 + (worker % 26));
}

/** The record writer `worker` appends, as ASCII text of exactly `size` bytes. */
export function recordText(worker: number, size: number): string {
  const letter = letterOf(worker);
  return size === 1 ? letter : `${letter.repeat(size - 1)}\n`;
}

/** The same record as bytes. */
export function recordBytes(worker: number, size: number): Buffer {
  return Buffer.from(recordText(worker, size), 'latin1');
}

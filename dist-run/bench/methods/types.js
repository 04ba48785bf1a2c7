/**
 * The contract between the worker harness and one way of appending to a
 * file. The harness owns timing, barriers and reporting; a method only opens
 * its writer and exposes one call to time.
 * @module
 */
/** Thrown by {@link Method.open} when the method cannot run on this machine; the row then says why. */
export class Unsupported extends Error {
}
//# sourceMappingURL=types.js.map
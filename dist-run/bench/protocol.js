/**
 * Messages between the parent (`bench/runner.ts`) and a writer process
 * (`bench/worker.ts`), sent over the fork IPC channel with the `advanced`
 * serialization so that BigInt timestamps cross intact.
 *
 * Timestamps are `process.hrtime.bigint()`: on Linux that is
 * CLOCK_MONOTONIC, one clock for every process on the machine, so starts and
 * ends of different writers can be compared directly. The runner checks
 * this on every run (a worker's "ready" time must lie between the parent's
 * fork and its receipt of the message).
 * @module
 */
export {};
//# sourceMappingURL=protocol.js.map
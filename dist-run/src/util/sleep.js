const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Sleeps synchronously, without spinning a core (for short, bounded back-offs). */
export function sleepMs(ms) {
    Atomics.wait(sleeper, 0, 0, ms);
}
//# sourceMappingURL=sleep.js.map
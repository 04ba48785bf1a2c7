/**
 * Waking followers without taxing writers.
 *
 * A follower with nothing to read sets the WAITERS flag, re-checks, and
 * sleeps on the NOTIFY_SEQ futex word. A writer reads WAITERS after each
 * append — a plain load of a read-mostly cache line — and only when it is set
 * does it swap it back to zero, bump NOTIFY_SEQ and wake every sleeper: one
 * syscall per wait, however many records arrive meanwhile, and none at all
 * while nobody follows. A wake that races with a follower going to sleep is
 * not lost: the follower sleeps only while NOTIFY_SEQ still has the value it
 * read before its last check.
 *
 * A follower whose control mapping is read-only (`readOnly: true`, or a
 * control file it may not write) cannot set WAITERS, and a store into its
 * mapping would be a SIGSEGV: it polls instead, on a timer, never touching
 * the shared words.
 * @module
 */
import { Offset } from '../layout/control.js';
import { native } from '../native/binding.js';
export const WAITERS_INDEX = Offset.WAITERS / 4;
const SEQ_INDEX = Offset.NOTIFY_SEQ / 4;
/** A futex wake count that wakes every sleeper. */
const WAKE_ALL = 0x7fffffff;
/** Called by a writer that saw the WAITERS flag set. */
export function wakeFollowers(control) {
    if (Atomics.exchange(control.i32, WAITERS_INDEX, 0) === 0)
        return;
    Atomics.add(control.i32, SEQ_INDEX, 1);
    native.futexWake(control.buffer, Offset.NOTIFY_SEQ, WAKE_ALL);
}
/** A follower's side: announce, check, sleep. */
export class Waiter {
    control;
    /** Whether the control mapping may be written: only then is the futex handshake used. */
    writable;
    /** Ends the current poll of a read-only waiter early (set while it sleeps). */
    wakePoll;
    constructor(control, writable = true) {
        this.control = control;
        this.writable = writable;
    }
    /**
     * Sleeps until a writer appends, `timeoutMs` passes, or {@link interrupt}
     * is called — unless `hasNews()`, checked after announcing, says there is
     * already something to read. A read-only waiter checks `hasNews()` and then
     * sleeps `timeoutMs` (or until interrupted): the caller bounds the poll.
     */
    async wait(hasNews, timeoutMs) {
        if (!this.writable) {
            if (hasNews())
                return;
            await new Promise((resolve) => {
                const done = () => {
                    clearTimeout(timer);
                    this.wakePoll = undefined;
                    resolve();
                };
                const timer = setTimeout(done, timeoutMs);
                this.wakePoll = done;
            });
            return;
        }
        const seq = Atomics.load(this.control.i32, SEQ_INDEX);
        Atomics.store(this.control.i32, WAITERS_INDEX, 1);
        if (hasNews())
            return;
        await native.futexWaitAsync(this.control.buffer, Offset.NOTIFY_SEQ, seq, timeoutMs);
    }
    /** Wakes this (and, with a writable mapping, every) follower, e.g. when an AbortSignal fires. */
    interrupt() {
        if (!this.writable) {
            this.wakePoll?.();
            return;
        }
        Atomics.add(this.control.i32, SEQ_INDEX, 1);
        native.futexWake(this.control.buffer, Offset.NOTIFY_SEQ, WAKE_ALL);
    }
}
//# sourceMappingURL=notify.js.map
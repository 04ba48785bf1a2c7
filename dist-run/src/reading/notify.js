import { Offset } from '../control/layout.js';
import { native } from '../native.js';
export const WAITERS_INDEX = Offset.WAITERS / 4;
const SEQ_INDEX = Offset.NOTIFY_SEQ / 4;
/** Called by a writer that saw the WAITERS flag set. */
export function wakeFollowers(control) {
    if (Atomics.exchange(control.i32, WAITERS_INDEX, 0) === 0)
        return;
    Atomics.add(control.i32, SEQ_INDEX, 1);
    native.futexWake(control.buffer, Offset.NOTIFY_SEQ, 0x7fffffff);
}
/** A follower's side: announce, check, sleep. */
export class Waiter {
    control;
    constructor(control) {
        this.control = control;
    }
    /**
     * Sleeps until a writer appends, `timeoutMs` passes, or {@link interrupt}
     * is called — unless `hasNews()`, checked after announcing, says there is
     * already something to read.
     */
    async wait(hasNews, timeoutMs) {
        const seq = Atomics.load(this.control.i32, SEQ_INDEX);
        Atomics.store(this.control.i32, WAITERS_INDEX, 1);
        if (hasNews())
            return;
        await native.futexWaitAsync(this.control.buffer, Offset.NOTIFY_SEQ, seq, timeoutMs);
    }
    /** Wakes this (and every) follower, e.g. when an AbortSignal fires. */
    interrupt() {
        Atomics.add(this.control.i32, SEQ_INDEX, 1);
        native.futexWake(this.control.buffer, Offset.NOTIFY_SEQ, 0x7fffffff);
    }
}
//# sourceMappingURL=notify.js.map
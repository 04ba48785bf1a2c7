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
import type { ControlBlock } from './controlBlock.js';
export declare const WAITERS_INDEX: number;
/** Called by a writer that saw the WAITERS flag set. */
export declare function wakeFollowers(control: ControlBlock): void;
/** A follower's side: announce, check, sleep. */
export declare class Waiter {
    private readonly control;
    /** Whether the control mapping may be written: only then is the futex handshake used. */
    readonly writable: boolean;
    /** Ends the current poll of a read-only waiter early (set while it sleeps). */
    private wakePoll;
    constructor(control: ControlBlock, writable?: boolean);
    /**
     * Sleeps until a writer appends, `timeoutMs` passes, or {@link interrupt}
     * is called — unless `hasNews()`, checked after announcing, says there is
     * already something to read. A read-only waiter checks `hasNews()` and then
     * sleeps `timeoutMs` (or until interrupted): the caller bounds the poll.
     */
    wait(hasNews: () => boolean, timeoutMs: number): Promise<void>;
    /** Wakes this (and, with a writable mapping, every) follower, e.g. when an AbortSignal fires. */
    interrupt(): void;
}

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
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
export declare const WAITERS_INDEX: number;
/** Called by a writer that saw the WAITERS flag set. */
export declare function wakeFollowers(control: ControlBlock): void;
/** A follower's side: announce, check, sleep. */
export declare class Waiter {
    private readonly control;
    constructor(control: ControlBlock);
    /**
     * Sleeps until a writer appends, `timeoutMs` passes, or {@link interrupt}
     * is called — unless `hasNews()`, checked after announcing, says there is
     * already something to read.
     */
    wait(hasNews: () => boolean, timeoutMs: number): Promise<void>;
    /** Wakes this (and every) follower, e.g. when an AbortSignal fires. */
    interrupt(): void;
}

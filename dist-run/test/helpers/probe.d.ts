/** A follower in a child process (test/children/followerProbe.ts), driven over IPC. */
import { type ChildProcess, type ForkOptions } from 'node:child_process';
export type ProbeMessage = {
    kind: 'following' | 'cpu-marked';
} | {
    kind: 'record';
    pos: number;
    text: string;
} | {
    kind: 'cpu';
    micros: number;
    ms: number;
} | {
    kind: 'waits';
    waits: number;
} | {
    kind: 'done';
    records: number;
    error: string | null;
};
export declare class FollowerProbe {
    readonly child: ChildProcess;
    readonly records: {
        pos: number;
        text: string;
    }[];
    /** How the child ended, once it has. */
    exit: {
        code: number | null;
        signal: NodeJS.Signals | null;
    } | undefined;
    private readonly messages;
    private readonly waiters;
    constructor(path: string, from?: number, options?: {
        readOnly?: boolean;
    }, forkOptions?: ForkOptions);
    /** Resolves with `find()` once it is defined; rejects after `timeoutMs` or if the child exits first. */
    waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T>;
    waitForText(predicate: (text: string) => boolean, timeoutMs: number, what: string): Promise<{
        pos: number;
    }>;
    /** Takes the next unread message of `kind` (waiting for it). */
    message<K extends ProbeMessage['kind']>(kind: K, timeoutMs: number): Promise<Extract<ProbeMessage, {
        kind: K;
    }>>;
    /** Sends `command` and takes the reply of `kind`. */
    ask<K extends ProbeMessage['kind']>(command: string, kind: K): Promise<Extract<ProbeMessage, {
        kind: K;
    }>>;
    /** CPU time (ms) the follower uses over `ms` of wall time. */
    cpuOver(ms: number): Promise<number>;
    /** Asks the follower to stop (its AbortSignal aborts); resolves with its report and how long it took. */
    stop(): Promise<{
        records: number;
        error: string | null;
        ms: number;
    }>;
    kill(): void;
}

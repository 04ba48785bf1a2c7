/** Running real child processes for multi-process tests. */
import { type ChildProcess } from 'node:child_process';
/** Path of a compiled child script in dist/test/children/. */
export declare function childScript(name: string): string;
export interface ChildResult {
    code: number | null;
    signal: NodeJS.Signals | null;
    messages: unknown[];
    stderr: string;
}
/** Forks `name` with `args`, collects its IPC messages, resolves when it exits. */
export declare function runChild(name: string, args: string[], options?: {
    execArgv?: string[];
}): Promise<ChildResult>;
/** Collects messages and stderr of a forked child until it exits. */
export declare function collect(child: ChildProcess): Promise<ChildResult>;
/**
 * Like {@link runChild}, with limits: the child runs under `ulimit -f` (files
 * it writes cannot grow past `fileSizeKiB`: a runaway `fallocate` fails
 * instead of filling the disk), and is killed after `timeoutMs` (a child that
 * blocks fails its test instead of hanging it).
 */
export declare function runChildLimited(name: string, args: string[], limits: {
    fileSizeKiB: number;
    timeoutMs: number;
}): Promise<ChildResult>;

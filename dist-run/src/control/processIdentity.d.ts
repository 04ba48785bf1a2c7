/**
 * Start time of `pid` in clock ticks since boot, or `undefined` if there is
 * no such process (or it is a zombie, which will never write again).
 */
export declare function processStartTime(pid: number): number | undefined;
/** The start time of this process, read once. */
export declare const SELF_START_TIME: number;
/** Liveness of a process identified by pid and start time. */
export declare function isProcessAlive(pid: number, startTime: number): boolean;
/** Whether `pid` is stopped (SIGSTOP or a debugger): alive, but making no progress. */
export declare function isProcessStopped(pid: number): boolean;
/** This boot of the machine, as the 16 bytes of /proc/sys/kernel/random/boot_id (zero where there is none). */
export declare const BOOT_ID: Buffer;
/** {@link BOOT_ID} as four little-endian i32 words, for comparing it with the copies in the control file. */
export declare const BOOT_WORDS: readonly number[];

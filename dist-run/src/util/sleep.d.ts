/** Sleeps synchronously, without spinning a core (for short, bounded back-offs). */
export declare function sleepMs(ms: number): void;

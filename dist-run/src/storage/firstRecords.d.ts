/** Records that segment `k` (based at `base`) has its first record at `first`. Best effort: it only saves a reader a filler line. */
export declare function recordFirstRecord(dir: string, k: number, base: number, first: number, mode: number): void;
/** Where segment `k` (based at `base`) has its first record: recorded, or its base. */
export declare function readFirstRecord(dir: string, k: number, base: number): number;

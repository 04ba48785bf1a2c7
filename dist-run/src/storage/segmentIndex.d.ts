/** Records where segment `k` (based at `base`) has its first record. */
export declare function indexFirstRecord(dir: string, k: number, base: number, first: number, mode: number): void;
/** Records where segment `k` (based at `base`) was sealed. */
export declare function indexSealEnd(dir: string, k: number, base: number, end: number, mode: number): void;
/** What the index records of segment `k` (based at `base`): its first record (or its base) and sealed end (or -1). */
export declare function readSegmentIndex(dir: string, k: number, base: number): {
    firstRecord: number;
    sealEnd: number;
};

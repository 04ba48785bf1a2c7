/** Resident KiB of every mapping of `file` in this process, and how much of it is mapped as huge pages. */
export declare function mappingKiB(file: string): {
    rss: number;
    pmdMapped: number;
};

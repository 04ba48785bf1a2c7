/**
 * Deterministic record contents for multi-writer tests: any process can
 * regenerate the exact bytes of record `seq` of writer `writer`, so the
 * verifier checks every byte without the writers shipping their data back.
 */
/** mulberry32: small, fast, seedable. */
export declare function prng(seed: number): () => number;
/** The bytes of record `seq` of `writer`, `size` long (at most 64 KiB). */
export declare function recordBytes(writer: number, seq: number, size: number): Uint8Array;
/**
 * Sizes from 1 B to 64 KiB, mostly small as log records are: 90 % up to
 * 256 B, 9 % up to 4 KiB, 1 % up to 64 KiB; both extremes always occur.
 */
export declare function recordSizes(writer: number, count: number, largest?: number): number[];
/** The text record `seq` of `writer`: one line, with 2-, 3- and 4-byte UTF-8 characters. */
export declare function textRecord(writer: number, seq: number): string;

/**
 * Names inside the directory of a segmented log. A log created with a
 * `segmentSize` is a directory holding its control file, one data file per
 * segment named by the segment's base position, a stable name for the
 * active segment, and the positions of its named consumers.
 * @module
 */
/** The control file of a segmented log, inside its directory. */
export declare const CONTROL_NAME = "mmlog.ctl";
/** Suffix of a segment file. */
export declare const SEGMENT_SUFFIX = ".log";
/** Digits of the base position in a segment file's name: zero-padded, so names sort as positions do. */
export declare const SEGMENT_NAME_DIGITS = 20;
/** A symbolic link to the active segment (relative), replaced at each roll: what `tail -F` follows. */
export declare const ACTIVE_NAME = "current.log";
/** Directory of the named consumers' positions. */
export declare const CONSUMERS_NAME = "consumers";
/** Suffix of a consumer's position file. */
export declare const CONSUMER_SUFFIX = ".pos";
/**
 * What the control file's ring knows of each segment, kept on for segments
 * the ring has forgotten: at `8 × k`, two little-endian u32 — the offset of
 * segment `k`'s first record in its file plus 1, and the offset of its
 * sealed end plus 1 (0 = not recorded).
 */
export declare const SEGMENT_INDEX_NAME = "segments.idx";
/** Bytes per segment in the segment index file. */
export declare const SEGMENT_INDEX_ENTRY_SIZE = 8;

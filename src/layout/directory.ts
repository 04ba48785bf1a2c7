/**
 * Names inside the directory of a segmented log. A log created with a
 * `segmentSize` is a directory holding its control file, one data file per
 * segment named by the segment's base position, a stable name for the
 * active segment, and the positions of its named consumers.
 * @module
 */

/** The control file of a segmented log, inside its directory. */
export const CONTROL_NAME = 'mmlog.ctl';
/** Suffix of a segment file. */
export const SEGMENT_SUFFIX = '.log';
/** Digits of the base position in a segment file's name: zero-padded, so names sort as positions do. */
export const SEGMENT_NAME_DIGITS = 20;
/** A symbolic link to the active segment (relative), replaced at each roll: what `tail -F` follows. */
export const ACTIVE_NAME = 'current.log';
/** Directory of the named consumers' positions. */
export const CONSUMERS_NAME = 'consumers';
/** Suffix of a consumer's position file. */
export const CONSUMER_SUFFIX = '.pos';
/**
 * What the control file's ring knows of each segment, kept on for segments
 * the ring has forgotten: at `8 × k`, two little-endian u32 — the offset of
 * segment `k`'s first record in its file plus 1, and the offset of its
 * sealed end plus 1 (0 = not recorded).
 */
export const SEGMENT_INDEX_NAME = 'segments.idx';
/** Bytes per segment in the segment index file. */
export const SEGMENT_INDEX_ENTRY_SIZE = 8;
/**
 * Prefix of a retired segment file kept for reuse (`recycle-` + the base
 * position it held, as in a segment's name): not a segment, and never read
 * as one. A writer that needs a new segment renames one into its place and
 * zeroes it instead of allocating a new file.
 */
export const RECYCLE_PREFIX = 'recycle-';
/**
 * Suffix added to a recycled file's name while one writer holds it under a
 * name of its own (with its pid) to zero it; such a file of a dead process
 * is put back by the next retention pass.
 */
export const RECYCLE_TAKEN_SUFFIX = '.taken';

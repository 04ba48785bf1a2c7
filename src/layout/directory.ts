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
 * Where each segment's first record is, for segments the control file's
 * ring no longer describes: little-endian u32 at `4 × k`, the offset of
 * segment `k`'s first record in its file plus 1 (0 = not recorded: read from
 * the base).
 */
export const FIRST_RECORDS_NAME = 'first-records.idx';
/** Bytes per segment in the first-records file. */
export const FIRST_RECORD_ENTRY_SIZE = 4;

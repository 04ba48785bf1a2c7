/** Whether `path` is a directory (a segmented log), without following a link at `path` itself. */
export declare function isSegmentedPath(path: string): boolean;
/** The control file of the log at `path`: inside its directory when segmented, else beside it. */
export declare function controlPathOf(path: string): string;
/** The file name of the segment whose first position is `base`. */
export declare function segmentFileName(base: number): string;
/** The path of the segment whose first position is `base`, in the log directory `dir`. */
export declare function segmentPath(dir: string, base: number): string;
/** The stable name of the active segment. */
export declare function activeLinkPath(dir: string): string;
/** The directory of a segmented log's named consumers. */
export declare function consumersPath(dir: string): string;
/** The base position a segment file name gives, or -1 when it is not a segment's name. */
export declare function baseOfSegmentName(name: string): number;
/** The base positions of the segment files in `dir`, ascending. */
export declare function listSegmentBases(dir: string): number[];
/**
 * Makes the directory of a new segmented log (`mode` plus the search bit
 * wherever it grants reading). An existing directory is fine: another
 * creator made it, or it is an existing log.
 */
export declare function makeLogDirectory(path: string, mode: number): void;

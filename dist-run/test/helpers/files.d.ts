/** A fresh directory, removed by the returned function. */
export declare function tempDir(prefix?: string): {
    dir: string;
    cleanup: () => void;
};
/**
 * Content hash, size and mtime of a file, to prove it was not modified, not
 * even touched.
 */
export declare function fingerprint(path: string): string;
/**
 * Content hash and size of a file, to prove no byte of it changed. For a data
 * file a writer had open: opening prepares (and so touches) the pages the
 * next appends will use, which may update the mtime without changing a byte.
 */
export declare function contentFingerprint(path: string): string;

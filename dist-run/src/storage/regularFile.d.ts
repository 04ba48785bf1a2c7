/**
 * Opens `path` with `flags` (plus `O_NOFOLLOW | O_NONBLOCK`) and
 * `mode` (for `O_CREAT`), and returns the descriptor of a regular file (libuv
 * adds `O_CLOEXEC` itself).
 * Throws `ERR_MMLOG_NOT_A_FILE` for a symbolic link or a special file, or the
 * `fs` error (ENOENT, EACCES, …) of the open.
 */
export declare function openRegularFile(path: string, flags: number, mode?: number): number;

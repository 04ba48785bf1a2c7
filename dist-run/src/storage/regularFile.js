/**
 * Opening the files of a log safely: only regular files, never through a
 * symbolic link, and never blocking.
 *
 * - `O_NOFOLLOW`: a symbolic link at `PATH` or `PATH.ctl` is refused rather
 *   than followed, so a log never appends into (or truncates) a file it was
 *   not pointed at, and a dangling link is reported as what it is. Links in
 *   the directories above are followed as usual.
 * - `O_NONBLOCK`: opening a FIFO for reading would otherwise wait for a
 *   writer forever. On a regular file the flag changes nothing (reads, writes,
 *   `mmap`, `fallocate` and `flock` behave as without it).
 * - `fstat` after opening: anything but a regular file (FIFO, device,
 *   directory, socket) is refused, judged on the file actually opened.
 * @module
 */
import { closeSync, constants as fsConstants, fstatSync, lstatSync, openSync } from 'node:fs';
import { ErrorCode, MmlogError } from '../errors.js';
const SAFE_FLAGS = fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK;
function notAFile(what, path) {
    return new MmlogError(ErrorCode.NOT_A_FILE, `${what}; mmlog opens regular files only`, path);
}
function kindOf(stats) {
    if (stats.isFIFO())
        return 'is a FIFO';
    if (stats.isDirectory())
        return 'is a directory';
    if (stats.isSocket())
        return 'is a socket';
    return 'is a device or other special file';
}
/**
 * Opens `path` with `flags` (plus `O_NOFOLLOW | O_NONBLOCK`) and
 * `mode` (for `O_CREAT`), and returns the descriptor of a regular file (libuv
 * adds `O_CLOEXEC` itself).
 * Throws `ERR_MMLOG_NOT_A_FILE` for a symbolic link or a special file, or the
 * `fs` error (ENOENT, EACCES, …) of the open.
 */
export function openRegularFile(path, flags, mode) {
    let fd;
    try {
        fd = openSync(path, flags | SAFE_FLAGS, mode);
    }
    catch (error) {
        const code = error.code;
        if (code === 'ELOOP' && isSymbolicLink(path)) {
            throw notAFile('is a symbolic link (mmlog does not follow links: give the path of the file itself)', path);
        }
        if (code === 'EISDIR')
            throw notAFile('is a directory', path);
        // Opening a Unix socket fails with ENXIO.
        if (code === 'ENXIO')
            throw notAFile('is a socket or a device without a driver', path);
        throw error;
    }
    try {
        const stats = fstatSync(fd);
        if (!stats.isFile())
            throw notAFile(kindOf(stats), path);
    }
    catch (error) {
        closeSync(fd);
        throw error;
    }
    return fd;
}
function isSymbolicLink(path) {
    try {
        return lstatSync(path).isSymbolicLink();
    }
    catch {
        return false;
    }
}
//# sourceMappingURL=regularFile.js.map
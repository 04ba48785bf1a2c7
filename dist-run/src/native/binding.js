/**
 * Typed access to the native addon (`native/mmlog.cc`): thin wrappers of the
 * system calls Node.js lacks. Errors thrown by these functions have Node's
 * `fs` shape: `code`, `errno` (negative, as in Node), `syscall`, `path`.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode, MmlogError } from '../errors.js';
/** The int32 words of the flag of {@link NativeBinding.madviseAsync}. */
export const AdviceFlag = {
    /** Set to 1 by the native thread when it is done. */
    DONE: 0,
    /** Set to non-zero by JavaScript to stop the work early. */
    STOP: 1,
    /** The errno of the failed madvise, or 0. */
    ERRNO: 2,
    /** KiB done so far, from the start of the request (published after each step). */
    PROGRESS: 3,
    /** Words in the flag. */
    WORDS: 4,
};
/**
 * The directory of mmlog's package.json, found by walking up from this file:
 * it runs from `src/native/` (tsx), from `dist/src/native/` (built and
 * published) and from bundles of the benchmarks, at different depths.
 */
function packageRoot() {
    for (let dir = dirname(fileURLToPath(import.meta.url));; dir = dirname(dir)) {
        const candidate = join(dir, 'package.json');
        if (existsSync(candidate)) {
            try {
                if (JSON.parse(readFileSync(candidate, 'utf8')).name === 'mmlog')
                    return dir;
            }
            catch {
                // Not a package.json we can read: keep walking up.
            }
        }
        if (dirname(dir) === dir)
            return dirname(fileURLToPath(import.meta.url));
    }
}
/** What to do when no addon loads: one line, shown as is by the CLI. */
const ADDON_ADVICE = 'run `npm rebuild mmlog` to build it from source (needs python3, make and g++: `apt-get install python3 make g++` on Debian/Ubuntu)';
/**
 * Loads the addon with node-gyp-build: a build from source (`build/Release`,
 * made by `npm install`/`npm rebuild`) if there is one, else the prebuilt
 * binary of the package for this platform and Node ABI (`prebuilds/`).
 * @throws MmlogError `ERR_MMLOG_NATIVE_ADDON` when neither exists or loads.
 */
function loadAddon() {
    const require = createRequire(import.meta.url);
    const root = packageRoot();
    try {
        const nodeGypBuild = require('node-gyp-build');
        return nodeGypBuild(root);
    }
    catch (error) {
        const why = error instanceof Error ? error.message.replace(/\s*\n\s*/g, ' ').trim() : String(error);
        const what = `no build of mmlog's native addon loads in Node.js ${process.version} (ABI ${process.versions.modules}, ${process.platform}-${process.arch})`;
        throw new MmlogError(ErrorCode.NATIVE_ADDON, `${what}: ${ADDON_ADVICE}. [${why}]`, undefined, { cause: error });
    }
}
if (endianness() !== 'LE') {
    throw new Error('mmlog: the control block layout is little-endian; big-endian machines are not supported');
}
/** The loaded addon. */
export const native = loadAddon();
/**
 * The process-wide count of SIGBUS faults in log mappings (`native/faultGuard.cc`):
 * appends and reads compare it with what they last saw, one load each.
 */
export const FAULT_COUNT = new Int32Array(native.faultCounter);
/** The system page size. */
export const PAGE_SIZE = native.constants.PAGE_SIZE;
//# sourceMappingURL=binding.js.map
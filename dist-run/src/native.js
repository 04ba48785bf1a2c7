/**
 * Typed access to the native addon (`native/mmlog.cc`): thin wrappers of the
 * system calls Node.js lacks. Errors thrown by these functions have Node's
 * `fs` shape: `code`, `errno` (negative, as in Node), `syscall`, `path`.
 * @module
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
function findAddon() {
    // Works both from `src/` (run through tsx) and from `dist/src/` (compiled).
    let dir = dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 4; i++) {
        const candidate = join(dir, 'build', 'Release', 'mmlog.node');
        if (existsSync(candidate))
            return candidate;
        dir = dirname(dir);
    }
    throw new Error('mmlog: native addon not found (build/Release/mmlog.node); run `npm install` to build it');
}
if (endianness() !== 'LE') {
    throw new Error('mmlog: the control block layout is little-endian; big-endian machines are not supported');
}
/** The loaded addon. */
export const native = createRequire(import.meta.url)(findAddon());
/** The system page size. */
export const PAGE_SIZE = native.constants.PAGE_SIZE;
//# sourceMappingURL=native.js.map
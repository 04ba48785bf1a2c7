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

/** Result of a futex wait. */
export type FutexResult = 'ok' | 'not-equal' | 'timed-out';

/** The functions exported by the addon. */
export interface NativeBinding {
  /** Maps `length` bytes of `fd` from `offset` (page aligned) with MAP_SHARED. */
  mmap(fd: number, offset: number, length: number, writable: boolean, path?: string): SharedArrayBuffer;
  /**
   * Drops the file pages of a mapping now. A mapping of 1 MiB or more (a data
   * window) gives its address range back at once too: no view of the buffer
   * may be used afterwards (a stray access would crash). A smaller one (a
   * control file) becomes harmless scratch memory until the buffer is
   * collected. Calling it again does nothing.
   */
  unmap(buffer: SharedArrayBuffer): void;
  madvise(buffer: SharedArrayBuffer, offset: number, length: number, advice: number, path?: string): void;
  /**
   * Like {@link madvise}, on a thread of its own: returns at once, and the
   * calling thread does not wait for it. Applied in steps of 256 KiB, so
   * that it never holds the process's mmap lock for long. `flag` (from
   * {@link createAdviceFlag}, see {@link AdviceFlag}) reports progress,
   * completion and the error, and can stop the work early. `buffer` must be
   * a live mapping from {@link mmap}.
   */
  madviseAsync(
    buffer: SharedArrayBuffer,
    offset: number,
    length: number,
    advice: number,
    flag: SharedArrayBuffer,
  ): void;
  /** A flag for {@link madviseAsync}: native memory, so that the populating thread holds nothing of V8's. DONE is 1. */
  createAdviceFlag(): SharedArrayBuffer;
  msync(buffer: SharedArrayBuffer, offset: number, length: number, flags: number, path?: string): void;
  fallocate(fd: number, mode: number, offset: number, length: number, path?: string): void;
  /** `lseek(fd, offset, SEEK_DATA)`: the first data at or after `offset`, -1 when only holes follow (`offset` where the file system cannot tell). */
  seekData(fd: number, offset: number, path?: string): number;
  syncFileRange(fd: number, offset: number, nbytes: number, flags: number, path?: string): void;
  /** `posix_fadvise(POSIX_FADV_DONTNEED)` over the whole file: its clean pages leave the page cache. */
  dropCache(fd: number, path?: string): void;
  /**
   * `sync_file_range(SYNC_FILE_RANGE_WRITE)` on a thread of its own, through
   * a duplicate of `fd` the thread closes (the caller keeps and closes its
   * own). Errors are ignored.
   */
  startWriteback(fd: number, offset: number, nbytes: number): void;
  /**
   * `fallocate(fd, 0, 0, length)` on a thread of its own, through a
   * duplicate of `fd` (the caller may close its own at once). `flag` (from
   * {@link createAdviceFlag}) gets DONE and the errno.
   */
  allocateAsync(fd: number, length: number, flag: SharedArrayBuffer): void;
  /**
   * `ftruncate(fd, length)` on a thread of its own, through a duplicate of
   * `fd` the thread closes (a lock held through `fd` lasts until the cut is
   * done; the caller keeps and closes its own). Errors are ignored.
   */
  truncateAsync(fd: number, length: number): void;
  /** flock(2); returns false only when LOCK_NB found the lock held. */
  flock(fd: number, operation: number, path?: string): boolean;
  /** Blocks while the 32-bit word at `offset` equals `expected` (at most `timeoutMs`). */
  futexWait(buffer: SharedArrayBuffer, offset: number, expected: number, timeoutMs?: number): FutexResult;
  /**
   * Like {@link futexWait}, on a thread of its own (not the libuv threadpool), resolving a promise.
   * With `until` (`[i64Offset, atLeast, zeroOffset, bitsOffset, bitsMask]`, an offset -1 for no such
   * condition), a wake ends the wait only once the i64 there is at least `atLeast`, the u32 at
   * `zeroOffset` is 0, or the u32 at `bitsOffset` has a bit of `bitsMask` (`'ok'`); otherwise the thread
   * sleeps again, until `timeoutMs` after a pool thread took the wait (unmap and teardown end it too).
   */
  futexWaitAsync(
    buffer: SharedArrayBuffer,
    offset: number,
    expected: number,
    timeoutMs?: number,
    until?: Float64Array,
  ): Promise<FutexResult>;
  /** Wakes up to `count` waiters on the word at `offset`; returns how many were woken. */
  futexWake(buffer: SharedArrayBuffer, offset: number, count: number): number;
  /** Extends the finished CRC32C `seed` (0 to start) over `length` bytes at `offset`. */
  crc32c(buffer: SharedArrayBuffer | ArrayBufferView, offset: number, length: number, seed: number): number;
  /** `"sse4.2"`, `"armv8-crc"` or `"table"`. */
  crc32cImplementation(): string;

  /**
   * Registers the writer slot at `slotOffset` of a control mapping as held by
   * this thread: if the thread's environment is torn down while it still
   * holds it (pid and thread id unchanged), the slot is freed.
   */
  holdSlot(control: SharedArrayBuffer, slotOffset: number, threadId: number): void;
  /** Forgets a slot registered by {@link holdSlot} (the thread released it itself). */
  unholdSlot(control: SharedArrayBuffer, slotOffset: number): void;
  /**
   * Whether a SIGBUS hit this mapping (a store or load past the end of a
   * truncated file): the page was replaced by a private zero page, so what
   * went there is not in the file.
   */
  mappingFaulted(buffer: SharedArrayBuffer): boolean;
  /** One int32: the number of such faults in this process so far (see {@link mappingFaulted}). */
  readonly faultCounter: SharedArrayBuffer;
  /** Whether a thread of this process with this `worker_threads.threadId` holds slots and is not torn down. */
  isThreadAlive(threadId: number): boolean;

  // The native step of a framed append (native/hotPath.cc). They never
  // throw: bad arguments return -1, and the caller (src/writing/framedWriter.ts) checks.

  /**
   * Commits the framed record at `offset` (4-aligned; its `length` payload
   * bytes already follow the 8-byte header): stores the CRC32C of
   * logId ‖ pos ‖ lenWord ‖ payload, `idRegister` being the raw CRC register
   * after the log id, then the lenWord with a release store. 0, or -1 on bad
   * arguments.
   */
  commitFrame(
    target: SharedArrayBuffer,
    offset: number,
    length: number,
    idRegister: number,
    pos: number,
    lenWord: number,
  ): number;
  /**
   * Encodes `text`, whose UTF-8 length is `length`, as the payload of the
   * frame at `offset`, then commits it as {@link commitFrame} does. 0, or -1
   * on bad arguments (including a `length` that is not the text's).
   */
  writeStringFrame(
    text: string,
    target: SharedArrayBuffer,
    offset: number,
    length: number,
    idRegister: number,
    pos: number,
    lenWord: number,
  ): number;
  readonly constants: NativeConstants;
}

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
} as const;

/** Constants of the running kernel and CPU, as the addon was compiled. */
export interface NativeConstants {
  readonly PAGE_SIZE: number;
  /** The largest mapping one SharedArrayBuffer (and one Uint8Array) can cover. */
  readonly MAX_MAPPING: number;
  readonly MADV_NORMAL: number;
  readonly MADV_RANDOM: number;
  readonly MADV_SEQUENTIAL: number;
  readonly MADV_WILLNEED: number;
  readonly MADV_DONTNEED: number;
  readonly MADV_POPULATE_READ: number;
  readonly MADV_POPULATE_WRITE: number;
  readonly MADV_HUGEPAGE: number;
  readonly MADV_NOHUGEPAGE: number;
  readonly MS_ASYNC: number;
  readonly MS_SYNC: number;
  readonly MS_INVALIDATE: number;
  readonly FALLOC_FL_KEEP_SIZE: number;
  readonly FALLOC_FL_PUNCH_HOLE: number;
  readonly FALLOC_FL_ZERO_RANGE: number;
  readonly SYNC_FILE_RANGE_WAIT_BEFORE: number;
  readonly SYNC_FILE_RANGE_WRITE: number;
  readonly SYNC_FILE_RANGE_WAIT_AFTER: number;
  readonly LOCK_SH: number;
  readonly LOCK_EX: number;
  readonly LOCK_UN: number;
  readonly LOCK_NB: number;
}

/**
 * The directory of mmlog's package.json, found by walking up from this file:
 * it runs from `src/native/` (tsx), from `dist/src/native/` (built and
 * published) and from bundles of the benchmarks, at different depths.
 */
function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        if ((JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown }).name === 'mmlog') return dir;
      } catch {
        // Not a package.json we can read: keep walking up.
      }
    }
    if (dirname(dir) === dir) return dirname(fileURLToPath(import.meta.url));
  }
}

/** What to do when no addon loads: one line, shown as is by the CLI. */
const ADDON_ADVICE =
  'run `npm rebuild mmlog` to build it from source (needs python3, make and g++: `apt-get install python3 make g++` on Debian/Ubuntu)';

/**
 * Loads the addon with node-gyp-build: a build from source (`build/Release`,
 * made by `npm install`/`npm rebuild`) if there is one, else the prebuilt
 * binary of the package for this platform and Node ABI (`prebuilds/`).
 * @throws MmlogError `ERR_MMLOG_NATIVE_ADDON` when neither exists or loads.
 */
function loadAddon(): NativeBinding {
  const require = createRequire(import.meta.url);
  const root = packageRoot();
  try {
    const nodeGypBuild = require('node-gyp-build') as (dir: string) => unknown;
    return nodeGypBuild(root) as NativeBinding;
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/\s*\n\s*/g, ' ').trim() : String(error);
    const what = `no build of mmlog's native addon loads in Node.js ${process.version} (ABI ${process.versions.modules}, ${process.platform}-${process.arch})`;
    throw new MmlogError(ErrorCode.NATIVE_ADDON, `${what}: ${ADDON_ADVICE}. [${why}]`, undefined, { cause: error });
  }
}

if (endianness() !== 'LE') {
  throw new Error('mmlog: the control block layout is little-endian; big-endian machines are not supported');
}

/** The loaded addon. */
export const native: NativeBinding = loadAddon();

/**
 * The process-wide count of SIGBUS faults in log mappings (`native/faultGuard.cc`):
 * appends and reads compare it with what they last saw, one load each.
 */
export const FAULT_COUNT: Int32Array = new Int32Array(native.faultCounter);

/** The system page size. */
export const PAGE_SIZE: number = native.constants.PAGE_SIZE;

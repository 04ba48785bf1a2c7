/** Result of a futex wait. */
export type FutexResult = 'ok' | 'not-equal' | 'timed-out';
/** The functions exported by the addon. */
export interface NativeBinding {
    /** Maps `length` bytes of `fd` from `offset` (page aligned) with MAP_SHARED. */
    mmap(fd: number, offset: number, length: number, writable: boolean, path?: string): SharedArrayBuffer;
    /** Drops the file pages of a mapping now; the address range is returned when the buffer is collected. */
    unmap(buffer: SharedArrayBuffer): void;
    madvise(buffer: SharedArrayBuffer, offset: number, length: number, advice: number, path?: string): void;
    /**
     * Like {@link madvise}, on the libuv threadpool: the calling thread does not
     * wait for it. The first int32 of `doneFlag`, if given, is set to 1 when
     * done; setting its second int32 (if it has one) to non-zero stops the
     * work early. Applied in steps of 256 KiB, so that it never holds the
     * process's mmap lock for long.
     */
    madviseAsync(buffer: SharedArrayBuffer, offset: number, length: number, advice: number, doneFlag?: SharedArrayBuffer): Promise<void>;
    msync(buffer: SharedArrayBuffer, offset: number, length: number, flags: number, path?: string): void;
    fallocate(fd: number, mode: number, offset: number, length: number, path?: string): void;
    syncFileRange(fd: number, offset: number, nbytes: number, flags: number, path?: string): void;
    /** flock(2); returns false only when LOCK_NB found the lock held. */
    flock(fd: number, operation: number, path?: string): boolean;
    /** Blocks while the 32-bit word at `offset` equals `expected` (at most `timeoutMs`). */
    futexWait(buffer: SharedArrayBuffer, offset: number, expected: number, timeoutMs?: number): FutexResult;
    /** Like {@link futexWait}, on a thread of its own (not the libuv threadpool), resolving a promise. */
    futexWaitAsync(buffer: SharedArrayBuffer, offset: number, expected: number, timeoutMs?: number): Promise<FutexResult>;
    /** Wakes up to `count` waiters on the word at `offset`; returns how many were woken. */
    futexWake(buffer: SharedArrayBuffer, offset: number, count: number): number;
    /** Extends the finished CRC32C `seed` (0 to start) over `length` bytes at `offset`. */
    crc32c(buffer: SharedArrayBuffer | ArrayBufferView, offset: number, length: number, seed: number): number;
    /** `"sse4.2"`, `"armv8-crc"` or `"table"`. */
    crc32cImplementation(): string;
    /** Atomically adds `delta` to the int64 at `offset` (8-aligned); returns the previous value, or -1. */
    fetchAdd64(buffer: SharedArrayBuffer, offset: number, delta: number): number;
    /** CRC32C extending `seed` over `length` bytes at `offset`, or -1. */
    crc32cShared(buffer: SharedArrayBuffer, offset: number, length: number, seed: number): number;
    /**
     * How `text` is written as UTF-8: `n >= 0`, it is ASCII of `n` bytes (write
     * it with {@link writeAscii}); `n <= -2`, its `-n - 2` bytes are now at the
     * start of `scratch` (write them with {@link copyShared}); -1, `scratch` is
     * too small (encode it in JavaScript).
     */
    measureString(text: string, scratch: SharedArrayBuffer): number;
    /**
     * Copies an ASCII string (one {@link measureString} found ASCII) to
     * `offset`; returns, when `checksum` is 1, the CRC32C of its bytes
     * extending `seed`, else 0; -1 on bad arguments.
     */
    writeAscii(text: string, target: SharedArrayBuffer, offset: number, checksum: 0 | 1, seed: number): number;
    /** Copies `length` bytes between mappings; returns what {@link writeAscii} does. */
    copyShared(source: SharedArrayBuffer, sourceOffset: number, target: SharedArrayBuffer, targetOffset: number, length: number, checksum: 0 | 1, seed: number): number;
    /**
     * Commits the framed record at `offset` (8-aligned; its `length` payload
     * bytes already follow the 8-byte header): stores the CRC32C of
     * logId ‖ pos ‖ lenWord ‖ payload, `idRegister` being the raw CRC register
     * after the log id, then the lenWord with a release store. 0, or -1 on bad
     * arguments.
     */
    commitFrame(target: SharedArrayBuffer, offset: number, length: number, idRegister: number, pos: number, lenWord: number): number;
    /** {@link copyShared} of a payload to after the header at `offset`, then {@link commitFrame}. */
    copyFrame(source: SharedArrayBuffer, sourceOffset: number, target: SharedArrayBuffer, offset: number, length: number, idRegister: number, pos: number, lenWord: number): number;
    /** {@link writeAscii} of the payload after the header at `offset`, then {@link commitFrame}. */
    writeAsciiFrame(text: string, target: SharedArrayBuffer, offset: number, idRegister: number, pos: number, lenWord: number): number;
    /** Whether the hot-path primitives are fast API calls with this V8 (Node 20's 11.3). */
    readonly fastCalls: boolean;
    /** Starts (from zero) or stops counting fast API calls, process-wide; off by default. */
    countFastCalls(on: boolean): void;
    /** Fast API calls made since `countFastCalls(true)`: tests check that optimized code reaches them. */
    fastCallCount(): number;
    readonly constants: NativeConstants;
}
/** Constants of the running kernel and CPU, as the addon was compiled. */
export interface NativeConstants {
    readonly PAGE_SIZE: number;
    /** The largest mapping one SharedArrayBuffer (and one Uint8Array) can cover. */
    readonly MAX_MAPPING: number;
    readonly MADV_NORMAL: number;
    readonly MADV_SEQUENTIAL: number;
    readonly MADV_WILLNEED: number;
    readonly MADV_DONTNEED: number;
    readonly MADV_POPULATE_READ: number;
    readonly MADV_POPULATE_WRITE: number;
    readonly MADV_HUGEPAGE: number;
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
/** The loaded addon. */
export declare const native: NativeBinding;
/** The system page size. */
export declare const PAGE_SIZE: number;

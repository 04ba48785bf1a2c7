/**
 * Where positions live on disk: naming of the data file, mapping windows,
 * growth, prefaulting and page release. This is the only module that knows a
 * log is one file today; segments replace it without touching the append
 * path, which only asks for "the bytes at position p" through {@link
 * DataStore.prepare} and the current window's views.
 *
 * - **Windows.** The file is mapped in large windows (1 GiB by default) that
 *   overlap by one maximum record, so every record lies inside the window its
 *   first byte falls in: no record ever straddles two mappings, whatever its
 *   size (the seed's per-chunk ring had a special case, and a slowdown, there).
 * - **Growth** uses `fallocate`, which reserves real blocks: a full disk is an
 *   ENOSPC error here instead of a SIGBUS on a store into the mapping later.
 *   It never shrinks the file, so concurrent growers need no lock.
 * - **Chunks.** Growth, prefaulting ahead (`MADV_POPULATE_WRITE`) and releasing
 *   pages behind (`MADV_DONTNEED`) happen when a writer's claims cross a chunk
 *   boundary: once per chunk, never per record.
 * - **Huge pages.** Each writer maps every page of the log it appends into, so
 *   with 4 KiB pages every page costs every writer a page-table entry, a
 *   `page_mkwrite` call and later a release. `MADV_HUGEPAGE` lets the kernel
 *   cache the file in 2 MiB folios and map each with one entry.
 * @module
 */
import { closeSync, fstatSync, ftruncateSync, readFileSync } from 'node:fs';
import { Offset } from '../control/layout.js';
import { native, PAGE_SIZE } from '../native.js';
/** The name of the control file of the log at `path`. */
export function controlPathOf(path) {
    return `${path}.ctl`;
}
/**
 * Bytes populated synchronously past a claim where this writer has nothing
 * populated: ~64 pages, a fraction of a millisecond, while the rest of the
 * chunk is populated in the background.
 */
const SYNC_POPULATE_BYTES = 256 * 1024;
/**
 * Size of a PMD-mapped transparent huge page (2 MiB on x86-64), or 0 when
 * this kernel has none.
 */
const HUGE_PAGE_SIZE = (() => {
    try {
        return Number(readFileSync('/sys/kernel/mm/transparent_hugepage/hpage_pmd_size', 'latin1').trim()) || 0;
    }
    catch {
        return 0;
    }
})();
function roundUp(n, unit) {
    return Math.ceil(n / unit) * unit;
}
function roundDown(n, unit) {
    return Math.floor(n / unit) * unit;
}
/** The mapped data of a log, as one writer (or reader) sees it. */
export class DataStore {
    path;
    fd;
    control;
    chunkSize;
    windowSize;
    mappingLength;
    /** The current window: its first position and views over it. */
    base = 0;
    sab;
    u8 = new Uint8Array(0);
    buf = Buffer.alloc(0);
    i32 = new Int32Array(0);
    /**
     * A claim ending at or below this position can be written into the current
     * window with no further work; past it, call {@link prepare}.
     */
    fastEnd = -1;
    windowIndex = -1;
    knownAllocated = 0;
    prefaultedTo = 0;
    releasedTo = 0;
    prefaultSupported = true;
    hugePages;
    /**
     * Word 0: set to 1 by the native side when the last background populate is
     * done (1 = none in flight). Word 1: set to 1 to make it stop early.
     */
    populateDone = new Int32Array(new SharedArrayBuffer(8)).fill(1, 0, 1);
    populating;
    constructor(path, fd, control, settings) {
        this.path = path;
        this.fd = fd;
        this.control = control;
        this.chunkSize = settings.chunkSize;
        this.windowSize = Math.max(this.chunkSize, roundDown(settings.windowSize, this.chunkSize));
        this.mappingLength = this.windowSize + roundUp(settings.maxFrame, PAGE_SIZE);
        // Only whole huge pages are prefaulted and released when chunks are whole huge pages.
        this.hugePages = settings.hugePages && HUGE_PAGE_SIZE > 0 && this.chunkSize % HUGE_PAGE_SIZE === 0;
        if (this.mappingLength > native.constants.MAX_MAPPING) {
            throw new RangeError(`a window of ${this.mappingLength} bytes exceeds the mapping limit`);
        }
    }
    /** Refreshes the locally cached allocation (after registering as a writer). */
    syncAllocated() {
        this.knownAllocated = this.control.allocated();
        this.fastEnd = -1;
    }
    /**
     * Makes `[pos, end)` writable through the current window: maps the window
     * holding `pos`, grows the file if needed, and does the once-per-chunk
     * prefault and release. Throws the `fallocate` error (ENOSPC, EDQUOT, EFBIG)
     * if the file cannot grow to `end`; nothing is written then.
     */
    prepare(pos, end) {
        const index = Math.floor(pos / this.windowSize);
        if (index !== this.windowIndex)
            this.mapWindow(index);
        if (end > this.knownAllocated) {
            this.knownAllocated = this.control.allocated();
            if (end > this.knownAllocated)
                this.grow(end, roundUp(end, this.chunkSize) + this.chunkSize);
        }
        const chunkEnd = roundDown(end, this.chunkSize) + this.chunkSize;
        const windowEnd = this.base + this.windowSize;
        // Keep the file allocated one chunk ahead so other writers rarely grow.
        const ahead = chunkEnd + this.chunkSize;
        if (this.knownAllocated < ahead) {
            this.knownAllocated = this.control.allocated();
            if (this.knownAllocated < ahead)
                this.tryGrow(ahead);
        }
        const mappedEnd = this.base + this.mappingLength;
        // Pages are populated in batches (far cheaper than a trap per page) on a
        // background thread, ahead of the claims, so that appends rarely wait for
        // the kernel. Only where this writer has nothing populated (its first
        // chunk, or after a jump) are the next few pages populated now: enough
        // for the appends that run while the background populate starts.
        const populateEnd = Math.min(ahead, this.knownAllocated, mappedEnd);
        if (this.prefaultedTo < end) {
            const from = Math.max(this.prefaultedTo, roundDown(pos, PAGE_SIZE));
            const to = Math.min(roundUp(end, PAGE_SIZE) + SYNC_POPULATE_BYTES, populateEnd);
            if (this.prefaultSupported && to > from) {
                try {
                    native.madvise(this.sab, from - this.base, to - from, native.constants.MADV_POPULATE_WRITE);
                }
                catch {
                    this.prefaultSupported = false;
                }
            }
            this.prefaultedTo = Math.max(this.prefaultedTo, to);
        }
        // Release before starting the next populate: release() also drops pages
        // that the previous populate (if it finished late) mapped behind the
        // cursor, and it knows that range only until prefault() starts another.
        this.release(roundDown(pos, this.chunkSize));
        this.prefault(roundDown(pos, PAGE_SIZE), populateEnd);
        this.fastEnd = Math.min(chunkEnd, this.knownAllocated, windowEnd);
    }
    /**
     * Does ahead of time what the first append at `pos` would: maps its window
     * and populates the pages around it (the rest of the chunk in the
     * background), so that a writer's first appends do not pay for it. Failure
     * (a full disk) is not reported here: the append that needs the space does.
     */
    prepareAhead(pos) {
        try {
            this.prepare(pos, pos + 1);
        }
        catch {
            this.fastEnd = -1;
        }
    }
    mapWindow(index) {
        this.unmapWindow();
        this.base = index * this.windowSize;
        const sab = native.mmap(this.fd, this.base, this.mappingLength, true, this.path);
        this.sab = sab;
        if (this.hugePages)
            this.adviseHugePages(sab);
        this.u8 = new Uint8Array(sab);
        this.buf = Buffer.from(sab);
        this.i32 = new Int32Array(sab);
        this.windowIndex = index;
        this.prefaultedTo = this.base;
        this.releasedTo = this.base;
    }
    adviseHugePages(sab) {
        try {
            native.madvise(sab, 0, this.mappingLength, native.constants.MADV_HUGEPAGE);
        }
        catch {
            // EINVAL: a kernel built without transparent huge pages. Small pages work the same.
            this.hugePages = false;
        }
    }
    unmapWindow() {
        // A populate still running on the old window would fill its replacement
        // (anonymous memory, until the buffer is collected) for nothing.
        if (Atomics.load(this.populateDone, 0) === 0)
            Atomics.store(this.populateDone, 1, 1);
        if (this.sab !== undefined)
            native.unmap(this.sab);
        this.sab = undefined;
        this.u8 = new Uint8Array(0);
        this.buf = Buffer.alloc(0);
        this.i32 = new Int32Array(0);
        this.windowIndex = -1;
        this.fastEnd = -1;
    }
    /** Extends the file to `target` (at least `needed`), lock-free. */
    grow(needed, target) {
        try {
            this.allocate(target);
        }
        catch (error) {
            // The chunk-sized step did not fit: take exactly what this claim needs.
            if (target <= needed)
                throw error;
            this.allocate(roundUp(needed, PAGE_SIZE));
        }
    }
    /** Growth ahead of need: failure is not an error yet; the claim that needs the space reports it. */
    tryGrow(target) {
        try {
            this.allocate(target);
        }
        catch {
            // The window stays usable up to what is actually allocated.
        }
    }
    allocate(target) {
        const from = this.knownAllocated;
        native.fallocate(this.fd, 0, from, target - from, this.path);
        this.control.raiseAllocated(target);
        this.control.bumpStat(Offset.STAT_GROWTHS);
        this.knownAllocated = Math.max(target, this.control.allocated());
    }
    /**
     * Populates `[from, to)` on a threadpool thread. One request at a time: if
     * the appender outruns the populating thread, the next chunk simply faults
     * in on demand instead of requests piling up and landing behind the cursor.
     */
    prefault(from, to) {
        const start = Math.max(from, this.prefaultedTo);
        if (!this.prefaultSupported || to <= start || Atomics.load(this.populateDone, 0) === 0)
            return;
        this.prefaultedTo = to;
        this.populating = { start, end: to };
        Atomics.store(this.populateDone, 1, 0);
        Atomics.store(this.populateDone, 0, 0);
        native
            .madviseAsync(this.sab, start - this.base, to - start, native.constants.MADV_POPULATE_WRITE, this.populateDone.buffer)
            .catch(() => {
            // Kernels before 5.14 lack MADV_POPULATE_WRITE (EINVAL), and a window
            // may have been replaced meanwhile: pages then fault in on first touch.
            this.prefaultSupported = false;
        });
    }
    /**
     * Drops this process's mapping of pages below `upTo`. The pages are shared
     * file pages: dirty data stays in the page cache and reaches the disk as
     * usual; only this writer's resident set shrinks.
     */
    release(upTo) {
        let from = this.releasedTo;
        // A populate that finished after the appender passed its range re-mapped
        // pages behind the cursor: release those too.
        const late = this.populating;
        if (late !== undefined && Atomics.load(this.populateDone, 0) === 1) {
            if (late.start < from)
                from = Math.max(this.base, late.start);
            this.populating = undefined;
        }
        if (upTo <= from)
            return;
        native.madvise(this.sab, from - this.base, upTo - from, native.constants.MADV_DONTNEED);
        this.releasedTo = Math.max(this.releasedTo, upTo);
    }
    /**
     * Cuts the file to `size` bytes. Only under the lifecycle lock, with no
     * other live writer (see {@link Log.trim}).
     */
    truncate(size) {
        // Leave an exact file alone: not even its mtime changes.
        if (fstatSync(this.fd).size !== size)
            ftruncateSync(this.fd, size);
        this.control.resetAllocated(size);
        this.knownAllocated = size;
        this.fastEnd = -1;
    }
    close() {
        this.unmapWindow();
        closeSync(this.fd);
    }
}
//# sourceMappingURL=storage.js.map
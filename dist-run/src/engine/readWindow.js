/**
 * Mapping a log for reading: windows of the data file, and the readable end.
 *
 * A reader must never touch a page beyond the end of the file (that is a
 * SIGBUS), and a claim may run past it for a moment (a writer claims first,
 * then grows the file). So every read is checked against {@link safeEnd}: the
 * larger of the shared `allocated` size and the file size last seen.
 * @module
 */
import { closeSync, fstatSync } from 'node:fs';
import { native, PAGE_SIZE } from '../native.js';
const DEFAULT_WINDOW = 256 * 1024 * 1024;
/** Read-side (and padding-capable, when writable) windows over a data file. */
export class ReadWindow {
    fd;
    writable;
    path;
    /** Positions per window (the mapping is longer by one maximum frame). */
    windowSize;
    mappingLength;
    sab = new SharedArrayBuffer(0);
    u8 = new Uint8Array(0);
    i32 = new Int32Array(0);
    base = 0;
    mapped = false;
    knownEnd = 0;
    constructor(path, fd, writable, maxFrame) {
        this.path = path;
        this.fd = fd;
        this.writable = writable;
        this.windowSize = DEFAULT_WINDOW;
        this.mappingLength = this.windowSize + Math.ceil(maxFrame / PAGE_SIZE) * PAGE_SIZE;
    }
    /**
     * The end of what may be read without risking a fault: the file size. `need`
     * is the end the caller wants; the size is only asked for (a syscall) when
     * the cached value falls short of it, so a reader pays one fstat per growth.
     * (The shared `allocated` value is not trusted here: a data file truncated
     * behind the log's back would turn it into a SIGBUS.)
     */
    safeEnd(need) {
        if (need > this.knownEnd)
            this.knownEnd = fstatSync(this.fd).size;
        return this.knownEnd;
    }
    /** Maps the window holding `pos` if it is not the current one. */
    cover(pos) {
        const base = Math.floor(pos / this.windowSize) * this.windowSize;
        if (this.mapped && base === this.base)
            return;
        this.release();
        this.sab = native.mmap(this.fd, base, this.mappingLength, this.writable, this.path);
        this.u8 = new Uint8Array(this.sab);
        this.i32 = new Int32Array(this.sab);
        this.base = base;
        this.mapped = true;
    }
    /** Bytes `[pos, end)` copied out (the range must lie in the current window). */
    copy(pos, end) {
        return this.u8.slice(pos - this.base, end - this.base);
    }
    release() {
        if (this.mapped)
            native.unmap(this.sab);
        this.mapped = false;
    }
    close() {
        this.release();
        closeSync(this.fd);
    }
}
//# sourceMappingURL=readWindow.js.map
/**
 * The data of a segmented log, as one writer sees it: the segment holding
 * its claims mapped whole (a {@link DataStore} over that one file), the next
 * segment created ahead of time, sealed segments cut to their exact bytes,
 * and the link to the active segment. The append path sees the same surface
 * as a single-file {@link DataStore}: `prepare(pos, end)` and the views of
 * the current mapping.
 *
 * - **Creation.** A segment file is created (`O_CREAT`, never truncating) and
 *   allocated whole with `fallocate` by whoever needs it first: the writer
 *   that passes the middle of the previous segment, or any writer whose
 *   claim lands in it. Both steps are idempotent, so racing writers need no
 *   lock, and a full disk is an ENOSPC error of the append that needs the
 *   space, never a SIGBUS.
 * - **Cutting.** A sealed segment is cut to its sealed end by the roll after
 *   the one that sealed it (a reader still in it never sees it shrink), by
 *   the last writer to close, and by recovery.
 * @module
 */
import { closeSync, constants as fsConstants, fstatSync, ftruncateSync, renameSync, symlinkSync, unlinkSync, writeSync, } from 'node:fs';
import { basename } from 'node:path';
import { SegmentRing } from '../control/segmentRing.js';
import { native } from '../native/binding.js';
import { DataStore } from './dataStore.js';
import { activeLinkPath, segmentPath } from './logPaths.js';
import { openRegularFile } from './regularFile.js';
/**
 * Opens segment `k` of the log in `dir` read-write, creating it if needed
 * and allocating it whole when `allocate` (throws the `fallocate` error:
 * ENOSPC, EDQUOT).
 */
export function openSegment(dir, ring, k, mode, allocate) {
    const path = segmentPath(dir, ring.baseOf(k));
    const fd = openRegularFile(path, fsConstants.O_RDWR | fsConstants.O_CREAT, mode);
    try {
        if (allocate && fstatSync(fd).size < ring.segmentSize)
            native.fallocate(fd, 0, 0, ring.segmentSize, path);
    }
    catch (error) {
        closeSync(fd);
        throw error;
    }
    return fd;
}
/**
 * Cuts sealed segment `k` to its sealed end if the ring still records it
 * and the file is longer. Never extends a file; a missing file (deleted by
 * retention) is fine.
 */
export function cutSealedSegment(dir, ring, k) {
    const end = ring.sealEnd(k);
    if (end < 0)
        return;
    let fd;
    try {
        fd = openRegularFile(segmentPath(dir, ring.baseOf(k)), fsConstants.O_RDWR);
    }
    catch {
        return;
    }
    try {
        const size = end - ring.baseOf(k);
        if (fstatSync(fd).size > size)
            ftruncateSync(fd, size);
    }
    finally {
        closeSync(fd);
    }
}
/**
 * Points `current.log` at segment `k`: a new link renamed over the old one,
 * so the name always resolves. Best effort: the link is a convenience for
 * tools, and the log is correct without it.
 */
export function pointActiveLink(dir, ring, k) {
    const link = activeLinkPath(dir);
    const temporary = `${link}.${process.pid}.${k}`;
    try {
        symlinkSync(basename(segmentPath(dir, ring.baseOf(k))), temporary);
        renameSync(temporary, link);
    }
    catch {
        try {
            unlinkSync(temporary);
        }
        catch {
            // Never made.
        }
    }
}
/** The mapped data of a segmented log, as one writer sees it. */
export class SegmentStore {
    /** The log directory. */
    path;
    ring;
    base = 0;
    sab;
    u8 = new Uint8Array(0);
    buf = Buffer.alloc(0);
    i32 = new Int32Array(0);
    /** As {@link DataStore.fastEnd}: never past the end of the current segment. */
    fastEnd = -1;
    control;
    settings;
    current;
    /** The segment mapped, or -1. */
    segment = -1;
    /** The highest segment this store made sure exists and is allocated. */
    preparedTo = -1;
    constructor(dir, control, settings) {
        this.path = dir;
        this.control = control;
        this.ring = new SegmentRing(control);
        this.settings = settings;
    }
    /** Permission bits of the files it creates. */
    get mode() {
        return this.settings.mode;
    }
    /** The segment this store has mapped, or -1. */
    get currentSegment() {
        return this.segment;
    }
    /**
     * Makes `[pos, end)` (inside one segment) writable through the current
     * mapping: maps the segment holding `pos` (creating it if needed), then
     * prefaults as {@link DataStore.prepare} does. Past the middle of a
     * segment, makes sure the next one exists, so that the roll into it does
     * not wait for its allocation.
     */
    prepare(pos, end) {
        const k = this.ring.segmentOf(pos);
        if (k !== this.segment)
            this.enter(k);
        const store = this.current;
        store.prepare(pos, end);
        this.copyViews(store);
        if (this.preparedTo <= k && end > this.base + this.ring.segmentSize / 2)
            this.prepareNext(k + 1);
    }
    /** As {@link DataStore.prepareAhead}. */
    prepareAhead(pos) {
        try {
            this.prepare(pos, pos + 1);
        }
        catch {
            this.fastEnd = -1;
        }
    }
    /** Makes sure the segment holding `end − 1` exists and is allocated (throws ENOSPC, EDQUOT). */
    reserve(end) {
        const k = this.ring.segmentOf(Math.max(0, end - 1));
        if (k > this.preparedTo)
            closeSync(openSegment(this.path, this.ring, k, this.settings.mode, true));
        this.preparedTo = Math.max(this.preparedTo, k);
    }
    /** Nothing to settle: each segment is checked as it is entered. */
    syncAllocated() {
        this.fastEnd = -1;
    }
    /** Writes `bytes` at position `pos` with a system call (for filling abandoned claims). */
    writeAt(pos, bytes) {
        // A claim abandoned across a boundary: each segment gets its part.
        for (let at = pos; at < pos + bytes.length;) {
            const k = this.ring.segmentOf(at);
            const part = Math.min(pos + bytes.length, this.ring.baseOf(k + 1)) - at;
            const fd = openSegment(this.path, this.ring, k, this.settings.mode, false);
            try {
                writeSync(fd, bytes, at - pos, part, at - this.ring.baseOf(k));
            }
            finally {
                closeSync(fd);
            }
            at += part;
        }
    }
    /**
     * Cuts the log's files to `end` (the cursor), for the last writer to close:
     * the segment holding it to its exact bytes, and the sealed segment before
     * it to its sealed end. Never extends a file.
     */
    truncate(end) {
        const k = this.ring.segmentOf(end);
        if (k > 0)
            cutSealedSegment(this.path, this.ring, k - 1);
        if (end === this.ring.baseOf(k) && k > 0)
            return;
        if (k === this.segment) {
            this.current.truncate(end);
            this.fastEnd = -1;
            return;
        }
        let fd;
        try {
            fd = openRegularFile(segmentPath(this.path, this.ring.baseOf(k)), fsConstants.O_RDWR);
        }
        catch {
            return;
        }
        try {
            const size = end - this.ring.baseOf(k);
            if (fstatSync(fd).size > size)
                ftruncateSync(fd, size);
        }
        finally {
            closeSync(fd);
        }
    }
    close() {
        this.leave();
    }
    /** Maps segment `k` (created and allocated whole if it is not yet). */
    enter(k) {
        this.leave();
        // A sealed segment (a claim made before its seal, written late) is never allocated again: it may be cut already.
        const sealed = this.ring.sealEnd(k) >= 0 || this.ring.forgot(k);
        const fd = openSegment(this.path, this.ring, k, this.settings.mode, !sealed);
        const path = segmentPath(this.path, this.ring.baseOf(k));
        let store;
        try {
            store = new DataStore(path, fd, this.control, {
                ...this.settings,
                windowSize: this.ring.segmentSize,
                segment: { origin: this.ring.baseOf(k), size: this.ring.segmentSize },
            });
            store.syncAllocated();
        }
        catch (error) {
            closeSync(fd);
            throw error;
        }
        this.current = store;
        this.segment = k;
        this.preparedTo = Math.max(this.preparedTo, k);
    }
    leave() {
        this.current?.close();
        this.current = undefined;
        this.segment = -1;
        this.sab = undefined;
        this.u8 = new Uint8Array(0);
        this.buf = Buffer.alloc(0);
        this.i32 = new Int32Array(0);
        this.fastEnd = -1;
    }
    /** Creates the next segment ahead of need. Failure (a full disk) is reported by the append that needs it. */
    prepareNext(k) {
        try {
            this.reserve(this.ring.baseOf(k) + 1);
        }
        catch {
            this.preparedTo = k;
        }
    }
    copyViews(store) {
        this.base = store.base;
        this.sab = store.sab;
        this.u8 = store.u8;
        this.buf = store.buf;
        this.i32 = store.i32;
        this.fastEnd = Math.min(store.fastEnd, this.ring.baseOf(this.segment + 1));
    }
}
//# sourceMappingURL=segmentStore.js.map
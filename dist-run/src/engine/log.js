/**
 * The append engine: {@link open} and {@link Log}.
 *
 * An append is one atomic fetch-add on the shared cursor (the claim) and a
 * copy into the mapping (strings are encoded straight into it). Everything
 * else — growth, window changes, prefaulting and page release — happens in
 * {@link DataStore.prepare}, which the append calls only when its claim ends
 * past the current chunk: once per chunk, never per record.
 * @module
 */
import { closeSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { IDLE, Offset, SlotOffset, SlotRole } from '../control/layout.js';
import { needsRecovery, recover } from '../durability/recovery.js';
import { ErrorCode, MmlogError } from '../errors.js';
import { formatByName } from '../formats/index.js';
import { native } from '../native.js';
import { checkResidentWindow, resolveOptions } from '../options.js';
import { WAITERS_INDEX, wakeFollowers } from '../reading/notify.js';
import { openOrCreate } from './creation.js';
import { fetchAdd64, stringStager } from './hotPath.js';
import { DataStore } from './storage.js';
const CURSOR_INDEX = Offset.CURSOR / 8;
/** Logs open in this thread, closed at exit so the last writer trims the file. */
const openLogs = new Set();
let exitHookInstalled = false;
function closeAllAtExit() {
    for (const log of openLogs) {
        try {
            log.close();
        }
        catch {
            // Exiting anyway; the data is in the page cache already.
        }
    }
}
/**
 * Opens the log at `path` for appending, creating it (and `path.ctl`, its
 * control file) if needed. Any number of processes and threads may open the
 * same log at once.
 *
 * @param path The data file. With format `raw` it is an ordinary file holding
 *   exactly the appended bytes; an existing file is appended to.
 * @throws TypeError for a non-string path or malformed options; RangeError for
 *   out-of-range options; the `fs` error (e.g. ENOENT) when the directory does
 *   not exist; {@link MmlogError} when the control file is not a valid log of
 *   this version (nothing is modified then).
 */
export function open(path, options) {
    if (typeof path !== 'string')
        throw new TypeError(`path must be a string, got ${typeof path}`);
    if (path.length === 0)
        throw new TypeError('path must not be empty');
    const resolved = resolveOptions(options);
    // Check the resident window against what was asked before touching any file…
    const askedFormat = formatByName(resolved.format ?? 'raw');
    checkResidentWindow(resolved.chunkSize, askedFormat.frameSize(resolved.maxRecordSize), resolved.maxResident);
    const files = openOrCreate(path, resolved);
    const { control } = files;
    try {
        const identity = control.identity;
        const format = formatByName(identity.format);
        // …and against what the log really has, which may differ when it exists
        // (a default bound stretches to fit the log's own settings; an explicit one is enforced).
        if (resolved.explicit.has('maxResident')) {
            checkResidentWindow(identity.chunkSize, format.frameSize(identity.maxRecordSize), resolved.maxResident);
        }
        let slot = files.creatorSlot;
        if (slot === undefined) {
            slot = control.acquireSlot(SlotRole.WRITER, threadId);
            if (slot < 0) {
                throw new MmlogError(ErrorCode.TOO_MANY_WRITERS, `all ${identity.slotCount} writer slots are held by live writers`, files.controlPath);
            }
            // Registration barrier: a trim in progress finishes before this writer
            // reads the allocated size, and any later trim sees this writer's slot.
            lockLifecycle(files.controlFd, files.controlPath);
            unlockLifecycle(files.controlFd, files.controlPath);
            // After a reboot, or a writer that died mid-claim: settle the log first.
            if (needsRecovery(control))
                recover(path, { ownSlot: slot });
        }
        const store = new DataStore(path, files.dataFd, control, {
            chunkSize: identity.chunkSize,
            maxFrame: format.frameSize(identity.maxRecordSize),
            windowSize: resolved.windowSize,
            hugePages: resolved.hugePages,
        });
        store.syncAllocated();
        // Map and populate where the next claims will land now, not in the first append.
        store.prepareAhead(control.cursor());
        const log = new Log(path, files.controlPath, files.controlFd, control, store, format, slot);
        openLogs.add(log);
        if (!exitHookInstalled) {
            process.on('exit', closeAllAtExit);
            exitHookInstalled = true;
        }
        return log;
    }
    catch (error) {
        native.unmap(control.buffer);
        closeSync(files.controlFd);
        closeSync(files.dataFd);
        throw error;
    }
}
function lockLifecycle(fd, path) {
    native.flock(fd, native.constants.LOCK_EX, path);
}
function unlockLifecycle(fd, path) {
    native.flock(fd, native.constants.LOCK_UN, path);
}
/**
 * A log open for appending. Not thread-safe in the JavaScript sense (no
 * JavaScript object is), but any number of `Log` objects — in this thread,
 * other worker threads and other processes — may append to the same file at
 * once.
 */
export class Log {
    /** The data file. */
    path;
    /** The control file beside it. */
    controlPath;
    /** `'raw'` or `'framed'`, as the log was created. */
    format;
    /** The largest payload {@link append} accepts, in bytes. */
    maxRecordSize;
    control;
    controlFd;
    store;
    writer;
    recordFormat;
    cursor;
    controlSab;
    slotF64;
    controlI32;
    slotIndex;
    floorIndex;
    claimPosIndex;
    claimLenIndex;
    /** End of this writer's last claim: a lower bound of any position it claims next. */
    lastEnd = 0;
    closed = false;
    /** @internal Use {@link open}. */
    constructor(path, controlPath, controlFd, control, store, format, slotIndex) {
        this.path = path;
        this.controlPath = controlPath;
        this.controlFd = controlFd;
        this.control = control;
        this.store = store;
        this.recordFormat = format;
        this.format = format.name;
        this.writer = format.createWriter(control.identity);
        this.maxRecordSize = control.identity.maxRecordSize;
        this.cursor = control.i64;
        this.controlSab = control.buffer;
        this.slotF64 = control.f64;
        this.controlI32 = control.i32;
        // Any position this writer claims is at least the cursor seen now.
        this.lastEnd = control.cursor();
        this.slotIndex = slotIndex;
        const slotBase = control.slotOffset(slotIndex) / 8;
        this.floorIndex = slotBase + SlotOffset.CLAIM_FLOOR / 8;
        this.claimPosIndex = slotBase + SlotOffset.CLAIM_POS / 8;
        this.claimLenIndex = slotBase + SlotOffset.CLAIM_LEN / 8;
    }
    /**
     * Appends one record and returns its position: the byte offset of the
     * record in the log, stable for the life of the log. Synchronous, and on
     * the common path free of system calls. When it returns, the record is in
     * the shared page cache: it survives this process being killed, and reaches
     * the disk with normal write-back.
     *
     * @param data A string (encoded as UTF-8) or bytes.
     * @throws TypeError if `data` is neither; RangeError if it is larger than
     *   {@link maxRecordSize}; the `fallocate` error (ENOSPC, EDQUOT) if the disk
     *   is full — the record is then not written, and nothing before it is harmed.
     */
    append(data) {
        if (this.closed)
            throw new MmlogError(ErrorCode.CLOSED, 'append on a closed log', this.path);
        let length;
        if (typeof data === 'string')
            length = stringStager.measure(data);
        else if (data instanceof Uint8Array)
            length = data.byteLength;
        else
            throw new TypeError(`append() takes a string or a Uint8Array, got ${describe(data)}`);
        if (length > this.maxRecordSize) {
            throw new RangeError(`a record of ${length} bytes exceeds maxRecordSize (${this.maxRecordSize} bytes)`);
        }
        const total = this.recordFormat.frameSize(length);
        const slots = this.slotF64;
        // Announce a claim before making it, so an observer that finds a claim
        // nobody has committed can tell whether a live writer may own it.
        slots[this.floorIndex] = this.lastEnd;
        // The claim: one fetch-add on the shared cursor.
        const pos = fetchAdd64(this.controlSab, Offset.CURSOR, total);
        // Length first: a reader that finds this claim's position in the slot must
        // never pair it with the previous claim's length (a kill between the two).
        slots[this.claimLenIndex] = total;
        slots[this.claimPosIndex] = pos;
        const end = pos + total;
        const store = this.store;
        if (end > store.fastEnd) {
            try {
                store.prepare(pos, end);
            }
            catch (error) {
                this.abandonClaim(pos, end);
                throw error;
            }
        }
        this.writer.write(store, pos, data, length);
        slots[this.claimPosIndex] = IDLE;
        slots[this.floorIndex] = IDLE;
        this.lastEnd = end;
        // One plain load per append; a syscall only when a follower is asleep.
        if (this.controlI32[WAITERS_INDEX] !== 0)
            wakeFollowers(this.control);
        return pos;
    }
    /**
     * A claim whose space could not be allocated. If nobody claimed after it,
     * the cursor is moved back and the log is as if it never happened;
     * otherwise the gap is counted and left to readers and recovery, which
     * treat an uncommitted claim of a writer that is no longer making it as padding.
     */
    abandonClaim(pos, end) {
        const undone = Atomics.compareExchange(this.cursor, CURSOR_INDEX, BigInt(end), BigInt(pos)) === BigInt(end);
        if (!undone)
            this.control.bumpStat(Offset.STAT_CLAIMS_ABANDONED);
        this.slotF64[this.claimPosIndex] = IDLE;
        this.slotF64[this.floorIndex] = IDLE;
    }
    /**
     * Cuts the data file's preallocated tail so that it holds exactly the
     * claimed bytes. Does nothing and returns false while another live writer
     * has the log open (it may be about to write into that tail). Idempotent.
     * {@link close} does this automatically for the last writer.
     */
    trim() {
        if (this.closed)
            throw new MmlogError(ErrorCode.CLOSED, 'trim on a closed log', this.path);
        return this.trimIfAlone(false);
    }
    trimIfAlone(releaseSlot) {
        lockLifecycle(this.controlFd, this.controlPath);
        try {
            const alone = this.control.otherLiveWriters(this.slotIndex).length === 0;
            if (alone) {
                this.store.truncate(this.control.cursor());
                this.control.bumpStat(Offset.STAT_TRIMS);
            }
            if (releaseSlot)
                this.control.releaseSlot(this.slotIndex);
            return alone;
        }
        finally {
            unlockLifecycle(this.controlFd, this.controlPath);
        }
    }
    /**
     * Closes the log. The last writer to close trims the preallocated tail.
     * Calling it again does nothing.
     */
    close() {
        if (this.closed)
            return;
        this.closed = true;
        openLogs.delete(this);
        try {
            this.trimIfAlone(true);
        }
        finally {
            this.store.close();
            native.unmap(this.control.buffer);
            closeSync(this.controlFd);
        }
    }
    /** Whether {@link close} has been called. */
    get isClosed() {
        return this.closed;
    }
}
function describe(value) {
    if (value === null)
        return 'null';
    if (ArrayBuffer.isView(value))
        return value.constructor.name;
    return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}
//# sourceMappingURL=log.js.map
/**
 * {@link Log}: appending to an open log.
 *
 * An append is one atomic fetch-add on the shared cursor (the claim, a
 * JavaScript `Atomics.add`) and a copy into the mapping (strings are encoded
 * straight into it); a framed record is then checksummed and committed (see
 * `framedWriter.ts`). Everything
 * else — growth, window changes, prefaulting and page release — happens in
 * {@link DataStore.prepare}, which the append calls only when its claim ends
 * past the current chunk: once per chunk, never per record.
 * @module
 */
import { closeSync } from 'node:fs';
import { ControlBlock } from '../control/controlBlock.js';
import { lockLifecycle, unlockLifecycle } from '../control/lifecycleLock.js';
import { WAITERS_INDEX, wakeFollowers } from '../control/notify.js';
import { ErrorCode, MmlogError } from '../errors.js';
import { IDLE, Offset, SlotOffset } from '../layout/control.js';
import { FAULT_COUNT as FAULTS, native } from '../native/binding.js';
import { logIdRegister } from '../native/crc32c.js';
import { faultedFile } from '../storage/cutFile.js';
import { DataStore } from '../storage/dataStore.js';
import { blankLine, writePadding } from '../storage/fillerFrame.js';
import { applyRetention } from '../storage/retention.js';
import { SegmentStore } from '../storage/segmentStore.js';
import { utf8Length, writerFor } from './recordWriter.js';
import { SegmentRoller } from './segmentRoll.js';
const CURSOR_INDEX = Offset.CURSOR / 8;
const SPACE_SHORT_INDEX = Offset.SPACE_SHORT / 4;
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
function registerOpenLog(log) {
    openLogs.add(log);
    if (!exitHookInstalled) {
        process.on('exit', closeAllAtExit);
        exitHookInstalled = true;
    }
}
/**
 * A log open for appending. Not thread-safe in the JavaScript sense (no
 * JavaScript object is), but any number of `Log` objects — in this thread,
 * other worker threads and other processes — may append to the same file at
 * once.
 */
export class Log {
    /** The data file, or the directory of a segmented log. */
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
    /** Set for a segmented log: ends segments and starts the next ones. */
    roller;
    rollTimer;
    writer;
    cursor;
    slotF64;
    controlI32;
    slotIndex;
    floorIndex;
    claimPosIndex;
    claimLenIndex;
    /** End of this writer's last claim: a lower bound of any position it claims next. */
    lastEnd = 0;
    closed = false;
    /** {@link FAULTS} when this log last checked its mappings. */
    faultsSeen = FAULTS[0];
    /** Set once a mapping of this log faulted: every later append throws it. */
    broken;
    /** Claims this writer abandoned (no space) and could not undo: filled once space is back. */
    abandoned = [];
    /** @internal Use `open()`. */
    constructor(path, controlPath, controlFd, control, store, slotIndex, roller) {
        // The class is exported for its type and for `instanceof`; built from anything but open()'s
        // own parts it would close and write through whatever descriptors and buffers it was given.
        const ownStore = store instanceof DataStore || store instanceof SegmentStore;
        if (!(control instanceof ControlBlock) ||
            !ownStore ||
            (roller !== undefined && !(roller instanceof SegmentRoller))) {
            throw new TypeError('a Log is made by open(), not by its constructor');
        }
        this.path = path;
        this.controlPath = controlPath;
        this.controlFd = controlFd;
        this.control = control;
        this.store = store;
        this.format = control.identity.format;
        this.writer = writerFor(control.identity);
        this.maxRecordSize = control.identity.maxRecordSize;
        this.cursor = control.i64;
        this.slotF64 = control.f64;
        this.controlI32 = control.i32;
        // Any position this writer claims is at least the cursor seen now.
        this.lastEnd = control.cursor();
        this.slotIndex = slotIndex;
        const slotBase = control.slotOffset(slotIndex) / 8;
        this.floorIndex = slotBase + SlotOffset.CLAIM_FLOOR / 8;
        this.claimPosIndex = slotBase + SlotOffset.CLAIM_POS / 8;
        this.claimLenIndex = slotBase + SlotOffset.CLAIM_LEN / 8;
        this.roller = roller;
        if (roller !== undefined) {
            // Best effort at a roll: a failure here must not fail the append that rolled (applyRetention() reports it).
            roller.onRoll = () => {
                try {
                    applyRetention(this.path, this.control);
                }
                catch {
                    // Tried again at the next roll.
                }
            };
        }
        registerOpenLog(this);
        if (roller !== undefined && control.identity.rollEvery > 0) {
            roller.restartEmptyPeriod(control.cursor(), Date.now());
            this.rollByTime();
            this.scheduleTimeRoll();
        }
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
        if (this.broken !== undefined)
            throw this.broken;
        let length;
        if (typeof data === 'string')
            length = utf8Length(data);
        else if (data instanceof Uint8Array)
            length = data.byteLength;
        else
            throw new TypeError(`append() takes a string or a Uint8Array, got ${describe(data)}`);
        if (length > this.maxRecordSize) {
            throw new RangeError(`a record of ${length} bytes exceeds maxRecordSize (${this.maxRecordSize} bytes)`);
        }
        const total = this.writer.frameSize(length);
        // After an allocation failed anywhere, space is secured before claiming,
        // so that retries on a full disk cannot leave a trail of abandoned claims.
        if (this.controlI32[SPACE_SHORT_INDEX] !== 0)
            this.ensureSpace(total);
        const slots = this.slotF64;
        // Announce a claim before making it, so an observer that finds a claim
        // nobody has committed can tell whether a live writer may own it.
        slots[this.floorIndex] = this.lastEnd;
        // The claim: one fetch-add on the shared cursor.
        let pos = Number(Atomics.add(this.cursor, CURSOR_INDEX, BigInt(total)));
        // A cut control file would hand out positions from a zero page: check
        // before writing anywhere (one load; a native call only after a fault).
        if (FAULTS[0] !== this.faultsSeen)
            this.checkFaults();
        // Length first: a reader that finds this claim's position in the slot must
        // never pair it with the previous claim's length (a kill between the two).
        slots[this.claimLenIndex] = total;
        slots[this.claimPosIndex] = pos;
        const store = this.store;
        if (pos + total > store.fastEnd)
            pos = this.makeRoom(pos, pos + total);
        this.writer.write(store, pos, data, length);
        // A cut data file: the record went to a zero page and is not acknowledged.
        if (FAULTS[0] !== this.faultsSeen)
            this.checkFaults();
        slots[this.claimPosIndex] = IDLE;
        slots[this.floorIndex] = IDLE;
        this.lastEnd = pos + total;
        // One plain load per append; a syscall only when a follower is asleep.
        if (this.controlI32[WAITERS_INDEX] !== 0)
            wakeFollowers(this.control);
        return pos;
    }
    /**
     * Some log mapping of this process faulted (SIGBUS: a file was cut under
     * it). If it was one of this log's, the log is broken for good: throw now
     * and on every later append.
     */
    checkFaults() {
        if (this.findFault())
            throw this.broken;
    }
    /** Whether a mapping of this log faulted; if so, {@link broken} is set. */
    findFault() {
        this.faultsSeen = FAULTS[0];
        if (this.broken !== undefined)
            return true;
        const cut = faultedFile(this.control.buffer, this.store.sab);
        if (cut === undefined)
            return false;
        this.slotF64[this.claimPosIndex] = IDLE;
        this.slotF64[this.floorIndex] = IDLE;
        this.broken = new MmlogError(ErrorCode.DATA_SHRUNK, `the ${cut} file was cut while this log had it open ` +
            '(e.g. logrotate copytruncate): this record and every later one were refused; ' +
            'close the log, and open it again (open() says how to recover)', cut === 'control' ? this.controlPath : this.path);
        return true;
    }
    /**
     * Maps, grows and prefaults for a claim past the prepared chunk. Run by the
     * first append of every `Log` (see `open()`), so that V8 has seen this
     * call before it optimizes `append`: a branch never taken before
     * optimization deoptimizes `append` when first taken.
     */
    makeRoom(pos, end) {
        const roller = this.roller;
        if (roller?.crosses(pos, end))
            return this.crossSegment(pos, end);
        try {
            this.store.prepare(pos, end);
        }
        catch (error) {
            this.abandonClaim(pos, end);
            throw error;
        }
        if (roller?.startsSegment(pos))
            roller.startAtBoundary(pos);
        // Space came back (another writer may have cleared the shortage first).
        if (this.abandoned.length > 0)
            this.blankAbandoned();
        return pos;
    }
    /**
     * This writer's claim `[pos, end)` contains a segment boundary: it is the
     * one claim that does, so this writer ends the segment (see
     * `segmentRoll.ts`), then claims again, in the next segment. Returns the
     * new claim's position (its slot records it, as any claim).
     */
    crossSegment(pos, end) {
        try {
            this.roller.finishCrossing(pos, end);
        }
        catch (error) {
            this.abandonClaim(pos, end);
            throw error;
        }
        const slots = this.slotF64;
        const total = end - pos;
        slots[this.claimPosIndex] = IDLE;
        slots[this.floorIndex] = end;
        this.lastEnd = end;
        const next = Number(Atomics.add(this.cursor, CURSOR_INDEX, BigInt(total)));
        if (FAULTS[0] !== this.faultsSeen)
            this.checkFaults();
        slots[this.claimLenIndex] = total;
        slots[this.claimPosIndex] = next;
        if (next + total > this.store.fastEnd)
            return this.makeRoom(next, next + total);
        return next;
    }
    /**
     * Rolls to a new segment if the active one's clock period is over: moves
     * the cursor to the next boundary with a compare-and-swap (one writer of
     * all that try wins; the others find the new segment active), as a claim
     * of this writer's slot, then seals and starts the next segment.
     */
    rollByTime() {
        const roller = this.roller;
        if (roller === undefined || this.closed || this.broken !== undefined)
            return;
        const slots = this.slotF64;
        const segmentSize = this.control.identity.segmentSize;
        for (;;) {
            // Judged on the cursor this roll would move: once another writer has rolled, it is in the next segment.
            const from = this.control.cursor();
            if (!roller.timeToRoll(from, Date.now()))
                return;
            const boundary = (Math.floor(from / segmentSize) + 1) * segmentSize;
            slots[this.floorIndex] = this.lastEnd;
            const won = Atomics.compareExchange(this.cursor, CURSOR_INDEX, BigInt(from), BigInt(boundary)) === BigInt(from);
            if (won) {
                slots[this.claimLenIndex] = boundary - from;
                slots[this.claimPosIndex] = from;
                try {
                    roller.finishTimeRoll(from);
                }
                finally {
                    slots[this.claimPosIndex] = IDLE;
                    slots[this.floorIndex] = IDLE;
                    this.lastEnd = boundary;
                }
                if (this.controlI32[WAITERS_INDEX] !== 0)
                    wakeFollowers(this.control);
                return;
            }
            slots[this.floorIndex] = IDLE;
        }
    }
    /** Checks again when the current clock period ends (the timer does not keep the process alive). */
    scheduleTimeRoll() {
        const wait = this.roller.msToPeriodEnd(Date.now());
        if (wait < 0)
            return;
        this.rollTimer = setTimeout(() => {
            this.rollTimer = undefined;
            if (this.closed)
                return;
            try {
                this.rollByTime();
            }
            catch {
                // A failed roll is retried at the next period; appends keep going into the active segment.
            }
            this.scheduleTimeRoll();
        }, wait + 1);
        this.rollTimer.unref();
    }
    /**
     * A claim whose space could not be allocated. If nobody claimed after it,
     * the cursor is moved back and the log is as if it never happened;
     * otherwise the gap is counted: framed, every reader treats an uncommitted
     * claim no live slot owns as padding; raw, this writer blanks it once space
     * is back. Either way the shortage is flagged for every writer, whose
     * appends then secure space before claiming: a full disk costs at most one
     * abandoned claim per writer racing at that moment, not one per retry.
     */
    abandonClaim(pos, end) {
        Atomics.store(this.controlI32, SPACE_SHORT_INDEX, 1);
        const undone = Atomics.compareExchange(this.cursor, CURSOR_INDEX, BigInt(end), BigInt(pos)) === BigInt(end);
        if (!undone) {
            this.control.bumpStat(Offset.STAT_CLAIMS_ABANDONED);
            this.abandoned.push({ pos, end });
        }
        this.slotF64[this.claimPosIndex] = IDLE;
        this.slotF64[this.floorIndex] = IDLE;
    }
    /**
     * Space was short: allocate what the next claim needs before making it
     * (throwing the `fallocate` error with nothing claimed), then clear the
     * shortage and blank this writer's abandoned raw claims.
     */
    ensureSpace(total) {
        this.store.reserve(this.control.cursor() + total);
        Atomics.store(this.controlI32, SPACE_SHORT_INDEX, 0);
        if (this.abandoned.length > 0)
            this.blankAbandoned();
    }
    /**
     * Fills this writer's abandoned claims that now lie in allocated space, so
     * that no reader takes them for lost data: raw, with spaces ending in a
     * newline (a blank line in a text log, as recovery does for a dead writer's
     * claim); framed, with a PADDING frame (no record was acknowledged there),
     * when the claim lies in the current window — else readers pad it.
     */
    blankAbandoned() {
        const allocated = this.control.allocated();
        const store = this.store;
        this.abandoned = this.abandoned.filter(({ pos, end }) => {
            if (end > allocated)
                return true;
            if (this.format === 'framed') {
                const sab = store.sab;
                if (sab !== undefined && pos >= store.base && end <= store.base + store.u8.length) {
                    const { logIdLo, logIdHi } = this.control.identity;
                    const window = { sab, u8: store.u8, i32: store.i32, base: store.base };
                    writePadding(window, pos, end - pos, logIdRegister(logIdLo, logIdHi) >>> 0);
                }
                return false;
            }
            store.writeAt(pos, blankLine(end - pos));
            return false;
        });
    }
    /**
     * A checkpoint (segmented logs): deletes every sealed segment wholly below
     * `pos`, and whatever the log's retention limits let go of — never the
     * active segment, one a writer may still be writing, or one holding (or
     * past) a named consumer's position. Returns the first position the log
     * holds afterwards (at most `pos`: segments are deleted whole).
     * @throws RangeError for a `pos` that is not a position of the log;
     *   `ERR_MMLOG_NOT_SEGMENTED` for a single-file log.
     */
    truncateBefore(pos) {
        this.checkSegmented('truncateBefore');
        if (!Number.isSafeInteger(pos) || pos < 0 || pos > this.control.cursor()) {
            throw new RangeError(`truncateBefore() takes a position from 0 to the cursor, got ${String(pos)}`);
        }
        return applyRetention(this.path, this.control, pos).firstPosition;
    }
    /**
     * Applies the log's retention limits now (they are also applied at each
     * roll, best effort): deletes the sealed segments they let go of, and
     * returns the base positions deleted and the first position kept.
     */
    applyRetention() {
        this.checkSegmented('applyRetention');
        return applyRetention(this.path, this.control);
    }
    checkSegmented(what) {
        if (this.closed)
            throw new MmlogError(ErrorCode.CLOSED, `${what} on a closed log`, this.path);
        if (this.roller === undefined) {
            throw new MmlogError(ErrorCode.NOT_SEGMENTED, `${what} needs a segmented log (created with segmentSize)`, this.path);
        }
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
            const cursor = this.control.cursor();
            // What was read from a cut control file is a zero page's: trim nothing on it.
            const broken = FAULTS[0] !== this.faultsSeen ? this.findFault() : this.broken !== undefined;
            if (alone && !broken) {
                this.store.truncate(cursor);
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
        if (this.rollTimer !== undefined)
            clearTimeout(this.rollTimer);
        if (this.abandoned.length > 0 && this.broken === undefined)
            this.blankAbandoned();
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
import { CorruptionError, ErrorCode, MmlogError, NotABoundaryError, PositionGoneError } from '../errors.js';
import { FREE_PID, IDLE, Offset, SlotOffset, slotOffset } from '../layout/control.js';
import { ALIGNMENT, frameSize, HEADER_SIZE, LEN_WORD_OFFSET, MAX_PADDING_SIZE, RecordType } from '../layout/frame.js';
import { FAULT_COUNT } from '../native/binding.js';
import { logIdRegister } from '../native/crc32c.js';
import { openControl } from '../storage/creation.js';
import { faultedFile } from '../storage/cutFile.js';
import { openDataFile } from '../storage/dataFile.js';
import { isFiller, writePadding } from '../storage/fillerFrame.js';
import { controlPathOf } from '../storage/logPaths.js';
import { ReadWindow } from '../storage/readWindow.js';
import { SegmentWindow } from '../storage/segmentWindow.js';
import { sleepMs } from '../util/sleep.js';
import { anyLiveWriter, judgeClaim, rawCommitted } from './claims.js';
import { checkFrame, FrameState, findNextFrame } from './frameCheck.js';
/** Nothing complete at the current position yet (a writer is at work there). */
export const PENDING = Symbol('pending');
/** The reader has reached the cursor. */
export const CAUGHT_UP = Symbol('caught up');
/** Grace before treating an unowned uncommitted claim as dead while live writers exist. */
const ORPHAN_GRACE_MS = 10;
/** How long a one-shot scan waits out that grace. */
const SETTLE_MS = 2 * ORPHAN_GRACE_MS;
/** The (shared, empty) data of records read without a copy. */
const NO_DATA = new Uint8Array(0);
/** Largest byte range a raw read returns at once. */
const RAW_CHUNK = 1024 * 1024;
/** Reads a log. Not for use from several threads at once (no JavaScript object is). */
export class LogReader {
    control;
    window;
    framed;
    /**
     * Whether this reader may write: both files are open read-write. Only then
     * does it pad dead claims and raise the committed watermark; a reader that
     * may not never stores into either mapping (the pages are read-only there).
     */
    writable;
    /** Whether the control file is mapped read-write (a follower may then use the futex handshake). */
    controlWritable;
    stats = {
        records: 0,
        payloadBytes: 0,
        paddingFrames: 0,
        paddingBytes: 0,
        deadClaims: 0,
        corrupt: [],
        lost: [],
    };
    /** When set, every range this reader pads is recorded here (recovery's report). */
    padLog;
    /**
     * Raw logs, when set before reading (verify): the reader counts the lines
     * it passes into {@link lines} and {@link lineEnd}, in the mapping, without
     * copying. Off by default: readers that return the bytes need no count.
     */
    countLines = false;
    /** Raw, with {@link countLines}: newline bytes passed, i.e. complete lines. */
    lines = 0;
    /** Raw, with {@link countLines}: the position after the last newline passed (or where reading started). */
    lineEnd = 0;
    onCorrupt;
    onSkip;
    /** Set when the reader waits on a live writer that is stopped (SIGSTOP): it is not skipped. */
    stalledWriter;
    /** End of the last DATA or META frame passed (or the start position): where trailing padding begins. */
    lastRecordEnd = 0;
    /** Whether the last PENDING was a live writer's claim (rather than one waiting out its grace). */
    waitingOnLiveWriter = false;
    /** Whether the last PENDING is an unowned claim given a moment's grace while others write. */
    inGrace = false;
    /** {@link FAULT_COUNT} when this reader last checked its mappings. */
    faultsSeen = FAULT_COUNT[0];
    pos;
    limits;
    info = { type: 0, length: 0, size: 0 };
    controlFd;
    path;
    pendingAt = -1;
    pendingSince = 0;
    ifGone;
    constructor(path, control, controlFd, window, options, controlWritable) {
        this.path = path;
        this.control = control;
        this.controlFd = controlFd;
        this.window = window;
        this.controlWritable = controlWritable;
        this.writable = controlWritable && window.writable;
        this.framed = control.identity.format === 'framed';
        this.onCorrupt = options.onCorrupt ?? 'throw';
        this.onSkip = options.onSkip;
        this.limits = {
            idRegister: logIdRegister(control.identity.logIdLo, control.identity.logIdHi),
            maxRecordSize: control.identity.maxRecordSize,
            end: 0,
        };
        this.pos = control.identity.dataStart;
        this.ifGone = options.ifGone ?? 'throw';
    }
    /**
     * Opens the log at `path` for reading. It is opened read-write when the
     * files allow, so that the reader can persist the padding of dead claims;
     * otherwise (`writable` false, or either file read-only to this process)
     * read-only, and dead claims are only stepped over. `options` are trusted:
     * the public functions check them first (read.ts).
     */
    static open(path, options = {}, writable = options.readOnly !== true) {
        const { control, fd: controlFd, writable: canWrite } = openControl(controlPathOf(path), writable, undefined, true);
        let window;
        try {
            if (control.identity.segmentSize > 0) {
                window = new SegmentWindow(path, control, canWrite);
            }
            else {
                const data = openDataForReading(path, control, canWrite);
                const maxFrame = Math.max(frameSize(control.identity.maxRecordSize), RAW_CHUNK);
                window = new ReadWindow(path, data.fd, data.writable, maxFrame);
            }
        }
        catch (error) {
            control.close(controlFd);
            throw error;
        }
        const reader = new LogReader(path, control, controlFd, window, options, canWrite);
        try {
            reader.seek(options.from ?? 0);
        }
        catch (error) {
            reader.close();
            throw error;
        }
        return reader;
    }
    /** The next position to read. */
    get position() {
        return this.pos;
    }
    /**
     * Moves to `from`. Raw logs: any byte. Framed logs: `from` must be a record
     * boundary this reader can vouch for — the data start, the cursor, a valid
     * frame (its CRC covers its own position), the position of a claim recorded
     * in a writer slot, or a position reached by walking frames from one of
     * those. A reader pads dead claims only where it stands, so it must never
     * stand inside a record: anything else is refused with
     * {@link NotABoundaryError}, and nothing is read or written.
     */
    seek(asked) {
        if (!Number.isSafeInteger(asked) || asked < 0)
            throw new RangeError(`'from' must be a non-negative integer, got ${asked}`);
        let from = asked;
        if (this.window instanceof SegmentWindow) {
            const first = this.window.ring.firstPosition();
            if (from > 0 && from < first && this.ifGone === 'throw')
                throw new PositionGoneError(from, first, this.path);
            from = this.window.skipSealed(Math.max(from, first));
        }
        const { dataStart } = this.control.identity;
        if (this.framed) {
            if (from > 0 && from < dataStart)
                throw new NotABoundaryError(from, this.path, 'it is inside the log header');
            const start = Math.max(from, dataStart);
            if (start % ALIGNMENT !== 0)
                throw new NotABoundaryError(from, this.path, `records start at multiples of ${ALIGNMENT}`);
            const cursor = this.control.cursor();
            // Every record position is below the cursor; past it lies no record start we could vouch for.
            if (start > cursor)
                throw new RangeError(`position ${from} is beyond the end of the log`);
            const doubt = start > dataStart && start < cursor ? this.boundaryDoubt(start, cursor) : undefined;
            if (doubt !== undefined)
                throw new NotABoundaryError(from, this.path, doubt);
        }
        const start = Math.max(from, dataStart);
        this.pos = start;
        this.lastRecordEnd = start;
        this.lineEnd = start;
        this.pendingAt = -1;
    }
    /**
     * Undefined when `target` (8-aligned, between the data start and `cursor`)
     * is provably a record boundary; otherwise why not.
     */
    boundaryDoubt(target, cursor) {
        const unknown = 'no record can be shown to start there';
        if (this.claimLengthAt(target) >= 0)
            return undefined;
        const end = Math.min(cursor, this.window.safeEnd(target, cursor));
        const limits = { ...this.limits, end };
        if (target + HEADER_SIZE <= end) {
            this.window.cover(target);
            if (checkFrame(this.window, target, limits, this.info) === FrameState.VALID)
                return undefined;
        }
        // Walk from a known boundary: the committed watermark if a valid frame is there, else the data start
        // (in a segmented log, the segment's base: its first frame starts there).
        const regionEnd = this.window.regionEnd(target);
        const regionStart = Number.isFinite(regionEnd) ? regionEnd - this.window.windowSize : 0;
        let at = Math.max(this.control.identity.dataStart, regionStart);
        const committed = this.control.committed();
        if (committed > at && committed < target && committed % ALIGNMENT === 0 && committed + HEADER_SIZE <= end) {
            this.window.cover(committed);
            if (checkFrame(this.window, committed, limits, this.info) === FrameState.VALID)
                at = committed;
        }
        while (at < target) {
            if (at + HEADER_SIZE > end)
                return unknown;
            this.window.cover(at);
            const state = checkFrame(this.window, at, limits, this.info);
            if (state === FrameState.VALID) {
                if (at + this.info.size > target)
                    return `it lies inside the record at ${at}`;
                at += this.info.size;
                continue;
            }
            const claimed = state === FrameState.UNCOMMITTED ? this.claimLengthAt(at) : -1;
            if (claimed > 0 && claimed % ALIGNMENT === 0) {
                if (at + claimed > target)
                    return `it lies inside the claim at ${at}`;
                at += claimed;
                continue;
            }
            // A gap or damage of unknown extent: the next valid frame is a boundary, what lies before it is unknown.
            const next = this.findNext(at, end);
            if (next < 0 || next > target)
                return unknown;
            at = next;
        }
        return at === target ? undefined : unknown;
    }
    /**
     * The length a writer slot records for a claim at `pos` (a claim's position
     * comes from the fetch-add on the cursor: a record boundary), or -1 when no
     * slot records a claim there.
     */
    claimLengthAt(pos) {
        const { i32, f64 } = this.control;
        for (let i = 0; i < this.control.identity.slotCount; i++) {
            const base = slotOffset(i);
            if (Atomics.load(i32, (base + SlotOffset.PID) / 4) === FREE_PID)
                continue;
            if (f64[(base + SlotOffset.CLAIM_FLOOR) / 8] === IDLE)
                continue;
            if (f64[(base + SlotOffset.CLAIM_POS) / 8] === pos)
                return f64[(base + SlotOffset.CLAIM_LEN) / 8];
        }
        return -1;
    }
    /** Whether something may have changed at the current position (for followers deciding to sleep). */
    hasNews() {
        const cursor = this.control.cursor();
        if (cursor <= this.pos)
            return false;
        if (this.window.skipSealed(this.pos) !== this.pos)
            return true;
        // Raw: only bytes below the watermark that are also in the file (the cursor may run past its end).
        if (!this.framed) {
            return rawCommitted(this.control) > this.pos && this.window.safeEnd(this.pos, this.pos + 1) > this.pos;
        }
        if (this.pos + HEADER_SIZE > this.window.safeEnd(this.pos, this.pos + HEADER_SIZE))
            return false;
        this.window.cover(this.pos);
        return Atomics.load(this.window.i32, (this.pos - this.window.base + LEN_WORD_OFFSET) >>> 2) !== 0;
    }
    /**
     * Like {@link next}, but waits out (synchronously, at most ~20 ms) the grace
     * given to a claim no live writer owns, so that a one-shot scan moves past
     * dead writers' claims instead of stopping at them. PENDING then means a
     * live writer's claim.
     */
    nextSettled(copy = true) {
        for (let waited = 0;; waited += 5) {
            const next = this.next(copy);
            if (next !== PENDING || !this.inGrace || waited >= SETTLE_MS)
                return next;
            sleepMs(5);
        }
    }
    /**
     * The next record, or PENDING / CAUGHT_UP. Throws CorruptionError under the
     * 'throw' policy. With `copy` false the record's `data` is empty: for scans
     * that only check and count (verify, stat, recovery), a copy per record —
     * a fresh off-heap buffer — is most of what reading costs.
     */
    next(copy = true) {
        this.inGrace = false;
        let next;
        try {
            next = this.framed ? this.nextFrame(copy) : this.nextRawRange(copy);
        }
        catch (error) {
            // Bytes of a zero page look corrupt: the cut file is the error to report.
            if (FAULT_COUNT[0] !== this.faultsSeen)
                this.checkFaults();
            throw error;
        }
        // A file cut under this reader: what it just read may be a zero page's.
        if (FAULT_COUNT[0] !== this.faultsSeen)
            this.checkFaults();
        return next;
    }
    /** Throws if a mapping of this reader took a SIGBUS (its file was cut outside mmlog). */
    checkFaults() {
        this.faultsSeen = FAULT_COUNT[0];
        const cut = faultedFile(this.control.buffer, this.window.sab);
        if (cut === undefined)
            return;
        throw new MmlogError(ErrorCode.DATA_SHRUNK, `the ${cut} file was cut while being read (e.g. logrotate copytruncate); nothing past the cut was returned`, cut === 'control' ? controlPathOf(this.path) : this.path);
    }
    readableEnd(want) {
        return Math.min(want, this.window.safeEnd(this.pos, want));
    }
    /** Whether `[start, end)` lies in the files, region by region (a dead claim may cross a segment's end). */
    readableThrough(start, end) {
        for (let at = start; at < end; at = this.window.regionEnd(at)) {
            const part = Math.min(end, this.window.regionEnd(at));
            if (part > this.window.safeEnd(at, part))
                return false;
        }
        return true;
    }
    /** Moves past the nothing after a sealed segment's end; true if it moved. */
    skipSealed() {
        const next = this.window.skipSealed(this.pos);
        if (next === this.pos)
            return false;
        this.pos = next;
        this.lastRecordEnd = next;
        this.pendingAt = -1;
        return true;
    }
    nextRawRange(copy) {
        const committed = rawCommitted(this.control);
        this.raiseCommitted(committed);
        if (this.pos < committed)
            this.skipSealed();
        if (this.pos >= committed) {
            // Raw data below the cursor but above the watermark is a live writer's claim in progress.
            this.waitingOnLiveWriter = true;
            return this.control.cursor() > this.pos ? PENDING : CAUGHT_UP;
        }
        // Claims past the end of the file (a writer about to grow it, a claim abandoned on a full disk, a
        // writer that died first, a file cut behind the log's back): nothing to read there yet.
        if (this.readableEnd(committed) <= this.pos) {
            this.waitingOnLiveWriter = false;
            return PENDING;
        }
        this.window.cover(this.pos);
        const end = Math.min(this.readableEnd(committed), this.pos + RAW_CHUNK, this.window.base + this.window.u8.length);
        if (end <= this.pos)
            return PENDING;
        const record = { pos: this.pos, data: copy ? this.window.copy(this.pos, end) : NO_DATA };
        if (this.countLines)
            this.countNewlines(this.pos, end);
        this.stats.records++;
        this.stats.payloadBytes += end - this.pos;
        this.pos = end;
        return record;
    }
    /**
     * Counts the newlines in `[from, end)`, which lies in the current window.
     * The search never looks past `end`: the mapping runs on past the end of
     * the file, where a load would fault. (Buffer's indexOf is a native memchr,
     * about three times as fast as a typed array's here.)
     */
    countNewlines(from, end) {
        const bytes = Buffer.from(this.window.sab, from - this.window.base, end - from);
        let last = -1;
        for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) {
            this.lines++;
            last = at;
        }
        if (last >= 0)
            this.lineEnd = from + last + 1;
    }
    nextFrame(copy) {
        for (;;) {
            const cursor = this.control.cursor();
            if (this.pos >= cursor) {
                this.raiseCommitted(this.pos);
                return CAUGHT_UP;
            }
            if (this.skipSealed())
                continue;
            // A claim may run past the end of the file for a moment (a writer claims, then grows the file),
            // and a dead writer's or an abandoned one may stay there: never read or write there. Nothing after
            // it can be in the file either, so there is nothing to skip to: wait (followers poll, without spinning).
            if (this.pos + HEADER_SIZE > this.window.safeEnd(this.pos, this.pos + HEADER_SIZE)) {
                this.waitingOnLiveWriter = judgeClaim(this.control, this.pos).kind === 'live';
                return this.pending();
            }
            this.window.cover(this.pos);
            this.limits.end = this.readableEnd(cursor);
            const state = checkFrame(this.window, this.pos, this.limits, this.info);
            if (state === FrameState.VALID) {
                const at = this.pos;
                this.pos += this.info.size;
                this.pendingAt = -1;
                if (!isFiller(this.info.type))
                    this.lastRecordEnd = this.pos;
                if (this.info.type === RecordType.DATA) {
                    this.stats.records++;
                    this.stats.payloadBytes += this.info.length;
                    const data = copy ? this.window.copy(at + HEADER_SIZE, at + HEADER_SIZE + this.info.length) : NO_DATA;
                    return { pos: at, data };
                }
                if (this.info.type === RecordType.PADDING) {
                    this.stats.paddingFrames++;
                    this.stats.paddingBytes += this.info.size;
                }
                else if (this.info.type === RecordType.LOST) {
                    this.noteLost(at, this.pos);
                }
                continue;
            }
            if (state === FrameState.UNCOMMITTED) {
                if (!this.resolveUncommitted(cursor))
                    return this.pending();
                continue;
            }
            this.skipCorrupt(cursor);
        }
    }
    pending() {
        this.raiseCommitted(this.pos);
        return PENDING;
    }
    /**
     * At an uncommitted position below the cursor: waits for a live owner
     * (returns false), or moves past a dead owner's claim (returns true) —
     * padding it when this reader may write. A gap no writer's claim accounts
     * for is lost data: it is padded with a LOST frame and recorded in
     * `stats.lost`. The reader stands on a record boundary (see {@link seek}), so
     * the padding starts on one too; it ends on the next valid frame, the end of
     * the dead writer's claim, or a live writer's claim, all boundaries.
     */
    resolveUncommitted(cursor) {
        const now = Date.now();
        if (this.pendingAt !== this.pos) {
            this.pendingAt = this.pos;
            this.pendingSince = now;
        }
        const verdict = judgeClaim(this.control, this.pos);
        this.waitingOnLiveWriter = verdict.kind === 'live';
        if (verdict.kind === 'live') {
            this.stalledWriter = verdict.stopped ? verdict.pid : undefined;
            return false;
        }
        this.stalledWriter = undefined;
        // A live writer's commit could in principle still be in flight on a weakly
        // ordered CPU: give unowned claims a moment while anyone is writing.
        this.inGrace = now - this.pendingSince < ORPHAN_GRACE_MS && anyLiveWriter(this.control);
        if (this.inGrace)
            return false;
        let end;
        let accounted = true;
        if (verdict.kind === 'dead' && verdict.length % ALIGNMENT === 0 && this.pos + verdict.length <= cursor) {
            // The slot gives the extent; a valid frame inside it would mean the slot lied: stop there.
            const inside = this.findNext(this.pos, this.readableEnd(this.pos + verdict.length));
            end = inside < 0 ? this.pos + verdict.length : inside;
        }
        else {
            const orphan = verdict.kind === 'orphan' ? verdict : { liveClaims: [], liveFloors: [], accounted: true };
            accounted = orphan.accounted;
            const next = this.findNext(this.pos, this.readableEnd(cursor));
            end = next < 0 ? Math.min(cursor, this.window.regionEnd(this.pos)) : next;
            for (const claim of orphan.liveClaims)
                if (claim > this.pos && claim < end)
                    end = claim;
            // A live writer between here and `end` that has not stored its position yet: wait for it.
            for (const floor of orphan.liveFloors)
                if (floor < end)
                    return false;
        }
        // Part of it lies past the end of the file (claimed, never grown into): it can be neither
        // padded nor read, and nothing after it is in the file. Wait for the file to grow (or for
        // recovery to cut the tail).
        if (!this.readableThrough(this.pos, end))
            return false;
        // If another reader padded this claim first (perhaps with another extent),
        // or its owner committed after all, read what is there now instead.
        if (!this.padClaim(this.pos, end, accounted ? RecordType.PADDING : RecordType.LOST))
            return true;
        if (accounted)
            this.stats.deadClaims++;
        else
            this.noteLost(this.pos, end);
        this.pos = end;
        this.pendingAt = -1;
        return true;
    }
    /** Records `[start, end)` as lost, merged with the previous range when they touch. */
    noteLost(start, end) {
        const last = this.stats.lost.at(-1);
        if (last !== undefined && last.end === start)
            last.end = end;
        else
            this.stats.lost.push({ start, end });
    }
    /**
     * Pads `[start, end)` (inside the file) with filler frames of `type`; false
     * if its first header is no longer empty (then nothing was written and the
     * caller re-reads). A reader that may not write steps over the claim
     * without writing.
     */
    padClaim(start, end, type) {
        if (!this.writable)
            return true;
        for (let at = start; at < end;) {
            const size = Math.min(end - at, MAX_PADDING_SIZE, this.window.regionEnd(at) - at);
            this.window.cover(at);
            if (writePadding(this.window, at, size, this.limits.idRegister, type)) {
                if (type === RecordType.PADDING)
                    this.control.bumpStat(Offset.STAT_CLAIMS_PADDED);
                this.padLog?.push({ start: at, end: at + size, reason: type === RecordType.PADDING ? 'dead-claim' : 'lost' });
            }
            else if (at === start) {
                return false;
            }
            at += size;
        }
        return true;
    }
    /** Next valid frame after `from`, across windows, below `limit`; -1 if none. */
    findNext(from, limit) {
        const limits = { ...this.limits, end: limit };
        for (let start = from + HEADER_SIZE; start < limit;) {
            this.window.cover(start);
            const found = findNextFrame(this.window, start, limits);
            if (found >= 0)
                return found;
            start = this.window.base + this.window.windowSize;
        }
        return -1;
    }
    skipCorrupt(cursor) {
        const start = this.pos;
        const next = this.findNext(start, this.readableEnd(cursor));
        const end = next < 0 ? Math.min(cursor, this.window.regionEnd(start)) : next;
        if (this.onCorrupt === 'throw') {
            throw new CorruptionError(start, end, this.path);
        }
        this.stats.corrupt.push({ start, end });
        this.onSkip?.(start, end);
        this.pos = end;
    }
    /** Publishes progress: every claim below `pos` is complete (or padded). */
    raiseCommitted(pos) {
        if (this.writable)
            this.control.raiseCommitted(pos);
    }
    close() {
        this.window.close();
        this.control.close(this.controlFd);
    }
}
/**
 * Opens the data file read-write when `writable` and its permissions allow,
 * else read-only (and says which).
 */
function openDataForReading(path, control, writable) {
    if (writable) {
        try {
            return { fd: openDataFile(path, control, true).fd, writable: true };
        }
        catch (error) {
            const code = error.code;
            if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS')
                throw error;
        }
    }
    return { fd: openDataFile(path, control, false).fd, writable: false };
}
//# sourceMappingURL=logReader.js.map
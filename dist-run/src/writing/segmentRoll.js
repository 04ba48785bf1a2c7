import { SegmentRing } from '../control/segmentRing.js';
import { logIdRegister } from '../native/crc32c.js';
import { blankLine, writePadding } from '../storage/fillerFrame.js';
import { indexFirstRecord, indexSealEnd } from '../storage/segmentIndex.js';
import { cutSealedSegment, pointActiveLink } from '../storage/segmentStore.js';
/** Finishes rolls for one writer of a segmented log. */
export class SegmentRoller {
    store;
    control;
    framed;
    idRegister;
    period;
    /** Called after each roll this writer made (retention runs there). */
    onRoll;
    constructor(store, control) {
        this.store = store;
        this.control = control;
        const id = control.identity;
        this.framed = id.format === 'framed';
        this.idRegister = logIdRegister(id.logIdLo, id.logIdHi) >>> 0;
        this.period = id.rollEvery;
    }
    /** Whether the claim `[pos, end)` crosses a segment boundary. */
    crosses(pos, end) {
        const ring = this.store.ring;
        return ring.segmentOf(pos) !== ring.segmentOf(end - 1);
    }
    /** Whether a claim at `pos` is the first of a segment (it starts at its base): its writer activates it. */
    startsSegment(pos) {
        return pos > 0 && pos % this.store.ring.segmentSize === 0;
    }
    /**
     * For the claim `[pos, end)` that crossed the end of its segment: fills
     * `[B, end)` in the next segment, starts that segment (its first record
     * at `end`) and seals the ended one at `pos`. Throws the `fallocate` error
     * if the next segment cannot be allocated; nothing is sealed then.
     */
    finishCrossing(pos, end) {
        const store = this.store;
        const ring = store.ring;
        const k = ring.segmentOf(pos);
        const boundary = ring.baseOf(k + 1);
        store.prepare(boundary, end);
        // The filler first: a reader that finds the seal and moves to the
        // boundary must find a complete frame (or line) there.
        if (this.framed) {
            const window = { sab: store.sab, u8: store.u8, i32: store.i32, base: store.base };
            writePadding(window, boundary, end - boundary, this.idRegister);
        }
        else {
            store.u8.set(blankLine(end - boundary), boundary - store.base);
        }
        // Started before sealed: a reader the seal sends to the next segment finds where its records start.
        this.start(k + 1, end);
        this.seal(k, pos);
    }
    /** For the claim at the base of a segment (the previous one ended exactly there, or by time): starts it. */
    startAtBoundary(pos) {
        this.start(this.store.ring.segmentOf(pos), pos);
    }
    /**
     * Whether the segment holding `cursor` is due to roll: it holds records,
     * and the clock period it was activated in is over. For a timer, never
     * per append.
     */
    timeToRoll(cursor, now) {
        if (this.period === 0)
            return false;
        const ring = this.store.ring;
        const k = ring.segmentOf(cursor);
        // An empty segment is not rolled: a quiet log does not make empty files.
        if (cursor <= Math.max(ring.baseOf(k), this.control.identity.dataStart))
            return false;
        const { activatedAt } = ring.entry(k);
        // An entry not (yet) describing the segment: its roll is being finished, or recovery will.
        if (activatedAt === 0)
            return false;
        return Math.floor(now / this.period) > Math.floor(activatedAt / this.period);
    }
    /**
     * After this writer moved the cursor from `from` to the next boundary
     * (the roll by time): seals the segment at `from`. The next segment is
     * started by the first claim at its base.
     */
    finishTimeRoll(from) {
        this.seal(this.store.ring.segmentOf(from), from);
    }
    /**
     * At open: an active segment that holds no record yet counts its clock
     * period from now (a log created long before its first record is not
     * rolled at that record). Several writers opening at once may each do
     * it: they write the same first record and near-equal times.
     */
    restartEmptyPeriod(cursor, now) {
        if (this.period === 0)
            return;
        const ring = this.store.ring;
        const k = ring.segmentOf(cursor);
        const first = ring.firstRecord(k);
        if (ring.describes(k) && first >= 0 && cursor <= Math.max(first, this.control.identity.dataStart)) {
            ring.activate(k, now, first);
        }
    }
    /** Milliseconds until the current clock period ends (for the roll timer), or -1 with no period. */
    msToPeriodEnd(now) {
        if (this.period === 0)
            return -1;
        return (Math.floor(now / this.period) + 1) * this.period - now;
    }
    start(k, firstRecord) {
        const ring = this.store.ring;
        this.forget(k);
        indexFirstRecord(this.store.path, k, ring.baseOf(k), firstRecord, this.store.mode);
        ring.activate(k, Date.now(), firstRecord);
        // The segment sealed one roll ago: nobody reads near its end any more.
        if (k > 1)
            cutSealedSegment(this.store.path, ring, k - 2);
        pointActiveLink(this.store.path, ring, k);
        this.onRoll?.();
    }
    seal(k, end) {
        this.forget(k);
        indexSealEnd(this.store.path, k, this.store.ring.baseOf(k), end, this.store.mode);
        this.store.ring.seal(k, end, Date.now());
    }
    /** The entry of segment `k` is about to be written: the segment it described before is cut to its seal first. */
    forget(k) {
        const previous = k - SegmentRing.capacity;
        if (previous >= 0)
            cutSealedSegment(this.store.path, this.store.ring, previous);
    }
}
//# sourceMappingURL=segmentRoll.js.map
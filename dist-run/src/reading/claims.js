import { isProcessAlive, isProcessStopped } from '../control/processIdentity.js';
import { FREE_PID, IDLE, SlotOffset, slotOffset } from '../layout/control.js';
const aliveCache = new Map();
const ALIVE_TTL_MS = 100;
/** Liveness of the owner of slot `index`: of this boot, and its pid and start time match. */
function alive(control, index, pid, startTime) {
    if (!control.slotOfThisBoot(index))
        return false;
    const key = `${pid}:${startTime}`;
    const now = Date.now();
    const cached = aliveCache.get(key);
    if (cached !== undefined && now - cached.at < ALIVE_TTL_MS)
        return cached.alive;
    const result = isProcessAlive(pid, startTime);
    aliveCache.set(key, { alive: result, at: now });
    if (aliveCache.size > 4096)
        aliveCache.clear();
    return result;
}
/** Judges the uncommitted position `pos`. */
export function judgeClaim(control, pos) {
    const { i32, f64 } = control;
    let dead;
    let accounted = false;
    const liveClaims = [];
    const liveFloors = [];
    for (let i = 0; i < control.identity.slotCount; i++) {
        const base = slotOffset(i);
        const pid = Atomics.load(i32, (base + SlotOffset.PID) / 4);
        if (pid === FREE_PID)
            continue;
        const floor = f64[(base + SlotOffset.CLAIM_FLOOR) / 8];
        if (floor === IDLE)
            continue;
        const claimPos = f64[(base + SlotOffset.CLAIM_POS) / 8];
        const owns = claimPos === pos || (claimPos === IDLE && floor <= pos);
        if (alive(control, i, pid, f64[(base + SlotOffset.START_TIME) / 8])) {
            if (owns)
                return { kind: 'live', pid, stopped: isProcessStopped(pid) };
            if (claimPos !== IDLE)
                liveClaims.push(claimPos);
            else
                liveFloors.push(floor);
        }
        else if (owns) {
            accounted = true;
            if (claimPos === pos)
                dead = f64[(base + SlotOffset.CLAIM_LEN) / 8];
        }
    }
    if (dead !== undefined && dead > 0)
        return { kind: 'dead', length: dead };
    return { kind: 'orphan', liveClaims, liveFloors, accounted };
}
/** Whether any live process holds a writer slot. */
export function anyLiveWriter(control) {
    const { i32, f64 } = control;
    for (let i = 0; i < control.identity.slotCount; i++) {
        const base = slotOffset(i);
        const pid = Atomics.load(i32, (base + SlotOffset.PID) / 4);
        if (pid !== FREE_PID && alive(control, i, pid, f64[(base + SlotOffset.START_TIME) / 8]))
            return true;
    }
    return false;
}
/**
 * The raw-format committed watermark: every byte below it belongs to a
 * completed claim. It is the cursor, lowered to the claim of every live
 * writer in the middle of an append (dead writers' claims do not hold it back:
 * raw data has no framing to mark them, so their bytes are returned as they are).
 */
export function rawCommitted(control) {
    // Read the cursor first: a writer that claims after this read claims above it.
    let watermark = control.cursor();
    const { i32, f64 } = control;
    for (let i = 0; i < control.identity.slotCount; i++) {
        const base = slotOffset(i);
        const pid = Atomics.load(i32, (base + SlotOffset.PID) / 4);
        if (pid === FREE_PID)
            continue;
        const floor = f64[(base + SlotOffset.CLAIM_FLOOR) / 8];
        if (floor === IDLE || floor >= watermark)
            continue;
        if (!alive(control, i, pid, f64[(base + SlotOffset.START_TIME) / 8]))
            continue;
        const claimPos = f64[(base + SlotOffset.CLAIM_POS) / 8];
        watermark = Math.min(watermark, claimPos === IDLE ? floor : claimPos);
    }
    return watermark;
}
//# sourceMappingURL=claims.js.map
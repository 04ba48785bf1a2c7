/**
 * Kills itself (SIGKILL) at one step of a roll, for the recovery tests:
 * opens the segmented log at argv[2], makes the named step of the code kill
 * this process (argv[3]), and appends numbered records, writing each
 * record's number to a side file (argv[4]) once its append has returned.
 */
import { openSync, writeSync } from 'node:fs';
import { SegmentRing } from '../../src/control/segmentRing.js';
import { open } from '../../src/index.js';
import { SegmentStore } from '../../src/storage/segmentStore.js';
import { SegmentRoller } from '../../src/writing/segmentRoll.js';
const [path, step, sideFile] = process.argv.slice(2);
function die() {
    process.kill(process.pid, 'SIGKILL');
    throw new Error('unreachable');
}
/** Wraps `method` of `proto` so that the process dies before (or after) it when `when` holds. */
function killAt(proto, method, when, after = false) {
    const original = proto[method];
    proto[method] = function (...args) {
        const hit = when(...args);
        if (hit && !after)
            die();
        const result = original.apply(this, args);
        if (hit)
            die();
        return result;
    };
}
// Set once the log is open; the steps are armed before, so that a roll open() itself makes is caught too.
let size = Number.POSITIVE_INFINITY;
const atBoundary = (pos) => typeof pos === 'number' && pos > 0 && pos % size === 0;
switch (step) {
    case 'before-next-segment': // claimed across the end; the next segment not made, nothing written
        killAt(SegmentStore.prototype, 'prepare', atBoundary);
        break;
    case 'before-activation': // the filler written at the head of the next segment
        killAt(SegmentRing.prototype, 'activate', () => true);
        break;
    case 'before-seal': // the next segment started, the ended one not sealed
        killAt(SegmentRing.prototype, 'seal', () => true);
        break;
    case 'after-seal': // sealed, before claiming again
        killAt(SegmentRing.prototype, 'seal', () => true, true);
        break;
    case 'time-roll': // the cursor moved to the boundary by time, nothing sealed
        killAt(SegmentRoller.prototype, 'finishTimeRoll', () => true);
        break;
    case 'mid-delete': // retention raised the first segment, files not yet deleted
        killAt(SegmentRing.prototype, 'raiseFirstSegment', () => true, true);
        break;
    default:
        throw new Error(`unknown step ${step}`);
}
const log = open(path);
size = log.control.identity.segmentSize;
const side = openSync(sideFile, 'a');
const entry = Buffer.alloc(4);
process.send?.('writing');
// Never appends forever: a step that is never reached is an error (exit code 3), not a full disk.
for (let i = 0; i < 1_000_000; i++) {
    log.append(`record ${i} ${'.'.repeat(i % 200)}\n`);
    entry.writeUInt32LE(i, 0);
    writeSync(side, entry);
}
process.exit(3);
//# sourceMappingURL=rollKiller.js.map
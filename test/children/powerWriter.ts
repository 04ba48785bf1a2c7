/**
 * A writer of the power-loss test: appends stamped records to a framed log
 * until it is killed — `lanes` `appendDurable` calls in flight at a time,
 * and after each one resolves, `plain` plain appends that nothing syncs on
 * purpose (they reach the disk with a later group commit, by write-back, or
 * never). After half of its resolutions a lane pauses for up to 4 ms: the
 * log then has moments with no sync running, in which a sync that resolved
 * before its records were on the disk is not made good at once by the next
 * one (a copy of the disk taken then shows it). Reports `{ ready }` once open, then `{ acks: [seq, pos, …] }` for
 * the records whose `appendDurable` resolved, in batches, as soon as it can.
 * argv: path, writer number, segment size (0: one data file), lanes, plain.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { open } from '../../src/index.js';
import { stampedRecord } from '../helpers/records.js';

const [path, writerArg, segmentArg, lanesArg, plainArg] = process.argv.slice(2);
const writer = Number(writerArg);
const segmentSize = Number(segmentArg);
const log = open(path, { format: 'framed', ...(segmentSize > 0 ? { segmentSize } : {}) });

let seq = 0;
let acks: number[] = [];
function acknowledge(s: number, pos: number): void {
  acks.push(s, pos);
  if (acks.length > 2) return;
  // One message for every resolution of this turn of the event loop.
  setImmediate(() => {
    process.send?.({ acks });
    acks = [];
  });
}

async function lane(): Promise<void> {
  for (;;) {
    const s = seq++;
    acknowledge(s, await log.appendDurable(stampedRecord(writer, s)));
    if (Math.random() < 0.5) await sleep(Math.random() * 4);
    for (let i = 0; i < Number(plainArg); i++) log.append(stampedRecord(writer, seq++));
  }
}

process.send?.({ ready: true });
for (let i = 0; i < Number(lanesArg); i++) {
  lane().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

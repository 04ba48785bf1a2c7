/**
 * A writer for the roll-by-time test: opens the segmented log at argv[2],
 * appends `burst` lines `w<id> <n> <ms since the epoch>` every `interval` ms
 * until `until` (ms since the epoch), then closes and reports how many lines
 * it appended. Its roll timer runs between the bursts.
 */
import { open } from '../../src/index.js';

const [path, id, interval, until, burst] = process.argv.slice(2);
const log = open(path as string);
let n = 0;
const timer = setInterval(() => {
  if (Date.now() >= Number(until)) {
    clearInterval(timer);
    log.close();
    process.send?.({ appended: n }, () => process.disconnect());
    return;
  }
  for (let i = 0; i < Number(burst ?? 1); i++) log.append(`w${id} ${n++} ${Date.now()}\n`);
}, Number(interval));

/**
 * Appends `total` bytes in 4 KiB records and reports the largest resident
 * size of the log's mappings seen along the way (from /proc/self/smaps).
 */
import { readFileSync } from 'node:fs';
import { open } from '../../src/index.js';
import type { OpenOptions } from '../../src/options.js';

const [path, totalArg, optionsJson] = process.argv.slice(2);
const total = Number(totalArg);
const options = JSON.parse(optionsJson) as OpenOptions;

/** Resident KiB of every mapping of `file` in this process. */
function residentKiB(file: string): number {
  let sum = 0;
  let inside = false;
  for (const line of readFileSync('/proc/self/smaps', 'latin1').split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) inside = line.endsWith(` ${file}`);
    else if (inside && line.startsWith('Rss:')) sum += Number(line.split(/\s+/)[1]);
  }
  return sum;
}

const log = open(path, options);
const record = new Uint8Array(4096).fill(0x61);
let peak = 0;
for (let written = 0, i = 0; written < total; written += record.length, i++) {
  log.append(record);
  if (i % 256 === 0) peak = Math.max(peak, residentKiB(path));
}
peak = Math.max(peak, residentKiB(path));
log.close();
process.send?.({ peakKiB: peak }, () => process.disconnect());

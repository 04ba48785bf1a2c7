/**
 * For the roll-durability trace: appends 1,000-byte framed records to a
 * segmented log (64 KiB segments), syncing every ten, and after each sync
 * writes `MARK durable=N` to stdout, so that a system-call trace shows what
 * was synced before each watermark was reported.
 */
import { writeSync } from 'node:fs';
import { open } from '../../src/index.js';

const log = open(process.argv[2] as string, { format: 'framed', segmentSize: 64 * 1024 });
const record = Buffer.alloc(1000, 0x41);
for (let i = 0; i < 300; i++) {
  log.append(record);
  if (i % 10 === 9) {
    await log.sync();
    writeSync(1, `MARK durable=${log.durable}\n`);
  }
}
log.close();

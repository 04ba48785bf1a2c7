/**
 * For the roll-durability trace: appends 1,000-byte framed records to a
 * segmented log (64 KiB segments), syncing every ten, and after each sync
 * writes `MARK durable=N` to stdout, so that a system-call trace shows what
 * was synced before each watermark was reported. Once, it also fills a
 * segment exactly to its end and syncs, so that the next sync's range starts
 * exactly at the new segment's base (no sync range spans that roll).
 */
import { writeSync } from 'node:fs';
import { open, stat } from '../../src/index.js';

const SEGMENT = 64 * 1024;
const path = process.argv[2] as string;
const log = open(path, { format: 'framed', segmentSize: SEGMENT });
const record = Buffer.alloc(1000, 0x41);
const mark = () => writeSync(1, `MARK durable=${log.durable}\n`);
for (let i = 0; i < 300; i++) {
  log.append(record);
  if (i % 10 === 9) {
    await log.sync();
    mark();
  }
  if (i === 150) {
    // Records that end exactly at the segment's end (a frame is 8 bytes of header + the payload, 8-aligned).
    for (let rest = SEGMENT - (stat(path).cursor % SEGMENT); rest !== SEGMENT; ) {
      log.append(Buffer.alloc(Math.min(rest - 8, 32_000), 0x42));
      rest = SEGMENT - (stat(path).cursor % SEGMENT);
    }
    await log.sync();
    mark();
  }
}
log.close();

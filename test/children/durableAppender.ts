/**
 * A writer for group-commit tests, as a child process: opens the log, says
 * ready, waits for "go", then keeps `inFlight` appendDurable calls in flight
 * until `records` have resolved, and reports how many `fdatasync` calls this
 * process made itself (counted by wrapping `fs.fdatasync` before mmlog is
 * loaded). With `hang`, this process's `fdatasync` never returns: it reports
 * "syncing" once it leads a group commit, and stays stuck there.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

export interface DurableAppenderSpec {
  path: string;
  options: Record<string, unknown>;
  writer: number;
  records: number;
  inFlight: number;
  recordSize: number;
  hang?: boolean;
}

const spec = JSON.parse(process.argv[2] as string) as DurableAppenderSpec;
let fdatasyncs = 0;
const realFdatasync = fs.fdatasync;
fs.fdatasync = ((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
  fdatasyncs++;
  if (spec.hang) {
    process.send?.({ kind: 'syncing' });
    // A real fdatasync in flight keeps the process alive; this one must too.
    setInterval(() => {}, 1000);
    return;
  }
  realFdatasync(fd, callback);
}) as typeof fs.fdatasync;
syncBuiltinESMExports();

const { open } = await import('../../src/index.js');
const log = open(spec.path, spec.options);
process.send?.({ kind: 'ready' });
await new Promise<void>((resolve) => process.once('message', () => resolve()));

const record = new Uint8Array(spec.recordSize).fill(0x61 + (spec.writer % 26));
let started = 0;
let resolved = 0;
const ends: number[] = [];
await new Promise<void>((resolve, reject) => {
  const next = (): void => {
    if (started >= spec.records) return;
    started++;
    log.appendDurable(record).then((pos) => {
      ends.push(pos);
      resolved++;
      if (resolved === spec.records) resolve();
      else next();
    }, reject);
  };
  for (let i = 0; i < spec.inFlight; i++) next();
});
// Every record this writer was told is durable must be below the watermark.
const durable = log.durable;
process.send?.({ kind: 'done', resolved, fdatasyncs, durable, lastPos: Math.max(...ends) });
log.close();

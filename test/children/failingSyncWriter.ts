/**
 * A writer for the failing-sync test, as a child process: keeps `inFlight`
 * appendDurable calls going until they fail, checks that every one of them
 * settled (none left hanging), reports, then — told "retry" — tries one more
 * sync (which must fail too) and closes.
 */
import { open } from '../../src/index.js';

const [path, writerArg, inFlightArg] = process.argv.slice(2) as [string, string, string];
const writer = Number(writerArg);
const inFlight = Number(inFlightArg);
const log = open(path, { format: 'framed', chunkSize: 1024 * 1024 });
process.send?.({ kind: 'ready' });
await new Promise<void>((resolve) => process.once('message', () => resolve()));

const record = Buffer.alloc(4000, 0x41 + writer);
let started = 0;
let settled = 0;
let lastResolved = -1;
const appended: number[] = [];
const errors = new Map<string, number>();
let stop = false;
await new Promise<void>((resolve) => {
  const next = (): void => {
    if (stop) {
      if (settled === started) resolve();
      return;
    }
    started++;
    record.writeUInt32LE(appended.length, 0);
    const promise = log.appendDurable(record);
    promise.then(
      (pos) => {
        appended.push(pos);
        lastResolved = Math.max(lastResolved, pos);
        settled++;
        next();
      },
      (error: { code?: string; errnoCode?: string }) => {
        const key = `${error.code}/${error.errnoCode}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
        settled++;
        stop = true;
        next();
      },
    );
  };
  for (let i = 0; i < inFlight; i++) next();
});
process.send?.({
  kind: 'failed',
  started,
  settled,
  resolved: appended.length,
  lastResolved,
  durable: log.durable,
  errors: Object.fromEntries(errors),
});
await new Promise<void>((resolve) => process.once('message', () => resolve()));
let retry = 'resolved';
try {
  await log.sync();
} catch (error) {
  retry = (error as { code: string }).code;
}
log.close();
process.send?.({ kind: 'retried', retry });

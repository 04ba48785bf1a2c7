// Worker threads appending to one mmlog log while the main thread follows it.
//
//   node examples/worker-threads/main.mjs [LOG] [THREADS] [RECORDS_PER_THREAD]
//
// Defaults: /tmp/mmlog-examples/threads.log, 4 threads, 1000 records each. It
// prints every record as the main thread sees it, then a summary line.
//
// Threads need no coordination: each opens the log itself and appends. An
// append claims its space with one atomic add on the shared control file, so
// records from different threads (or processes) never overlap, and the
// follower sees each one whole, in position order.
import { rmSync } from 'node:fs';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { follow, open } from 'mmlog';

if (isMainThread) {
  const path = process.argv[2] ?? '/tmp/mmlog-examples/threads.log';
  const threads = Number(process.argv[3] ?? 4);
  const perThread = Number(process.argv[4] ?? 1000);

  // A fresh log each run (a log is the file plus PATH.ctl, its control file).
  rmSync(path, { force: true });
  rmSync(`${path}.ctl`, { force: true });
  // Framed: each append is one record with a CRC, read back exactly as appended
  // (a raw log is plain bytes, read back as byte ranges).
  open(path, { format: 'framed' }).close();

  // follow() reads what is there, then sleeps until new records arrive (a futex
  // wait, no polling) and ends when the signal aborts.
  const stop = new AbortController();
  const seen = new Map();
  let total = 0;
  const reading = (async () => {
    for await (const record of follow(path, { signal: stop.signal })) {
      const { thread, i } = JSON.parse(Buffer.from(record.data).toString());
      console.log(`pos ${record.pos}: thread ${thread} record ${i}`);
      // Each thread's records appear in the order it appended them.
      if (i !== (seen.get(thread) ?? 0)) throw new Error(`thread ${thread}: record ${i} out of order`);
      seen.set(thread, i + 1);
      if (++total === threads * perThread) stop.abort(); // everything arrived: stop following
    }
  })();

  // Start the writers (this same file, run as a worker). They exit when done;
  // each thread's log is closed by mmlog's exit hook for that thread.
  const exits = [];
  for (let t = 0; t < threads; t++) {
    const worker = new Worker(new URL(import.meta.url), { workerData: { path, thread: t, records: perThread } });
    exits.push(new Promise((resolve, reject) => worker.on('exit', resolve).on('error', reject)));
  }
  await Promise.all(exits);
  await reading;
  console.log(`followed ${total} records from ${seen.size} threads`);
} else {
  const { path, thread, records } = workerData;
  const log = open(path); // an existing log is opened with its own settings (framed here)
  for (let i = 0; i < records; i++) log.append(JSON.stringify({ thread, i }));
  log.close();
}

/**
 * One process of `npm run bench -- --durable` (bench/durable.ts), compiled
 * to plain JavaScript like bench/worker.ts. Two tasks:
 *
 * - **group**: `inFlight` concurrent appenders in this process, each
 *   awaiting one durable append after another until `durationMs` have
 *   passed since the common start instant — mmlog's `appendDurable`, or the
 *   naive way: `FileHandle.write` to a file opened `O_APPEND` (shared by
 *   every process) then `FileHandle.datasync`. Each call is timed into an
 *   HdrHistogram. Before reporting ready, a few durable appends on the timed
 *   file itself, so that the first sync's one-time work (mmlog also syncs the
 *   control file and the directory then) and the first compiles stay out of
 *   the timed run.
 * - **interval**: one writer appending with the synchronous `append`, as
 *   fast as it can or paced at a steady rate, with `durability: { intervalMs }`
 *   or without, yielding to the event loop after every `batch` appends (the
 *   interval timer runs there: a loop that never yields would never be
 *   synced), and sampling after each batch how far the durable watermark
 *   lags its last record.
 * @module
 */
import { type FileHandle, open as openFile } from 'node:fs/promises';
import { setTimeout as sleep, setImmediate as yieldToLoop } from 'node:timers/promises';
import { open, stat } from '../src/index.js';
import { frameSize } from '../src/layout/frame.js';
import type { FailedMessage, GoAt } from './fork.js';
import { expectMessage, nextMessage, send as post, runForked, startAt } from './forked.js';
import { createHistogram, encodeHistogram, type Histogram } from './histogram.js';
import { recordText, recordUint8Array } from './payload.js';

const hrtime = process.hrtime.bigint;

export type Payload = 'bytes' | 'string';

export interface GroupSetup {
  type: 'group';
  method: 'mmlog' | 'naive';
  path: string;
  payload: Payload;
  size: number;
  worker: number;
  /** Appenders awaiting in this process at once. */
  inFlight: number;
  /** How long every appender keeps starting new appends after the start instant. */
  durationMs: number;
  /** Untimed durable appends of each appender before ready. */
  warmups: number;
}

export interface IntervalSetup {
  type: 'interval';
  path: string;
  payload: Payload;
  size: number;
  /** `durability.intervalMs`, or undefined for a log without durability. */
  intervalMs: number | undefined;
  count: number;
  /** Appends between two yields to the event loop. */
  batch: number;
  /** Appends per second to pace the loop at (as a service logging steadily would), or undefined: as fast as it can. */
  ratePerSec: number | undefined;
}

export type DurableParentMessage = GroupSetup | IntervalSetup | GoAt;

export interface GroupReport {
  type: 'group';
  start: bigint;
  end: bigint;
  /** Durable appends completed in the timed run. */
  records: number;
  /** Latency of each, ns (encoded HdrHistogram). */
  histogram: string;
  /** mmlog: `stat().durability.syncs` just before the start instant (after every process's warm-up); naive: 0. */
  syncsAtStart: number;
  /** CPU time of the whole process (every thread) over the timed run, µs. */
  cpuUs: number;
  /** Context switches of the whole process (every thread, voluntary and not) over the timed run. */
  switches: number;
}

export interface IntervalReport {
  type: 'interval';
  start: bigint;
  end: bigint;
  records: number;
  /**
   * Per batch (interval mode only): bytes between the durable watermark and
   * the end of the last record, and the age in ms of the oldest record not
   * yet durable (0 when all were), an upper bound at batch resolution.
   */
  lagBytes: number[];
  lagMs: number[];
  /**
   * CPU time of the whole process (every thread: the loop, the interval
   * sync's `fdatasync` in the threadpool, the populate thread) over the loop,
   * µs: unlike wall time, hardly changed by other work preempting the writer.
   */
  cpuUs: number;
  /** `close()`: with interval durability, the blocking sync of what remains. */
  closeMs: number;
}

export type DurableWorkerMessage = { type: 'ready' } | GroupReport | IntervalReport | FailedMessage;

const send = (message: DurableWorkerMessage): Promise<void> => post(message);

function recordOf(payload: Payload, worker: number, size: number): string | Uint8Array {
  return payload === 'string' ? recordText(worker, size) : recordUint8Array(worker, size);
}

/** One durable append, and what closes the writer. */
interface DurableWriter {
  append(): Promise<unknown>;
  close(): Promise<void>;
}

async function openWriter(setup: GroupSetup): Promise<DurableWriter> {
  const data = recordOf(setup.payload, setup.worker, setup.size);
  if (setup.method === 'mmlog') {
    // As the README advises a write-ahead log: small pages from the first record.
    const log = open(setup.path, { format: 'framed', durability: {} });
    return { append: () => log.appendDurable(data), close: async () => log.close() };
  }
  const handle: FileHandle = await openFile(setup.path, 'a');
  return {
    append: async () => {
      // The whole record in one write(2) on O_APPEND: records never interleave (128 B, a regular file).
      // Two calls for the two overloads (a string is encoded, bytes are written as they are).
      if (typeof data === 'string') await handle.write(data);
      else await handle.write(data);
      await handle.datasync();
    },
    close: () => handle.close(),
  };
}

/** One appender: durable appends one after another until `until`, each timed into `histogram`. */
async function appender(writer: DurableWriter, until: bigint, histogram: Histogram): Promise<number> {
  let done = 0;
  while (hrtime() < until) {
    const t0 = hrtime();
    await writer.append();
    histogram.recordValue(Math.max(1, Number(hrtime() - t0)));
    done++;
  }
  return done;
}

async function groupTask(setup: GroupSetup): Promise<void> {
  const writer = await openWriter(setup);
  const lanes = Array.from({ length: setup.inFlight }, (_, i) => i);
  await Promise.all(
    lanes.map(async () => {
      for (let i = 0; i < setup.warmups; i++) await writer.append();
    }),
  );
  await send({ type: 'ready' });
  const go = await expectMessage<DurableParentMessage, 'go'>('go');
  // Every process has finished its warm-up (all reported ready): the count is still.
  const syncsAtStart = setup.method === 'mmlog' ? stat(setup.path).durability.syncs : 0;
  await startAt(go.at);
  const cpu = process.cpuUsage();
  const switchesAtStart = contextSwitches();
  const start = hrtime();
  const histogram = createHistogram();
  const until = start + BigInt(setup.durationMs) * 1_000_000n;
  const counts = await Promise.all(lanes.map(() => appender(writer, until, histogram)));
  const end = hrtime();
  const used = process.cpuUsage(cpu);
  const switches = contextSwitches() - switchesAtStart;
  await writer.close();
  const records = counts.reduce((a, b) => a + b, 0);
  await send({
    type: 'group',
    start,
    end,
    records,
    histogram: encodeHistogram(histogram),
    syncsAtStart,
    cpuUs: used.user + used.system,
    switches,
  });
}

/** Context switches of this process so far, every thread's (getrusage: ended threads count too). */
function contextSwitches(): number {
  const usage = process.resourceUsage();
  return usage.voluntaryContextSwitches + usage.involuntaryContextSwitches;
}

/** The timed loop of the interval task (see the module description). */
async function appendInBatches(
  log: ReturnType<typeof open>,
  setup: IntervalSetup,
  data: string | Uint8Array,
): Promise<Omit<IntervalReport, 'type' | 'end' | 'closeMs'>> {
  const footprint = frameSize(setup.size);
  const lagBytes: number[] = [];
  const lagMs: number[] = [];
  // The end of the last record and the clock after each batch, to date the oldest record not yet durable.
  const ends: number[] = [];
  const times: bigint[] = [];
  let oldest = 0;
  const cpu = process.cpuUsage();
  const start = hrtime();
  for (let done = 0; done < setup.count; ) {
    const n = Math.min(setup.batch, setup.count - done);
    let pos = 0;
    for (let i = 0; i < n; i++) pos = log.append(data);
    done += n;
    const now = hrtime();
    ends.push(pos + footprint);
    times.push(now);
    if (setup.intervalMs !== undefined) {
      const durable = log.durable;
      while (oldest < ends.length && ends[oldest] <= durable) oldest++;
      lagBytes.push(Math.max(0, pos + footprint - durable));
      // The oldest record not durable was appended after the batch before its own ended.
      lagMs.push(oldest === ends.length ? 0 : Number(now - (oldest === 0 ? start : times[oldest - 1])) / 1e6);
    }
    const due = setup.ratePerSec === undefined ? 0 : Number(start - now) / 1e6 + (done / setup.ratePerSec) * 1e3;
    await (due > 0 ? sleep(due) : yieldToLoop());
  }
  const { user, system } = process.cpuUsage(cpu);
  return { start, records: setup.count, lagBytes, lagMs, cpuUs: user + system };
}

async function intervalTask(setup: IntervalSetup): Promise<void> {
  const data = recordOf(setup.payload, 0, setup.size);
  // Warm-up on a scratch log without durability, alike for every variant: the loop compiled before the timed run.
  const scratch = open(`${setup.path}.warmup`, { format: 'framed' });
  const warm = { ...setup, intervalMs: undefined, ratePerSec: undefined, count: Math.min(setup.count, 200_000) };
  await appendInBatches(scratch, warm, data);
  scratch.close();
  const durability = setup.intervalMs === undefined ? {} : { durability: { intervalMs: setup.intervalMs } };
  const log = open(setup.path, { format: 'framed', ...durability });
  await send({ type: 'ready' });
  await startAt((await expectMessage<DurableParentMessage, 'go'>('go')).at);
  const run = await appendInBatches(log, setup, data);
  const end = hrtime();
  log.close();
  const closeMs = Number(hrtime() - end) / 1e6;
  await send({ type: 'interval', ...run, end, closeMs });
}

async function main(): Promise<void> {
  const setup = await nextMessage<DurableParentMessage>();
  if (setup.type === 'group') await groupTask(setup);
  else if (setup.type === 'interval') await intervalTask(setup);
  else throw new Error(`unexpected '${setup.type}'`);
  process.disconnect();
}

runForked(main);

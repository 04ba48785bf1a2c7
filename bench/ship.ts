/**
 * `npm run bench:ship`: shipping to NATS JetStream (a nats-server started
 * here: file storage in a temporary directory, a free port).
 *
 * 1. **Throughput**: N framed records of 128 B (default 200,000;
 *    `--records N`) already in a segmented log, shipped with acks on
 *    (`once`): records/s from start to the last acknowledgement, and the
 *    CPU time per record of the shipper (this process) and of the server —
 *    steadier than records/s on a shared machine. `--runs` times (default
 *    3, each to a stream of its own), then the median.
 * 2. **Lag**: a writer process (the built dist/, run `npx tsc -p .` first) appends 128 B records at a steady rate (default
 *    10,000/s for 10 s; `--rate`, `--seconds`), each carrying its append
 *    time; a following shipper's sink notes, for every record, the time
 *    from `append` to the server's acknowledgement: p50, p99, max.
 * @module
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { open } from '../src/index.js';
import { NatsSink, Shipper, type Sink, type SinkRecord } from '../src/integrations/nats/index.js';
import { tempDir } from '../test/helpers/files.js';
import { NatsServer } from '../test/helpers/natsServer.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string' },
    runs: { type: 'string' },
    rate: { type: 'string' },
    seconds: { type: 'string' },
  },
});
const RECORDS = Number(values.records ?? 200_000);
const RUNS = Number(values.runs ?? 3);
const RATE = Number(values.rate ?? 10_000);
const SECONDS = Number(values.seconds ?? 10);
const SIZE = 128;

/** A sink that times each record from the append time in its first 20 bytes to its acknowledgement. */
function timing(inner: Sink, lags: number[]): Sink {
  return {
    description: inner.description,
    get maxRecordSize() {
      return inner.maxRecordSize;
    },
    connect: (onLost) => inner.connect(onLost),
    lastStored: (logId) => inner.lastStored(logId),
    close: () => inner.close(),
    send(record: SinkRecord, done: (error?: Error) => void) {
      const appended = Number(Buffer.from(record.data.subarray(0, 20)).toString().trim());
      inner.send(record, (error) => {
        if (error === undefined) lags.push(performance.timeOrigin + performance.now() - appended);
        done(error);
      });
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

const server = await NatsServer.start();
const { dir, cleanup } = tempDir('mmlog-bench-ship-');
try {
  const target = { servers: server.url, createStream: true };
  // 1. Throughput.
  const path = join(dir, 'throughput');
  const log = open(path, { format: 'framed', segmentSize: 64 * 1024 * 1024 });
  const record = Buffer.alloc(SIZE, 'x');
  for (let i = 0; i < RECORDS; i++) log.append(record);
  log.close();
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const sink = new NatsSink({ ...target, stream: `BENCH1_${run}`, subject: `bench.one.${run}` });
    const shipper = new Shipper(path, sink, { once: true, name: `bench${run}` });
    const serverCpu = server.cpuSeconds();
    const cpu = process.cpuUsage();
    const started = performance.now();
    await shipper.start();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const perRecord = (s: number) => ((s * 1e6) / RECORDS).toFixed(1);
    rates.push(RECORDS / seconds);
    console.log(
      `throughput: ${RECORDS} records of ${SIZE} B in ${seconds.toFixed(2)} s = ${Math.round(RECORDS / seconds)} records/s ` +
        `(CPU per record: shipper ${perRecord((used.user + used.system) / 1e6)} µs, ` +
        `server ${perRecord(server.cpuSeconds() - serverCpu)} µs)`,
    );
  }
  rates.sort((a, b) => a - b);
  console.log(`throughput median of ${RUNS}: ${Math.round(percentile(rates, 50))} records/s`);

  // 2. Lag, with a writer process appending at a steady rate.
  const lagPath = join(dir, 'lag');
  open(lagPath, { format: 'framed', segmentSize: 64 * 1024 * 1024 }).close();
  const lags: number[] = [];
  const sink = timing(new NatsSink({ ...target, stream: 'BENCH2', subject: 'bench.two' }), lags);
  const follower = new Shipper(lagPath, sink);
  const running = follower.start();
  const script = `
    const { open } = await import(${JSON.stringify(new URL('../dist/src/index.js', import.meta.url).href)});
    const log = open(${JSON.stringify(lagPath)});
    const perTick = ${RATE} / 1000;
    const end = Date.now() + ${SECONDS * 1000};
    let owed = 0;
    while (Date.now() < end) {
      owed += perTick;
      for (; owed >= 1; owed--) {
        const t = String(performance.timeOrigin + performance.now()).padEnd(20, ' ');
        log.append(t.padEnd(${SIZE}, 'y'));
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    log.close();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
  await new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await follower.stop();
  await running;
  lags.sort((a, b) => a - b);
  const rate = lags.length / SECONDS;
  console.log(
    `lag append → ack at ~${Math.round(rate)} records/s: p50 ${percentile(lags, 50).toFixed(2)} ms, ` +
      `p99 ${percentile(lags, 99).toFixed(2)} ms, max ${(lags.at(-1) ?? Number.NaN).toFixed(2)} ms (${lags.length} records)`,
  );
} finally {
  await server.dispose();
  cleanup();
}

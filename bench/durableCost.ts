/**
 * `npm run bench:durable-cost`: where the time of one durable append goes,
 * for one writer awaiting each. Each variant adds one step of mmlog's path
 * to the one before — a `pwrite` into a preallocated file, a store through a
 * mapping of it, `Log.append`, the `fdatasync` moved to the thread pool, and
 * the whole group-commit path (`appendDurable`) — and every one is timed
 * against the yardstick of the durability targets, an `fdatasync` after
 * rewriting one page of an already written file. Variants run in rotating
 * order within each round, so the machine's load falls on all of them; the
 * table gives medians over rounds of each variant's p50 and of its ratio to
 * the yardstick's p50 in the same round. Also per append: KiB sent to the
 * device (from the block device's sector counter, so other I/O of the
 * machine counts too) and minor page faults of this process.
 *
 *   npm run bench:durable-cost -- [--appends N] [--rounds N] [--device vda]
 * @module
 */
import { closeSync, fdatasync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { open } from '../src/index.js';
import { native } from '../src/native/binding.js';

const fdatasyncAsync = promisify(fdatasync);
const RECORD = Buffer.alloc(128, 65);
const FILE_SIZE = 64 * 1024 * 1024;

interface Variant {
  op: () => unknown;
  close: () => void;
}

function options(): { appends: number; rounds: number; device: string } {
  const argv = process.argv.slice(2);
  const value = (name: string, fallback: string) => {
    const at = argv.indexOf(name);
    return at >= 0 && at + 1 < argv.length ? (argv[at + 1] as string) : fallback;
  };
  return {
    appends: Number(value('--appends', '200')),
    rounds: Number(value('--rounds', '7')),
    device: value('--device', 'vda'),
  };
}

function sectorsWritten(device: string): number {
  try {
    return Number(readFileSync(`/sys/block/${device}/stat`, 'latin1').trim().split(/\s+/)[6]);
  } catch {
    return Number.NaN;
  }
}

/** A 64 MiB file allocated with `fallocate`, as a segment is. */
function preallocated(path: string): number {
  const fd = openSync(path, 'w+');
  native.fallocate(fd, 0, 0, FILE_SIZE, path);
  return fd;
}

const variants: Record<string, (dir: string) => Promise<Variant>> = {
  async 'one page (yardstick)'(dir) {
    const fd = openSync(join(dir, 'one-page'), 'w+');
    writeSync(fd, Buffer.alloc(4096));
    fdatasyncSync(fd);
    return {
      op: () => {
        writeSync(fd, RECORD, 0, RECORD.length, 0);
        fdatasyncSync(fd);
      },
      close: () => closeSync(fd),
    };
  },
  async 'pwrite, fallocated'(dir) {
    const fd = preallocated(join(dir, 'pwrite'));
    let at = 0;
    return {
      op: () => {
        writeSync(fd, RECORD, 0, RECORD.length, at);
        at += RECORD.length;
        fdatasyncSync(fd);
      },
      close: () => closeSync(fd),
    };
  },
  async 'mmap store, fallocated'(dir) {
    const path = join(dir, 'mmap');
    const fd = preallocated(path);
    const sab = native.mmap(fd, 0, FILE_SIZE, true, path);
    const u8 = new Uint8Array(sab);
    let at = 0;
    return {
      op: () => {
        u8.set(RECORD, at);
        at += RECORD.length;
        fdatasyncSync(fd);
      },
      close: () => {
        native.unmap(sab);
        closeSync(fd);
      },
    };
  },
  async 'Log.append + fdatasync'(dir) {
    const path = join(dir, 'append.log');
    const log = open(path, { format: 'framed' });
    await log.appendDurable(RECORD); // the writer switches to small pages, as a durable writer does
    const fd = openSync(path, 'r');
    return {
      op: () => {
        log.append(RECORD);
        fdatasyncSync(fd);
      },
      close: () => {
        closeSync(fd);
        log.close();
      },
    };
  },
  async 'Log.append + pool fdatasync'(dir) {
    const path = join(dir, 'pool.log');
    const log = open(path, { format: 'framed' });
    await log.appendDurable(RECORD);
    const fd = openSync(path, 'r');
    return {
      op: async () => {
        log.append(RECORD);
        await fdatasyncAsync(fd);
      },
      close: () => {
        closeSync(fd);
        log.close();
      },
    };
  },
  async appendDurable(dir) {
    const log = open(join(dir, 'durable.log'), { format: 'framed' });
    return { op: () => log.appendDurable(RECORD), close: () => log.close() };
  },
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

async function main(): Promise<void> {
  const { appends, rounds, device } = options();
  const names = Object.keys(variants);
  const results = new Map(
    names.map((name) => [name, { p50: [] as number[], kib: [] as number[], faults: [] as number[] }]),
  );
  const dir = mkdtempSync(join(tmpdir(), 'mmlog-durable-cost-'));
  try {
    for (let round = 0; round < rounds; round++) {
      for (let j = 0; j < names.length; j++) {
        const name = names[(j + round) % names.length] as string;
        const roundDir = mkdtempSync(join(dir, 'r'));
        const variant = await (variants[name] as (d: string) => Promise<Variant>)(roundDir);
        for (let i = 0; i < 10; i++) await variant.op();
        const latencies: number[] = [];
        const sectors = sectorsWritten(device);
        const faults = process.resourceUsage().minorPageFault;
        for (let i = 0; i < appends; i++) {
          const start = process.hrtime.bigint();
          await variant.op();
          latencies.push(Number(process.hrtime.bigint() - start) / 1e3);
        }
        const row = results.get(name) as { p50: number[]; kib: number[]; faults: number[] };
        row.kib.push(((sectorsWritten(device) - sectors) * 512) / 1024 / appends);
        row.faults.push((process.resourceUsage().minorPageFault - faults) / appends);
        row.p50.push(median(latencies));
        variant.close();
        rmSync(roundDir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const yardstick = (results.get(names[0] as string) as { p50: number[] }).p50;
  console.log(`mmlog bench:durable-cost: Node ${process.version}, ${appends} appends × ${rounds} rounds, ${tmpdir()}`);
  console.log(
    '\n| One writer, 128 B, each append awaited | p50 | × one page (median of rounds) | KiB to the device | minor faults |',
  );
  console.log('|---|---:|---:|---:|---:|');
  for (const name of names) {
    const row = results.get(name) as { p50: number[]; kib: number[]; faults: number[] };
    const ratio = median(row.p50.map((p, i) => p / (yardstick[i] as number)));
    console.log(
      `| ${name} | ${median(row.p50).toFixed(0)} µs | ${ratio.toFixed(2)} | ${median(row.kib).toFixed(1)} | ${median(row.faults).toFixed(2)} |`,
    );
  }
}

await main();

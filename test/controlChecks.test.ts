/**
 * The destructive effects the control file fuzz once found, one by one: each
 * damaged field is now refused by every entry point with ERR_MMLOG_CORRUPT,
 * and nothing is modified. Entry points that could crash the process or fill
 * the disk run in a child under `ulimit -f` (see runChildLimited).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SELF_START_TIME } from '../src/control/processIdentity.js';
import { ErrorCode, open, read, recover, stat, verify } from '../src/index.js';
import { Offset } from '../src/layout/control.js';
import { controlPathOf } from '../src/storage/logPaths.js';
import { runChildLimited } from './helpers/children.js';
import { fingerprint, settled, tempDir } from './helpers/files.js';
import { readControl } from './helpers/logFile.js';

const SLOT = 4096;

function poke(path: string, at: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, bytes, 0, bytes.length, at);
}

function i64(value: number | bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(BigInt(value));
  return b;
}

function f64(value: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(value);
  return b;
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;
}

function makeLog(path: string, format: 'raw' | 'framed', records = 100): void {
  const log = open(path, { format });
  for (let i = 0; i < records; i++) log.append(`${format} record ${i}\n`);
  log.close();
}

/** Every entry point refuses with ERR_MMLOG_CORRUPT and a message naming `field`; neither file changes. */
function assertRefused(path: string, field: RegExp): void {
  const data = fingerprint(path);
  const control = fingerprint(`${path}.ctl`);
  const attempts: [string, () => unknown][] = [
    ['open', () => open(path).close()],
    ['read', () => [...read(path, { onCorrupt: 'skip' })]],
    ['verify', () => verify(path)],
    ['stat', () => stat(path)],
    ['recover', () => recover(path, { repairCorruption: true })],
  ];
  for (const [name, attempt] of attempts) {
    assert.throws(attempt, { name: 'MmlogError', code: ErrorCode.CORRUPT, message: field }, name);
    assert.equal(fingerprint(path), data, `${name}: the data file is untouched`);
    assert.equal(fingerprint(`${path}.ctl`), control, `${name}: the control file is untouched`);
  }
}

/** A dead writer's slot (index 1) claiming `claimPos`/`claimLen`, as if it died mid-append. */
function deadClaim(path: string, claimPos: number, claimLen: number, floor = readControl(path).cursor): void {
  const slot = Buffer.alloc(64);
  slot.writeInt32LE(deadPid(), 0);
  slot.writeDoubleLE(12345, 8);
  slot.writeDoubleLE(floor, 16);
  slot.writeDoubleLE(claimPos, 24);
  slot.writeDoubleLE(claimLen, 32);
  slot.writeDoubleLE(Date.now(), 40);
  slot.writeUInt32LE(1, 48);
  poke(`${path}.ctl`, SLOT + 64, slot);
}

test('a framed cursor below 64 is refused everywhere: open() never appends over the META frame', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    makeLog(path, 'framed');
    const original = readFileSync(`${path}.ctl`);
    for (const cursor of [0, 8, 56]) {
      poke(`${path}.ctl`, 64, i64(cursor));
      assertRefused(path, /impossible cursor/);
    }
    poke(`${path}.ctl`, 0, original);
    assert.equal(verify(path).ok, true);
  } finally {
    cleanup();
  }
});

test('a framed cursor that is not a multiple of 8 is refused everywhere: recover() zeroes nothing', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    makeLog(path, 'framed', 3000);
    const cursor = readControl(path).cursor;
    for (const misaligned of [cursor - 1, cursor - 4, 1001]) {
      poke(`${path}.ctl`, 64, i64(misaligned));
      assertRefused(path, /impossible cursor/);
      // After a reboot too, when recovery would settle the tail.
      poke(`${path}.ctl`, 448, Buffer.alloc(16, 0xee));
      assertRefused(path, /impossible cursor/);
    }
  } finally {
    cleanup();
  }
});

test('a cursor far past the end of the data file is refused everywhere: append never allocates the gap', async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const format of ['raw', 'framed'] as const) {
      const path = `${dir}/${format}`;
      makeLog(path, format);
      poke(`${path}.ctl`, 64, i64(2 ** 40));
      const files = [fingerprint(path), fingerprint(`${path}.ctl`)];
      // In a child that cannot grow a file past 64 MiB whatever happens (a regression must not fill the disk).
      const result = await runChildLimited('entryPoints', [path, 'append,open,read,verify,stat,recover'], {
        fileSizeKiB: 65536,
        timeoutMs: 60_000,
      });
      assert.equal(result.signal, null, `no crash (SIGXFSZ: a runaway allocation): ${result.stderr}`);
      for (const outcome of result.messages[0] as { name: string; code?: string; message?: string }[]) {
        assert.equal(outcome.code, ErrorCode.CORRUPT, `${outcome.name}: ${outcome.message}`);
        assert.match(outcome.message ?? '', /impossible cursor .* past the end of the data file/);
      }
      assert.deepEqual([fingerprint(path), fingerprint(`${path}.ctl`)], files, 'neither file changed');
    }
  } finally {
    cleanup();
  }
});

test('a dead writer slot with an impossible claim is refused everywhere: nothing is blanked, padded or lost', () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const format of ['raw', 'framed'] as const) {
      const path = `${dir}/${format}`;
      makeLog(path, format);
      const cursor = readControl(path).cursor;
      const original = readFileSync(`${path}.ctl`);
      const claims: [number, number, RegExp][] = [
        [Number.NaN, cursor, /claim position \(NaN\)/],
        [-5, 16, /claim position/],
        [64.5, 16, /claim position/],
        [Number.POSITIVE_INFINITY, 16, /claim position/],
        [cursor, Number.NaN, /claim length \(NaN\)/],
        [cursor, Number.POSITIVE_INFINITY, /claim length/],
        [cursor, 1e12, /claim length/],
        [cursor, -16, /claim length/],
        [cursor, 2.5, /claim length/],
      ];
      if (format === 'framed') claims.push([cursor - 4, 16, /claim position/], [cursor, 12, /claim length/]);
      else claims.push([cursor + 4096, 16, /claim position/]);
      for (const [claimPos, claimLen, message] of claims) {
        poke(`${path}.ctl`, 0, original);
        deadClaim(path, claimPos, claimLen);
        assertRefused(path, message);
      }
      poke(`${path}.ctl`, 0, original);
      deadClaim(path, cursor, 16, Number.NaN);
      assertRefused(path, /claim floor/);
    }
  } finally {
    cleanup();
  }
});

test('impossible watermarks, flags, slot times and identities are refused everywhere, never an untyped error', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    makeLog(path, 'framed');
    const cursor = readControl(path).cursor;
    const original = readFileSync(`${path}.ctl`);
    const cases: [number, Buffer, RegExp][] = [
      [192, i64(cursor + 8), /committed watermark/],
      [192, i64(68), /committed watermark/],
      [192, i64(-1), /committed watermark/],
      [256, i64(-1), /durable watermark/],
      [256, i64(cursor + 8), /durable watermark/],
      [128, i64(-4096), /allocated size/],
      [136, Buffer.from([0x09, 0, 0, 0]), /flags/],
      [40, f64(Number.NaN), /creation time/],
      [40, f64(1e300), /creation time/],
    ];
    for (const [at, bytes, message] of cases) {
      poke(`${path}.ctl`, 0, original);
      poke(`${path}.ctl`, at, bytes);
      assertRefused(path, message);
    }
    for (const [at, bytes, message] of [
      [40, f64(Number.NaN), /opening time/],
      [8, f64(-1), /start time/],
      [48, Buffer.from([9, 0, 0, 0]), /role/],
      [0, Buffer.from([0xff, 0xff, 0xff, 0xff]), /process id/],
    ] as [number, Buffer, RegExp][]) {
      poke(`${path}.ctl`, 0, original);
      deadClaim(path, cursor, 16);
      poke(`${path}.ctl`, SLOT + 64 + at, bytes);
      assertRefused(path, message);
    }
  } finally {
    cleanup();
  }
});

test('allocated beyond the end of the data file: the writer lowers it and appends, no SIGBUS', async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const format of ['raw', 'framed'] as const) {
      const path = `${dir}/${format}`;
      makeLog(path, format);
      const { cursor } = readControl(path);
      // As if a trim died between cutting the file and recording it, with the file 64 MiB bigger before.
      // (1 MB of appends then crosses pages wholly past the end of the file.)
      poke(`${path}.ctl`, 128, i64(cursor + 64 * 1024 * 1024));
      const result = await runChildLimited('entryPoints', [path, 'appendMany,read,verify'], {
        fileSizeKiB: 1024 * 1024,
        timeoutMs: 60_000,
      });
      assert.equal(result.signal, null, `no crash: ${result.stderr}`);
      for (const outcome of result.messages[0] as { name: string; ok: boolean; message?: string }[]) {
        assert.ok(outcome.ok, `${outcome.name}: ${outcome.message}`);
      }
      const text = [...read(path)].map((r) => Buffer.from(r.data).toString()).join('');
      assert.equal(text.split('probe ').length - 1, 10_000, 'every record reached the file');
      assert.ok(readControl(path).allocated <= statSync(path).size, 'allocated is within the file');
    }
  } finally {
    cleanup();
  }
});

test('a slot caught while being taken (pid stored, its other fields still zero) is not mistaken for corruption', () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const format of ['raw', 'framed'] as const) {
      for (const owner of ['this process', 'a dead one']) {
        const path = `${dir}/${format}-${owner.replaceAll(' ', '-')}`;
        makeLog(path, format);
        // acquireSlot() takes a never used slot with a compare-and-swap of its pid, then stores the rest.
        const slot = Buffer.alloc(64);
        slot.writeInt32LE(owner === 'this process' ? process.pid : deadPid(), 0);
        if (owner === 'this process') slot.writeDoubleLE(SELF_START_TIME, 8);
        poke(`${path}.ctl`, SLOT + 2 * 64, slot);
        const log = open(path);
        log.append('still opens\n');
        log.close();
        // (A raw reader stops at a live writer's claim floor: here 0, so it may return nothing.)
        [...read(path)];
        assert.equal(verify(path).ok, true);
        stat(path);
        recover(path);
      }
    }
  } finally {
    cleanup();
  }
});

test("a segmented log's first segment below 0 or past the cursor's segment is refused everywhere; nothing changes", () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    const segment = 64 * 1024;
    const log = open(path, { format: 'framed', segmentSize: segment });
    for (let i = 0; i < 2000; i++) log.append(`segmented record ${i} ${'x'.repeat(80)}`);
    log.close();
    const control = controlPathOf(path);
    const active = Math.floor(Number(readFileSync(control).readBigInt64LE(Offset.CURSOR)) / segment);
    assert.ok(active >= 2);
    const everything = () =>
      readdirSync(path)
        .map((name) => join(path, name))
        .filter((file) => statSync(file).isFile())
        .map((file) => `${file} ${fingerprint(file)}`)
        .join('\n');
    const before = settled(everything);
    for (const first of [active + 1, 2 ** 40, -1]) {
      poke(control, Offset.FIRST_SEGMENT, i64(first));
      for (const [name, attempt] of [
        ['open', () => open(path).close()],
        ['read', () => [...read(path, { onCorrupt: 'skip' })]],
        ['verify', () => verify(path)],
        ['stat', () => stat(path)],
        ['recover', () => recover(path, { repairCorruption: true })],
      ] as const) {
        const ctl = fingerprint(control);
        assert.throws(attempt, { name: 'MmlogError', code: ErrorCode.CORRUPT, message: /first segment/ }, name);
        assert.equal(fingerprint(control), ctl, `${name}: the control file is untouched`);
      }
    }
    poke(control, Offset.FIRST_SEGMENT, i64(active));
    // The control file, poked back to its first segment, may differ in its mtime only; every other file is as it was.
    const others = (listing: string) => listing.replace(/^.*\.ctl .*$/gm, '');
    assert.equal(others(everything()), others(before), 'no segment changed');
    assert.equal(stat(path).firstPosition, active * segment, 'its own segment is a valid first segment');
  } finally {
    cleanup();
  }
});

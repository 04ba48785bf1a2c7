/**
 * Runs a batch of control file fuzz cases (argv[2]: a JSON file, see
 * test/controlFuzz.test.ts). For each case: copies the template log, applies
 * the mutations to its control file, then runs every entry point on it in
 * turn and checks that none throws anything but an MmlogError, that none that
 * throws has changed a byte of the data file, and that the data file never
 * grows past the bound. Says which case it starts before starting it (so a
 * crash or a hang names its case) and sends the violations at the end.
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SELF_START_TIME } from '../../src/control/processIdentity.js';
import { MmlogError, open, read, recover, stat, verify } from '../../src/index.js';
import type { FuzzCase } from '../helpers/controlFuzz.js';

export interface FuzzBatch {
  /** Template log of each format: `${dir}/log` and `${dir}/log.ctl`. */
  templates: Record<'raw' | 'framed', { dir: string; size: number }>;
  /** Bytes the data file may grow by, over the template's size. */
  growthBound: number;
  workDir: string;
  cases: FuzzCase[];
}

export interface Violation {
  id: number;
  label: string;
  op: string;
  problem: string;
}

const batch = JSON.parse(readFileSync(process.argv[2], 'utf8')) as FuzzBatch;
const violations: Violation[] = [];
const outcomes: Record<string, number> = {};

function hash(path: string): string {
  return createHash('sha1').update(readFileSync(path)).digest('hex');
}

function consume(iterable: Iterable<unknown>): void {
  let n = 0;
  for (const _ of iterable) {
    if (++n > 100_000) throw new Error('the reader loops');
  }
}

function applyMutations(controlPath: string, fuzzCase: FuzzCase): void {
  const fd = openSync(controlPath, 'r+');
  try {
    for (const m of fuzzCase.mutations) {
      let bytes: Buffer;
      if ('hex' in m) bytes = Buffer.from(m.hex, 'hex');
      else if (m.self === 'pid') {
        bytes = Buffer.alloc(4);
        bytes.writeInt32LE(process.pid);
      } else {
        bytes = Buffer.alloc(8);
        bytes.writeDoubleLE(SELF_START_TIME);
      }
      writeSync(fd, bytes, 0, bytes.length, m.at);
    }
  } finally {
    closeSync(fd);
  }
}

function runCase(fuzzCase: FuzzCase): void {
  const dir = join(batch.workDir, `case-${fuzzCase.id}`);
  mkdirSync(dir, { recursive: true });
  const template = batch.templates[fuzzCase.format];
  const path = join(dir, 'log');
  copyFileSync(join(template.dir, 'log'), path);
  copyFileSync(join(template.dir, 'log.ctl'), `${path}.ctl`);
  applyMutations(`${path}.ctl`, fuzzCase);
  const limit = template.size + batch.growthBound;
  const ops: [string, () => void][] = [
    ['stat', () => stat(path)],
    ['verify', () => verify(path)],
    ['read', () => consume(read(path, { onCorrupt: 'skip' }))],
    [
      'open + append',
      () => {
        const log = open(path, { creationTimeout: 300 });
        try {
          // (Within the log's maximum: a longer record is the caller's RangeError, not the control file's.)
          for (let i = 0; i < 3; i++) log.append(`fuzz record ${i}\n`.slice(-log.maxRecordSize));
          // Whatever the group-commit words hold: a sync succeeds or fails with a typed error.
          log.syncSync();
        } finally {
          log.close();
        }
      },
    ],
    ['read, throwing', () => consume(read(path))],
    ['recover', () => recover(path)],
    [
      'open + append again',
      () => {
        const log = open(path, { creationTimeout: 300 });
        try {
          log.append('one more\n'.slice(-log.maxRecordSize));
        } finally {
          log.close();
        }
      },
    ],
    ['stat again', () => stat(path)],
  ];
  for (const [op, run] of ops) {
    const before = hash(path);
    let outcome = 'ok';
    try {
      run();
    } catch (error) {
      if (!(error instanceof MmlogError)) {
        violations.push({ ...fuzzCase, op, problem: `untyped error: ${(error as Error).stack ?? String(error)}` });
      } else if (hash(path) !== before) {
        violations.push({ ...fuzzCase, op, problem: `${error.code} reported, but the data file changed` });
      }
      outcome = error instanceof MmlogError ? error.code : 'untyped';
    }
    outcomes[`${op}: ${outcome}`] = (outcomes[`${op}: ${outcome}`] ?? 0) + 1;
    const { size, blocks } = statSync(path);
    if (size > limit || blocks * 512 > limit + 65536) {
      violations.push({ ...fuzzCase, op, problem: `the data file grew to ${size} bytes (${blocks} blocks)` });
    }
  }
  if (fuzzCase.format === 'framed') checkRecordsKept(path, fuzzCase);
  if (process.env.MMLOG_FUZZ_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
}

/**
 * The template's records are CRC-checked frames: whatever the control file
 * says, none may be lost — each is still in the data file, at its position,
 * byte for byte.
 */
function checkRecordsKept(path: string, fuzzCase: FuzzCase): void {
  const template = readFileSync(join(batch.templates.framed.dir, 'log'));
  const data = readFileSync(path);
  if (!data.subarray(0, template.length).equals(template)) {
    let at = 0;
    while (data[at] === template[at]) at++;
    violations.push({ ...fuzzCase, op: 'all', problem: `a record of the template was changed at byte ${at}` });
  }
}

for (const fuzzCase of batch.cases) {
  process.send?.({ started: fuzzCase.id });
  runCase(fuzzCase);
}
process.send?.(
  { done: true, violations: violations.map(({ id, label, op, problem }) => ({ id, label, op, problem })), outcomes },
  () => process.disconnect(),
);

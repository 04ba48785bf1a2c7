/**
 * Mutations of a control file for the fuzz test (test/controlFuzz.test.ts):
 * targeted ones (every field of docs/format.md, each with the values most
 * likely to be mishandled) and random ones (random values of random fields,
 * random bytes anywhere). A case is a list of byte writes, so that it can be
 * handed to a child process as JSON and replayed exactly.
 */
import { prng } from './records.js';

/** Writes `hex` at `at`, or this child's own pid / start time there (a live slot). */
export type Mutation = { at: number; hex: string } | { at: number; self: 'pid' | 'startTime' };

export interface FuzzCase {
  id: number;
  format: 'raw' | 'framed';
  label: string;
  mutations: Mutation[];
}

/** What the mutations are derived from: the template log of each format. */
export interface Template {
  format: 'raw' | 'framed';
  /** Cursor (= data file size) of the template. */
  cursor: number;
  dataStart: number;
  slotCount: number;
  maxFrame: number;
  chunkSize: number;
  /** A process id that is not running. */
  deadPid: number;
}

type FieldType = 'u32' | 'i32' | 'i64' | 'f64' | 'bytes';
interface Field {
  name: string;
  at: number;
  type: FieldType;
  size?: number;
}

const HEADER_FIELDS: Field[] = [
  { name: 'magic', at: 0, type: 'bytes', size: 8 },
  { name: 'version', at: 8, type: 'u32' },
  { name: 'controlSize', at: 12, type: 'u32' },
  { name: 'format', at: 16, type: 'u32' },
  { name: 'chunkSize', at: 20, type: 'u32' },
  { name: 'maxRecordSize', at: 24, type: 'u32' },
  { name: 'slotCount', at: 28, type: 'u32' },
  { name: 'logIdLo', at: 32, type: 'u32' },
  { name: 'logIdHi', at: 36, type: 'u32' },
  { name: 'createdAt', at: 40, type: 'f64' },
  { name: 'dataStart', at: 48, type: 'u32' },
  { name: 'pageSize', at: 52, type: 'u32' },
  { name: 'reserved', at: 56, type: 'bytes', size: 8 },
  { name: 'cursor', at: 64, type: 'i64' },
  { name: 'allocated', at: 128, type: 'i64' },
  { name: 'flags', at: 136, type: 'u32' },
  { name: 'committed', at: 192, type: 'i64' },
  { name: 'durable', at: 256, type: 'i64' },
  { name: 'syncRequested', at: 264, type: 'i64' },
  { name: 'durableSeq', at: 272, type: 'u32' },
  { name: 'syncLeader', at: 276, type: 'i32' },
  { name: 'syncErrno', at: 280, type: 'i32' },
  { name: 'notifySeq', at: 320, type: 'u32' },
  { name: 'waiters', at: 384, type: 'u32' },
  { name: 'bootId', at: 448, type: 'bytes', size: 16 },
  { name: 'growths', at: 512, type: 'u32' },
  { name: 'trims', at: 516, type: 'u32' },
  { name: 'slotsReclaimed', at: 520, type: 'u32' },
  { name: 'claimsAbandoned', at: 524, type: 'u32' },
  { name: 'claimsPadded', at: 528, type: 'u32' },
  { name: 'syncs', at: 576, type: 'f64' },
  { name: 'syncTotalMs', at: 584, type: 'f64' },
  { name: 'syncLastMs', at: 592, type: 'f64' },
  { name: 'syncMaxMs', at: 600, type: 'f64' },
  { name: 'segmentIndex', at: 1024, type: 'bytes', size: 64 },
  { name: 'segmentFill', at: 1072, type: 'u32' },
];

const SLOT_FIELDS: Field[] = [
  { name: 'pid', at: 0, type: 'i32' },
  { name: 'threadId', at: 4, type: 'u32' },
  { name: 'startTime', at: 8, type: 'f64' },
  { name: 'claimFloor', at: 16, type: 'f64' },
  { name: 'claimPos', at: 24, type: 'f64' },
  { name: 'claimLen', at: 32, type: 'f64' },
  { name: 'openedAt', at: 40, type: 'f64' },
  { name: 'role', at: 48, type: 'u32' },
  { name: 'syncing', at: 52, type: 'u32' },
  { name: 'bootTag', at: 56, type: 'bytes', size: 8 },
];

const SLOTS = 4096;
const SLOT_SIZE = 64;

function encode(type: FieldType, value: number | bigint | Uint8Array): string {
  const b = Buffer.alloc(type === 'u32' || type === 'i32' ? 4 : 8);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (type === 'u32') b.writeUInt32LE(Number(BigInt.asUintN(32, BigInt(Math.trunc(Number(value))))));
  else if (type === 'i32') b.writeInt32LE(Number(BigInt.asIntN(32, BigInt(Math.trunc(Number(value))))));
  else if (type === 'i64') b.writeBigInt64LE(BigInt.asIntN(64, typeof value === 'bigint' ? value : BigInt(value)));
  else b.writeDoubleLE(Number(value));
  return b.toString('hex');
}

/** Values of a position-like field worth trying, around the template's own numbers. */
function positions(t: Template): number[] {
  const slack = t.slotCount * t.maxFrame;
  return [
    0,
    1,
    7,
    8,
    63,
    64,
    65,
    72,
    t.dataStart,
    t.cursor - 64,
    t.cursor - 8,
    t.cursor - 1,
    t.cursor,
    t.cursor + 1,
    t.cursor + 8,
    t.cursor + slack,
    t.cursor + slack + 8,
    t.cursor + t.chunkSize,
    2 ** 31,
    2 ** 32,
    2 ** 40,
    2 ** 53 - 1,
  ];
}

function interesting(field: Field, t: Template): (number | bigint | Uint8Array)[] {
  switch (field.type) {
    case 'bytes':
      return [
        new Uint8Array(field.size ?? 8),
        new Uint8Array(field.size ?? 8).fill(0xff),
        new Uint8Array(field.size ?? 8).fill(0x41),
      ];
    case 'u32':
    case 'i32':
      return [0, 1, 2, 3, 7, 64, 4096, 65536, 0x7fffffff, 0x80000000, 0xffffffff, -1, t.deadPid];
    case 'i64':
      return [...positions(t), 2n ** 53n, 2n ** 62n, -1n, -8n, -(2n ** 63n), 2n ** 63n - 1n];
    case 'f64':
      return [
        ...positions(t),
        -1,
        -0,
        -8,
        0.5,
        64.5,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        1e12,
        1e300,
        -1e300,
        2 ** 53,
        8.64e15 + 1,
        Number.MAX_VALUE,
        Number.MIN_VALUE,
      ];
  }
}

/** Makes slot `index` an occupied slot: a dead writer in the middle of a claim at the cursor, or this process. */
function occupy(index: number, t: Template, owner: 'dead' | 'self'): Mutation[] {
  const base = SLOTS + index * SLOT_SIZE;
  const claimLen = t.format === 'framed' ? 16 : 10;
  const mutations: Mutation[] =
    owner === 'self'
      ? [
          { at: base, self: 'pid' },
          { at: base + 8, self: 'startTime' },
        ]
      : [
          { at: base, hex: encode('i32', t.deadPid) },
          { at: base + 8, hex: encode('f64', 12345) },
        ];
  mutations.push(
    { at: base + 16, hex: encode('f64', t.cursor) },
    { at: base + 24, hex: encode('f64', t.cursor) },
    { at: base + 32, hex: encode('f64', claimLen) },
    { at: base + 40, hex: encode('f64', Date.now()) },
    { at: base + 48, hex: encode('u32', 1) },
  );
  return mutations;
}

/** Every field with each of its interesting values (slot fields in a dead writer's slot, and in a live one). */
export function targetedCases(t: Template, firstId: number): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const field of HEADER_FIELDS) {
    for (const value of interesting(field, t)) {
      cases.push({
        id: firstId + cases.length,
        format: t.format,
        label: `${field.name} = ${describe(value)}`,
        mutations: [{ at: field.at, hex: encode(field.type, value) }],
      });
    }
  }
  for (const owner of ['dead', 'self'] as const) {
    for (const field of SLOT_FIELDS) {
      if (owner === 'self' && (field.name === 'pid' || field.name === 'startTime')) continue;
      for (const value of interesting(field, t)) {
        const index = 1 + (cases.length % (t.slotCount - 1));
        cases.push({
          id: firstId + cases.length,
          format: t.format,
          label: `${owner} slot ${index} ${field.name} = ${describe(value)}`,
          mutations: [
            ...occupy(index, t, owner),
            { at: SLOTS + index * SLOT_SIZE + field.at, hex: encode(field.type, value) },
          ],
        });
      }
    }
  }
  return cases;
}

/** `count` random cases from `seed`: random fields set to random (often plausible) values, or random bytes. */
export function randomCases(
  t: Template,
  firstId: number,
  count: number,
  seed: number,
  controlSize: number,
): FuzzCase[] {
  const next = prng(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: T[]): T => items[int(items.length)];
  const cases: FuzzCase[] = [];
  for (let c = 0; c < count; c++) {
    const mutations: Mutation[] = [];
    const labels: string[] = [];
    if (next() < 0.5) {
      const slot = int(t.slotCount);
      mutations.push(...occupy(slot, t, next() < 0.8 ? 'dead' : 'self'));
      labels.push(`slot ${slot} occupied`);
    }
    const edits = 1 + int(4);
    for (let e = 0; e < edits; e++) {
      const r = next();
      if (r < 0.25) {
        // Random bytes anywhere in the file.
        const at = int(controlSize);
        const bytes = new Uint8Array(1 + int(8)).map(() => int(256));
        const length = Math.min(bytes.length, controlSize - at);
        mutations.push({ at, hex: Buffer.from(bytes.subarray(0, length)).toString('hex') });
        labels.push(`${length} random bytes at ${at}`);
        continue;
      }
      const inSlot = r < 0.6;
      const field = inSlot ? pick(SLOT_FIELDS) : pick(HEADER_FIELDS);
      const at = inSlot ? SLOTS + int(t.slotCount) * SLOT_SIZE + field.at : field.at;
      let value: number | bigint | Uint8Array;
      if (next() < 0.6) value = pick(interesting(field, t));
      else if (field.type === 'f64' || field.type === 'i64') value = Math.floor(next() * 2 ** (1 + int(53)));
      else if (field.type === 'bytes') value = new Uint8Array(field.size ?? 8).map(() => int(256));
      else value = int(2 ** 32);
      mutations.push({ at, hex: encode(field.type, value) });
      labels.push(`${inSlot ? `slot@${at}` : ''}${field.name} = ${describe(value)}`);
    }
    cases.push({ id: firstId + c, format: t.format, label: labels.join(', '), mutations });
  }
  return cases;
}

function describe(value: number | bigint | Uint8Array): string {
  if (value instanceof Uint8Array) return `bytes ${Buffer.from(value).toString('hex')}`;
  return typeof value === 'bigint' ? `${value}n` : Object.is(value, -0) ? '-0' : String(value);
}

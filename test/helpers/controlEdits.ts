/**
 * Reading and editing a log's control file from a test with pread/pwrite
 * (the library maps it MAP_SHARED, so these see and change the same bytes),
 * to stage states no public call produces: a writer stopped mid-claim, a
 * leader stuck in a sync. Offsets come from the layout (docs/format.md).
 * Plus the process helpers such tests need.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { processStartTime, SELF_START_TIME } from '../../src/control/processIdentity.js';
import { IDLE, Offset, SLOT_SIZE, SlotOffset, SlotRole } from '../../src/layout/control.js';
import { controlPathOf } from '../../src/storage/logPaths.js';

export const CURSOR = Offset.CURSOR;
export const NOTIFY_SEQ = Offset.NOTIFY_SEQ;
export const WAITERS = Offset.WAITERS;
export const SLOT_CLAIM_FLOOR = SlotOffset.CLAIM_FLOOR;
export const SLOT_CLAIM_POS = SlotOffset.CLAIM_POS;
export const SLOT_CLAIM_LEN = SlotOffset.CLAIM_LEN;

/** `length` bytes of the control file of the log at `path`, at `offset`. */
export function pread(path: string, offset: number, length: number): Buffer {
  const fd = openSync(controlPathOf(path), 'r');
  try {
    const bytes = Buffer.alloc(length);
    assert.equal(readSync(fd, bytes, 0, length, offset), length);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/** Writes `bytes` into the control file of the log at `path`, at `offset`. */
export function pwrite(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(controlPathOf(path), 'r+');
  try {
    assert.equal(writeSync(fd, bytes, 0, bytes.length, offset), bytes.length);
  } finally {
    closeSync(fd);
  }
}

export const u32At = (path: string, offset: number): number => pread(path, offset, 4).readUInt32LE(0);
export const i64At = (path: string, offset: number): number => Number(pread(path, offset, 8).readBigInt64LE(0));

export function f64Bytes(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleLE(value);
  return bytes;
}

export function i64Bytes(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64LE(BigInt(value));
  return bytes;
}

/** Byte offset of the writer slot held by `pid` (and, when given, its thread `threadId`). */
export function slotOf(path: string, pid: number, threadId?: number): number {
  const count = u32At(path, Offset.SLOT_COUNT);
  for (let i = 0; i < count; i++) {
    const base = Offset.SLOTS + i * SLOT_SIZE;
    if (
      pread(path, base + SlotOffset.PID, 4).readInt32LE(0) === pid &&
      u32At(path, base + SlotOffset.ROLE) === SlotRole.WRITER &&
      (threadId === undefined || u32At(path, base + SlotOffset.THREAD_ID) === threadId)
    ) {
      return base;
    }
  }
  assert.fail(`no writer slot held by pid ${pid}${threadId === undefined ? '' : ` thread ${threadId}`}`);
}

/** State letter of a process (R, S, T, Z…) from /proc, or undefined if it is gone. */
export function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used, in ms, from /proc. */
export function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the state; in clock ticks (100 Hz).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/**
 * Stops the writer process `pid` (SIGSTOP) and makes it look stopped in the
 * middle of an append of `length` bytes at the cursor: its slot announces
 * the claim and the cursor has moved past it. Returns the claim's position.
 */
export async function stallMidClaim(path: string, pid: number, length: number): Promise<number> {
  process.kill(pid, 'SIGSTOP');
  await until(() => processState(pid) === 'T', 2000, 'the writer to stop');
  const slot = slotOf(path, pid);
  const claimPos = i64At(path, CURSOR);
  pwrite(path, slot + SLOT_CLAIM_LEN, f64Bytes(length));
  pwrite(path, slot + SLOT_CLAIM_FLOOR, f64Bytes(claimPos));
  pwrite(path, slot + SLOT_CLAIM_POS, f64Bytes(claimPos));
  pwrite(path, CURSOR, i64Bytes(claimPos + length));
  return claimPos;
}

export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(5);
  }
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export function killChild(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** A process that runs (idly) until killed, with its pid and start time once it has started. */
export async function runningProcess(): Promise<{ child: ChildProcess; pid: number; startTime: number }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await delay(100);
  const pid = child.pid as number;
  const startTime = processStartTime(pid);
  assert.ok(startTime !== undefined, 'the process runs');
  return { child, pid, startTime };
}

/** A pid that is certainly not running: a child that has exited (and been reaped). */
export function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid as number;
}

/**
 * Makes slot `index` of the log at `path` a dead writer's, caught in the
 * middle of its claim at `pos` of `length` bytes; with `pos` undefined,
 * between its fetch-add and storing the claim's position (its slot holds the
 * floor `floor` only).
 */
export function stageDeadWriter(
  path: string,
  index: number,
  claim: { floor: number; pos?: number; length: number },
): void {
  const base = Offset.SLOTS + index * SLOT_SIZE;
  const pid = Buffer.alloc(4);
  pid.writeInt32LE(deadPid());
  const role = Buffer.alloc(4);
  role.writeUInt32LE(SlotRole.WRITER);
  pwrite(path, base + SlotOffset.START_TIME, f64Bytes(1));
  pwrite(path, base + SlotOffset.OPENED_AT, f64Bytes(Date.now()));
  pwrite(path, base + SlotOffset.ROLE, role);
  pwrite(path, base + SlotOffset.CLAIM_LEN, f64Bytes(claim.length));
  pwrite(path, base + SlotOffset.CLAIM_POS, f64Bytes(claim.pos ?? IDLE));
  pwrite(path, base + SlotOffset.CLAIM_FLOOR, f64Bytes(claim.floor));
  pwrite(path, base + SlotOffset.PID, pid);
}

/**
 * Makes slot `index` a live writer of this thread (which must hold a slot of
 * its own, so that it counts as alive) in the middle of its claim at `pos` of
 * `length` bytes.
 */
export function stageLiveClaim(path: string, index: number, claim: { pos: number; length: number }): void {
  const base = Offset.SLOTS + index * SLOT_SIZE;
  const pid = Buffer.alloc(4);
  pid.writeInt32LE(process.pid);
  pwrite(path, base + SlotOffset.START_TIME, f64Bytes(SELF_START_TIME));
  pwrite(path, base + SlotOffset.OPENED_AT, f64Bytes(Date.now()));
  pwrite(path, base + SlotOffset.CLAIM_LEN, f64Bytes(claim.length));
  pwrite(path, base + SlotOffset.CLAIM_POS, f64Bytes(claim.pos));
  pwrite(path, base + SlotOffset.CLAIM_FLOOR, f64Bytes(claim.pos));
  pwrite(path, base + SlotOffset.PID, pid);
}

/** Frees slot `index` (its writer finished and gave it back). */
export function freeSlot(path: string, index: number): void {
  pwrite(path, Offset.SLOTS + index * SLOT_SIZE + SlotOffset.PID, Buffer.alloc(4));
}

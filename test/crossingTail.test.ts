/**
 * The part of a dead writer's crossing claim that lies past the segment's
 * end (the head of the next segment, where its writer never wrote the
 * filler) is that claim's, not lost data. Two readers padding the dead claim
 * meet it: one pads the claim up to the segment's end and, before it pads
 * the head, the other reads through that padding and stands at the head.
 * The SIGKILL storm of 64 KiB segments left a LOST frame there (`verify`
 * failed) when the head was judged on its own: no slot's claim starts
 * there. A crossing writer that is only late, whose segment the next seal
 * activated with its first record at the base, owns that head too: a
 * reader waits for it there instead of padding.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { processStartTime } from '../src/control/processIdentity.js';
import { open, read, verify } from '../src/index.js';
import { Offset, SlotOffset, slotOffset } from '../src/layout/control.js';
import { RecordType, TYPE_SHIFT } from '../src/layout/frame.js';
import { native } from '../src/native/binding.js';
import { logIdRegister } from '../src/native/crc32c.js';
import { writePadding } from '../src/storage/fillerFrame.js';
import { segmentPath } from '../src/storage/logPaths.js';
import {
  CURSOR,
  f64Bytes,
  freeSlot,
  i64At,
  i64Bytes,
  pread,
  pwrite,
  stageDeadWriter,
  stageLiveClaim,
} from './helpers/controlEdits.js';
import { tempDir } from './helpers/files.js';
import { AckedWriter, missingRecords } from './helpers/records.js';

const SEGMENT = 64 * 1024;
const SLOT = 11;
/** How far the crossing claim reaches into segment 1. */
const TAIL = 16;

/** The lenWord of the frame header at segment 1's base. */
function headLenWord(path: string): number {
  return readFileSync(segmentPath(path, SEGMENT)).readUInt32LE(0);
}

/** Writes filler of `type` over `[start, end)` of segment 0's file, as a reader padding there would. */
function padSegmentZero(path: string, start: number, end: number, type: number): void {
  const control = pread(path, Offset.LOG_ID_LO, 8);
  const idRegister = logIdRegister(control.readUInt32LE(0), control.readUInt32LE(4)) >>> 0;
  const file = segmentPath(path, 0);
  const fd = openSync(file, 'r+');
  try {
    const sab = native.mmap(fd, 0, SEGMENT, true, file);
    try {
      const source = { sab, u8: new Uint8Array(sab), i32: new Int32Array(sab), base: 0 };
      assert.ok(writePadding(source, start, end - start, idRegister, type), `padded [${start}, ${end})`);
    } finally {
      native.unmap(sab);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * A log whose claim across segment 0's end, `[crossing, SEGMENT + TAIL)`,
 * is in slot SLOT (its writer never wrote the filler, activated segment 1 or
 * sealed segment 0), followed by the live writer's records in segment 1 —
 * past segment 1's end too when `sealNext` (that seal activates segment 1,
 * its first record at its base).
 */
function stage(path: string, sealNext: boolean) {
  const writer = new AckedWriter(open(path, { format: 'framed', segmentSize: SEGMENT }));
  writer.appendWhile(() => SEGMENT - i64At(path, CURSOR) > 600, 'x');
  const crossing = i64At(path, CURSOR);
  stageDeadWriter(path, SLOT, { floor: crossing, pos: crossing, length: SEGMENT + TAIL - crossing });
  pwrite(path, CURSOR, i64Bytes(SEGMENT + TAIL));
  const until = sealNext ? 2 * SEGMENT + 1000 : SEGMENT + 2000;
  writer.appendWhile(() => i64At(path, CURSOR) < until, 'y');
  return { writer, crossing };
}

test("a dead crossing claim padded up to the segment's end by another reader: the head past it is padded as the claim's, not lost", () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const { writer, crossing } = stage(path, false);
    // The other reader's padding of the dead claim, up to the segment's end, and no further yet.
    padSegmentZero(path, crossing, SEGMENT, RecordType.PADDING);
    try {
      // This reader reads through that padding, comes to segment 1's head and moves on.
      assert.deepEqual(missingRecords(path, writer.acked), [], 'every acknowledged record is read at its position');
    } finally {
      writer.log.close();
    }
    const health = verify(path);
    assert.deepEqual({ lost: health.lost, corrupt: health.corrupt }, { lost: [], corrupt: [] }, 'nothing lost');
    assert.equal(health.records, writer.acked.length);
    assert.equal(headLenWord(path) >>> TYPE_SHIFT, RecordType.PADDING, "the head holds the dead claim's padding");
  } finally {
    cleanup();
  }
});

test('a late crossing writer whose segment the next seal activated at its base: a reader waits at the head, it pads nothing there', async () => {
  const { dir, cleanup } = tempDir();
  let late: ChildProcess | undefined;
  try {
    const path = join(dir, 'log');
    const { writer } = stage(path, true);
    // The crossing claim's writer lives: a process of its own, named in the slot with its start time.
    late = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    const pid = late.pid as number;
    const startTime = processStartTime(pid);
    assert.ok(startTime !== undefined);
    const slot = slotOffset(SLOT);
    pwrite(path, slot + SlotOffset.START_TIME, f64Bytes(startTime));
    const pidBytes = Buffer.alloc(4);
    pidBytes.writeInt32LE(pid);
    pwrite(path, slot + SlotOffset.PID, pidBytes);
    try {
      // Readers from segment 1's first record (its base) on, twice, past the grace an orphan gets.
      for (let pass = 0; pass < 2; pass++) {
        assert.deepEqual(
          [...read(path, { from: SEGMENT })].map((r) => r.pos),
          [],
          'nothing is read past the late claim',
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(headLenWord(path), 0, "no filler over the live writer's head");
    } finally {
      writer.log.close();
    }
  } finally {
    late?.kill('SIGKILL');
    cleanup();
  }
});

test("a dead slot's claim extent that runs over another writer's claim: the padding stops where that claim starts", () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'log');
    const log = open(path, { format: 'framed' });
    for (let i = 0; i < 10; i++) log.append(`record ${i}`);
    const at = i64At(path, CURSOR);
    // A dead writer's slot claiming 200 bytes from `at` (a stale or lying extent), and this thread's
    // live claim at `at + 64`, inside that extent, not yet committed (this thread holds a slot: alive).
    stageDeadWriter(path, 8, { floor: at, pos: at, length: 200 });
    stageLiveClaim(path, 7, { pos: at + 64, length: 136 });
    pwrite(path, CURSOR, i64Bytes(at + 200));
    // A reader that may write pads the dead claim, and stops at the live one.
    assert.equal([...read(path)].length, 10);
    const padded = readFileSync(path).readUInt32LE(at);
    assert.equal(padded >>> TYPE_SHIFT, RecordType.PADDING);
    assert.equal(padded & 0x0fffffff, 64 - 8, 'the padding ends where the live claim starts');
    freeSlot(path, 7);
    pwrite(path, CURSOR, i64Bytes(at + 64));
    log.close();
  } finally {
    cleanup();
  }
});

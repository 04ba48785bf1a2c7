/**
 * What a new data file starts with. A raw file starts empty; a framed file
 * starts with the META record, which names the log the file belongs to, so
 * that the data file describes itself even without its control file.
 * @module
 */
import { writeSync } from 'node:fs';
import type { LogIdentity } from '../control/header.js';
import {
  FRAMED_DATA_START,
  HEADER_SIZE,
  lenWordOf,
  META_MAGIC,
  META_PAYLOAD_SIZE,
  RecordType,
} from '../layout/frame.js';
import { crc32c, frameSeed, logIdRegister } from '../native/crc32c.js';

/** The META record of the framed log with this identity (see docs/format.md). */
export function encodeMetaRecord(identity: LogIdentity): Buffer {
  const frame = Buffer.alloc(FRAMED_DATA_START);
  const payload = frame.subarray(HEADER_SIZE, HEADER_SIZE + META_PAYLOAD_SIZE);
  payload.write(META_MAGIC, 0, 'latin1');
  payload.writeUInt32LE(1, 8);
  payload.writeUInt32LE(identity.logIdLo, 16);
  payload.writeUInt32LE(identity.logIdHi, 20);
  payload.writeDoubleLE(identity.createdAt, 24);
  const lenWord = lenWordOf(RecordType.META, META_PAYLOAD_SIZE);
  const seed = frameSeed(logIdRegister(identity.logIdLo, identity.logIdHi), 0, lenWord);
  frame.writeUInt32LE(crc32c(payload, 0, META_PAYLOAD_SIZE, seed), 4);
  frame.writeUInt32LE(lenWord, 0);
  return frame;
}

/**
 * Writes what a new data file of this log starts with. Deterministic and
 * idempotent: a process repairing a log whose creator died may run it again.
 */
export function initializeDataFile(fd: number, identity: LogIdentity): void {
  if (identity.format !== 'framed') return;
  const meta = encodeMetaRecord(identity);
  writeSync(fd, meta, 0, meta.length, 0);
}

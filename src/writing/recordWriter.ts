/**
 * How a record of each format is measured, written and committed into space
 * already claimed. The append path (`log.ts`) claims and prepares the space;
 * it never looks inside a record.
 * @module
 */
// Imported, not the global: Node defines the global `Buffer` as an accessor,
// and reading it on every append costs a getter call.
import { Buffer } from 'node:buffer';
import type { LogIdentity } from '../control/header.js';
import type { AppendStore } from '../storage/appendStore.js';
import { FramedWriter } from './framedWriter.js';
import { RawWriter } from './rawWriter.js';

/** Writes records of one format into claimed space. */
export interface RecordWriter {
  /** Bytes a record with `length` bytes of payload occupies. */
  frameSize(length: number): number;
  /**
   * Writes and commits one record whose claim starts at `pos`. `length` is
   * the payload's byte length (from {@link payloadLength}); the window of
   * `store` holds the whole claim.
   */
  write(store: AppendStore, pos: number, data: string | Uint8Array, length: number): void;
}

/** Strings up to this many characters are measured in JavaScript rather than by `Buffer.byteLength`. */
const SHORT_STRING = 16;

/**
 * The UTF-8 byte length of a string (lone surrogates count as U+FFFD, three
 * bytes, as `Buffer` writes them). A UTF-8 length equal to the string's
 * length means every character is ASCII, which the writers rely on.
 */
export function utf8Length(text: string): number {
  const count = text.length;
  if (count <= SHORT_STRING) {
    let any = 0;
    for (let i = 0; i < count; i++) any |= text.charCodeAt(i);
    if (any < 0x80) return count;
  }
  return Buffer.byteLength(text, 'utf8');
}

/** The writer for the log with this identity. */
export function writerFor(identity: LogIdentity): RecordWriter {
  return identity.format === 'framed' ? new FramedWriter(identity) : new RawWriter();
}

/**
 * Deterministic record contents for multi-writer tests: any process can
 * regenerate the exact bytes of record `seq` of writer `writer`, so the
 * verifier checks every byte without the writers shipping their data back.
 */
import { type Log, read } from '../../src/index.js';

/** Positions of acknowledged records (`[position, text]`) that are not read back, as they were, there. */
export function missingRecords(path: string, acked: Array<[number, string]>): number[] {
  const found = new Map([...read(path)].map((r) => [r.pos, Buffer.from(r.data).toString('latin1')]));
  return acked.filter(([pos, text]) => found.get(pos) !== text).map(([pos]) => pos);
}

/**
 * Appends to a log and remembers each record with its position: the list
 * {@link missingRecords} checks.
 */
export class AckedWriter {
  readonly acked: Array<[number, string]> = [];
  private numbered = 0;

  constructor(readonly log: Log) {}

  append(text: string): void {
    this.acked.push([this.log.append(text), text]);
  }

  /** Appends `record N` records (N counting on across calls), 100 × `fill` each, while `more()` holds. */
  appendWhile(more: () => boolean, fill: string): void {
    while (more()) this.append(`record ${this.numbered++} ${fill.repeat(100)}`);
  }
}

/** mulberry32: small, fast, seedable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEMPLATE_SIZE = 128 * 1024;
const templates = new Map<number, Uint8Array>();

function template(writer: number): Uint8Array {
  let t = templates.get(writer);
  if (t === undefined) {
    const next = prng(0x9e3779b9 ^ writer);
    t = new Uint8Array(TEMPLATE_SIZE);
    for (let i = 0; i < t.length; i++) t[i] = (next() * 256) | 0;
    templates.set(writer, t);
  }
  return t;
}

/** The bytes of record `seq` of `writer`, `size` long (at most 64 KiB). */
export function recordBytes(writer: number, seq: number, size: number): Uint8Array {
  const start = (seq * 7919) % (TEMPLATE_SIZE - 65536);
  const bytes = template(writer).slice(start, start + size);
  // Stamp writer and sequence so that no two records are alike.
  const stamp = new Uint8Array(8);
  new DataView(stamp.buffer).setUint32(0, writer, true);
  new DataView(stamp.buffer).setUint32(4, seq, true);
  bytes.set(stamp.subarray(0, Math.min(8, size)));
  return bytes;
}

/**
 * Sizes from 1 B to 64 KiB, mostly small as log records are: 90 % up to
 * 256 B, 9 % up to 4 KiB, 1 % up to 64 KiB; both extremes always occur.
 */
export function recordSizes(writer: number, count: number, largest = 65536): number[] {
  const next = prng(writer * 2654435761);
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const r = next();
    const max = r < 0.9 ? 256 : r < 0.99 ? 4096 : 65536;
    sizes.push(Math.min(largest, 1 + Math.floor(next() * max)));
  }
  if (count > 2) {
    sizes[0] = 1;
    sizes[1] = largest;
  }
  return sizes;
}

/** The text record `seq` of `writer`: one line, with 2-, 3- and 4-byte UTF-8 characters. */
export function textRecord(writer: number, seq: number): string {
  return `w${writer} #${seq} é€😀 ${'x'.repeat(seq % 97)}\n`;
}

/**
 * Record `seq` of `writer` for the crash tests: {@link recordBytes} of a
 * size drawn from (writer, seq) — mostly 8 to 300 bytes, one in ten up to
 * 8 KiB, so that records often straddle pages — stamped with both, so that
 * {@link checkStampedRecord} can tell an intact record from damaged bytes.
 */
export function stampedRecord(writer: number, seq: number): Uint8Array {
  const next = prng(writer * 1_000_003 + seq);
  const largest = next() < 0.9 ? 300 : 8192;
  return recordBytes(writer, seq, 8 + Math.floor(next() * (largest - 7)));
}

/** The writer and sequence number of an intact {@link stampedRecord}, or undefined for any other bytes. */
export function checkStampedRecord(data: Uint8Array): [number, number] | undefined {
  if (data.length < 8) return undefined;
  const stamp = new DataView(data.buffer, data.byteOffset, 8);
  const writer = stamp.getUint32(0, true);
  const seq = stamp.getUint32(4, true);
  if (writer > 1000) return undefined;
  return Buffer.from(stampedRecord(writer, seq)).equals(data) ? [writer, seq] : undefined;
}

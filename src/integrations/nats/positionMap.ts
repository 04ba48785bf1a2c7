/**
 * The position map of a replayed log, `PATH.positions`: which record of the
 * local log is which record of the shipped one. A 32-byte header (`mmlog
 * positions` magic, the source log's id in hex), then one 24-byte entry per
 * record, in order: the stream sequence, the original position and the
 * local position, each a little-endian u64. A torn last entry (a crash while
 * writing it) is ignored; replay rebuilds entries the log has and the map
 * lacks.
 * @module
 */
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { ErrorCode, MmlogError } from '../../errors.js';

const MAGIC = 'mmlog-positions\n';
export const MAP_HEADER_SIZE = 32;
export const MAP_ENTRY_SIZE = 24;
/** Entries buffered before a write. */
const BUFFERED = 4096;

/** One record: where it is in the stream, in the source log, and in the local log. */
export interface PositionEntry {
  seq: number;
  original: number;
  local: number;
}

/** The position map file of the log at `path`. */
export function positionMapPath(path: string): string {
  return `${path.replace(/\/+$/, '')}.positions`;
}

/** Reads every entry of a position map (for readers mapping one position to the other). */
export function readPositionMap(path: string): { logId: string | undefined; entries: PositionEntry[] } {
  const map = PositionMap.open(path);
  try {
    const entries: PositionEntry[] = [];
    for (let i = 0; i < map.count; i++) entries.push(map.entry(i));
    return { logId: map.logId, entries };
  } finally {
    map.close();
  }
}

/** An open position map: reads its entries, appends new ones (buffered until {@link flush}). */
export class PositionMap {
  /** The source log's id, once known. */
  logId: string | undefined;
  /** Entries in the file (not counting the buffered ones). */
  count: number;
  private buffer = Buffer.alloc(BUFFERED * MAP_ENTRY_SIZE);
  private buffered = 0;

  private constructor(
    private readonly fd: number,
    file: string,
  ) {
    const size = fstatSync(fd).size;
    this.count = size < MAP_HEADER_SIZE ? 0 : Math.floor((size - MAP_HEADER_SIZE) / MAP_ENTRY_SIZE);
    if (size >= MAP_HEADER_SIZE) {
      const header = Buffer.alloc(MAP_HEADER_SIZE);
      readSync(fd, header, 0, MAP_HEADER_SIZE, 0);
      if (header.toString('latin1', 0, MAGIC.length) !== MAGIC) {
        throw new MmlogError(ErrorCode.SINK_MISMATCH, 'not a position map of mmlog replay', file);
      }
      this.logId = header.toString('latin1', MAGIC.length, MAP_HEADER_SIZE);
    }
    // A torn entry or header: cut it off.
    const whole = size < MAP_HEADER_SIZE ? 0 : MAP_HEADER_SIZE + this.count * MAP_ENTRY_SIZE;
    if (whole !== size) ftruncateSync(fd, whole);
  }

  /** Opens (creating it empty) the position map of the log at `path`. */
  static open(path: string): PositionMap {
    const file = positionMapPath(path);
    const fd = openSync(file, 'a+');
    try {
      return new PositionMap(fd, file);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Entry `i` of the file. */
  entry(i: number): PositionEntry {
    const b = Buffer.alloc(MAP_ENTRY_SIZE);
    readSync(this.fd, b, 0, MAP_ENTRY_SIZE, MAP_HEADER_SIZE + i * MAP_ENTRY_SIZE);
    return {
      seq: Number(b.readBigUInt64LE(0)),
      original: Number(b.readBigUInt64LE(8)),
      local: Number(b.readBigUInt64LE(16)),
    };
  }

  /** Records the source log's id (the first time). */
  setLogId(logId: string): void {
    if (this.logId !== undefined) return;
    const header = Buffer.alloc(MAP_HEADER_SIZE);
    header.write(MAGIC, 0, 'latin1');
    header.write(logId.padStart(MAP_HEADER_SIZE - MAGIC.length, '0'), MAGIC.length, 'latin1');
    writeSync(this.fd, header, 0, MAP_HEADER_SIZE, 0);
    this.logId = logId.padStart(MAP_HEADER_SIZE - MAGIC.length, '0');
  }

  add(entry: PositionEntry): void {
    const at = this.buffered * MAP_ENTRY_SIZE;
    this.buffer.writeBigUInt64LE(BigInt(entry.seq), at);
    this.buffer.writeBigUInt64LE(BigInt(entry.original), at + 8);
    this.buffer.writeBigUInt64LE(BigInt(entry.local), at + 16);
    if (++this.buffered === BUFFERED) this.flush();
  }

  /** Writes the buffered entries. */
  flush(): void {
    if (this.buffered === 0) return;
    writeSync(this.fd, this.buffer, 0, this.buffered * MAP_ENTRY_SIZE);
    this.count += this.buffered;
    this.buffered = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

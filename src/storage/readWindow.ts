/**
 * Mapping a log for reading: windows of the data file, and the readable end.
 *
 * A reader must never touch a page beyond the end of the file (that is a
 * SIGBUS), and a claim may run past it for a moment (a writer claims first,
 * then grows the file). So every read is checked against {@link safeEnd}: the
 * larger of the shared `allocated` size and the file size last seen.
 * @module
 */
import { closeSync, fstatSync } from 'node:fs';
import { native, PAGE_SIZE } from '../native/binding.js';
import { copyOut } from '../util/copyOut.js';

/** The mapped bytes a check runs over: views of one window and the position of its first byte. */
export interface FrameSource {
  sab: SharedArrayBuffer;
  u8: Uint8Array;
  i32: Int32Array;
  base: number;
}

/** What a reader walks: a log's data, one mapping at a time (a window of one file, or one segment). */
export interface ReadSource extends FrameSource {
  /** Whether the mappings may be written (padding of dead claims). */
  readonly writable: boolean;
  /** Positions per mapping. */
  readonly windowSize: number;
  /** The end of what may be read from `from` on without a fault (see the implementations). */
  safeEnd(from: number, need: number): number;
  /** The end of the region `pos` lies in: nothing (no frame, no padding) is read or written across it. */
  regionEnd(pos: number): number;
  /** Where records can lie up to from `pos` on: its segment's sealed end once `pos` is below it, else {@link regionEnd}. */
  recordsEnd(pos: number): number;
  /** `pos`, or where reading resumes when nothing can lie at `pos` (past a sealed segment's end). */
  skipSealed(pos: number): number;
  /**
   * Where reading can go on when the bytes from `pos` to `need` can never
   * come: they lie in a segment below the active one whose file is missing or
   * ends before `need` (deleted or cut behind the log's back; retention's
   * deletions are not this). -1 when they may still come, or are there.
   */
  missingEnd(pos: number, need: number): number;
  /** Maps the window holding `pos`. */
  cover(pos: number): void;
  /** Bytes `[pos, end)` copied out (the range must lie in the current window). */
  copy(pos: number, end: number): Uint8Array;
  /** The open file holding `pos` and the position of its first byte; undefined when it does not exist. */
  fileAt(pos: number): DataFileAt | undefined;
  close(): void;
}

/** A data file (or segment) of a log, and the position of its first byte. */
export interface DataFileAt {
  fd: number;
  base: number;
}

/**
 * One read mapping at a time and its views, as every read source holds
 * them: mapped on demand, and unmapped with no view of it left behind.
 */
export abstract class MappedWindow implements FrameSource {
  sab: SharedArrayBuffer = new SharedArrayBuffer(0);
  u8: Uint8Array = new Uint8Array(0);
  i32: Int32Array = new Int32Array(0);
  base = 0;
  protected mapped = false;

  /** Maps `length` bytes of `fd` from `offset` (the current mapping must be released first). */
  protected map(fd: number, offset: number, length: number, writable: boolean, path: string): void {
    this.sab = native.mmap(fd, offset, length, writable, path);
    this.u8 = new Uint8Array(this.sab);
    this.i32 = new Int32Array(this.sab);
    this.mapped = true;
  }

  /** Unmaps the current mapping, if any. */
  protected unmap(): void {
    // unmap() returns the address range at once: no view of it may survive.
    const sab = this.sab;
    this.sab = new SharedArrayBuffer(0);
    this.u8 = new Uint8Array(0);
    this.i32 = new Int32Array(0);
    if (this.mapped) native.unmap(sab);
    this.mapped = false;
  }

  /** Bytes `[pos, end)` copied out (the range must lie in the current mapping). */
  copy(pos: number, end: number): Uint8Array {
    return copyOut(this.u8, pos - this.base, end - this.base);
  }
}

const DEFAULT_WINDOW = 256 * 1024 * 1024;

/** Read-side (and padding-capable, when writable) windows over a data file. */
export class ReadWindow extends MappedWindow implements ReadSource {
  readonly fd: number;
  readonly writable: boolean;
  private readonly path: string;
  /** Positions per window (the mapping is longer by one maximum frame). */
  readonly windowSize: number;
  private readonly mappingLength: number;
  private knownEnd = 0;

  constructor(path: string, fd: number, writable: boolean, maxFrame: number) {
    super();
    this.path = path;
    this.fd = fd;
    this.writable = writable;
    this.windowSize = DEFAULT_WINDOW;
    this.mappingLength = this.windowSize + Math.ceil(maxFrame / PAGE_SIZE) * PAGE_SIZE;
  }

  /**
   * The end of what may be read without risking a fault: the file size. `need`
   * is the end the caller wants; the size is only asked for (a syscall) when
   * the cached value falls short of it, so a reader pays one fstat per growth.
   * (The shared `allocated` value is not trusted here: a data file truncated
   * behind the log's back would turn it into a SIGBUS.)
   */
  safeEnd(_from: number, need: number): number {
    if (need > this.knownEnd) this.knownEnd = fstatSync(this.fd).size;
    return this.knownEnd;
  }

  /** One file: no region ends before the end of the log. */
  regionEnd(_pos: number): number {
    return Number.POSITIVE_INFINITY;
  }

  /** One file: never sealed. */
  recordsEnd(_pos: number): number {
    return Number.POSITIVE_INFINITY;
  }

  /** One file holds every position. */
  fileAt(_pos: number): DataFileAt {
    return { fd: this.fd, base: 0 };
  }

  /** One file: positions are never skipped. */
  skipSealed(pos: number): number {
    return pos;
  }

  /** One file: a file cut short is refused at open, and reported as cut while it is read. */
  missingEnd(_pos: number, _need: number): number {
    return -1;
  }

  /** Maps the window holding `pos` if it is not the current one. */
  cover(pos: number): void {
    const base = Math.floor(pos / this.windowSize) * this.windowSize;
    if (this.mapped && base === this.base) return;
    this.unmap();
    this.map(this.fd, base, this.mappingLength, this.writable, this.path);
    this.base = base;
  }

  close(): void {
    this.unmap();
    closeSync(this.fd);
  }
}

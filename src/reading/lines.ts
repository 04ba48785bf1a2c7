/**
 * Lines of a raw log: read() yields byte ranges that end wherever the reader
 * stopped; {@link LineSplitter} cuts them into whole lines with positions.
 * @module
 */
import type { LogRecord } from './readerTypes.js';

/**
 * Cuts the byte ranges of a raw log into lines (each with its '\n' and the
 * position of its first byte), since ranges end wherever the reader stopped.
 */
export class LineSplitter {
  private parts: Uint8Array[] = [];
  private start = -1;

  /** Feeds the range at `pos`; yields the lines it completes. */
  *push(pos: number, data: Uint8Array): Generator<LogRecord> {
    let from = 0;
    for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, from)) {
      const piece = data.subarray(from, nl + 1);
      const start = this.start >= 0 ? this.start : pos + from;
      const bytes = this.parts.length === 0 ? piece : Buffer.concat([...this.parts, piece]);
      this.parts = [];
      this.start = -1;
      from = nl + 1;
      yield { pos: start, data: bytes, next: pos + from };
    }
    if (from < data.length) {
      if (this.start < 0) this.start = pos + from;
      this.parts.push(data.subarray(from));
    }
  }

  /** The incomplete last line, if any (taken out of the splitter). */
  flush(): LogRecord | undefined {
    if (this.start < 0) return undefined;
    const data = Buffer.concat(this.parts);
    const line = { pos: this.start, data, next: this.start + data.length };
    this.parts = [];
    this.start = -1;
    return line;
  }
}

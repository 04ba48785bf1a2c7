/**
 * Encoding a string straight into the mapping.
 * @module
 */

/**
 * Writes `text` as UTF-8 at `offset`; `length` is its UTF-8 byte length. A
 * string whose UTF-8 length equals its length is pure ASCII, whose UTF-8 and
 * Latin-1 encodings are the same bytes: V8 then copies one-byte characters
 * instead of running the UTF-8 encoder (log lines are nearly always ASCII).
 */
export function writeString(target: Buffer, text: string, offset: number, length: number): void {
  target.write(text, offset, length, length === text.length ? 'latin1' : 'utf8');
}

/**
 * What a failed SIGKILL storm knows about a position: for a CI failure that a
 * loop does not reproduce, the assertion message is all there is to go on.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { stat } from '../../src/index.js';
import { segmentPath } from '../../src/storage/logPaths.js';
import { readSegmentIndex } from '../../src/storage/segmentIndex.js';

/** Reads `length` bytes of `file` at `offset` (fewer at its end). */
function bytesAt(file: string, offset: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const out = Buffer.alloc(length);
    return out.subarray(0, readSync(fd, out, 0, length, offset));
  } finally {
    closeSync(fd);
  }
}

/**
 * A description of `pos` in the log at `path`: the records read around it,
 * what each follower saw there, the segment's file, ring and index entries,
 * and the frame header found at `pos` in the file.
 */
export function describePosition(
  path: string,
  pos: number,
  byPos: Map<number, string>,
  followerPositions: number[][],
): string {
  const lines: string[] = [];
  const read = [...byPos.keys()];
  const before = read.filter((p) => p < pos).slice(-2);
  const after = read.filter((p) => p > pos).slice(0, 2);
  lines.push(`records read just before: ${before.join(', ')}; just after: ${after.join(', ')}`);
  lines.push(`followers saw it: ${followerPositions.map((seen) => seen.includes(pos)).join(' / ')}`);
  try {
    const info = stat(path);
    const segmentSize = info.segmentSize;
    if (segmentSize > 0) {
      const k = Math.floor(pos / segmentSize);
      const base = k * segmentSize;
      const file = segmentPath(path, base);
      const entry = info.segments.find((s) => s.base === base);
      lines.push(`cursor ${info.cursor}; segment ${k} (base ${base}): ${JSON.stringify(entry)}`);
      lines.push(`segments.idx of ${k}: ${JSON.stringify(readSegmentIndex(path, k, base, segmentSize))}`);
      if (k > 0)
        lines.push(
          `segments.idx of ${k - 1}: ${JSON.stringify(readSegmentIndex(path, k - 1, base - segmentSize, segmentSize))}`,
        );
      if (existsSync(file)) {
        lines.push(`file size ${statSync(file).size}`);
        const header = bytesAt(file, pos - base, 8);
        lines.push(`header at ${pos}: ${header.toString('hex')}`);
        const head = bytesAt(file, 0, 16);
        lines.push(`segment head: ${head.toString('hex')}`);
      } else {
        lines.push('segment file missing');
      }
    }
  } catch (error) {
    lines.push(`stat failed: ${String(error)}`);
  }
  return lines.join('\n');
}

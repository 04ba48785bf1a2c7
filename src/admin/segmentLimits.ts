/**
 * What `verify` checks of a segmented log beyond its scan: bytes the scan
 * never looks at because the control file (or `segments.idx`) says no record
 * lies there — past a sealed end, before a segment's first record. Nothing
 * was ever written past a seal, and only filler lies before a first record;
 * written data there means a damaged seal or first record hides records from
 * every reader.
 * @module
 */
import { HEADER_SIZE, RecordType } from '../layout/frame.js';
import { checkFrame, type FrameInfo, FrameState } from '../reading/frameCheck.js';
import type { LogReader } from '../reading/logReader.js';
import type { ByteRange } from '../reading/readerTypes.js';
import { fillerEnd } from '../storage/fillerFrame.js';
import { SegmentWindow } from '../storage/segmentWindow.js';

/** Bytes looked at past a seal: a roll writes nothing there, not even the crossing claim's filler. */
const PAST_SEAL_BYTES = 4096;

/**
 * The ranges of the segments below the cursor's whose bytes lie outside
 * their records as the limits say, yet hold data: from a sealed end to the
 * file's end, or from a segment's base to its first record. The active
 * segment is not looked at (its head may be being written).
 */
export function hiddenByLimits(reader: LogReader): ByteRange[] {
  const window = reader.window;
  if (!(window instanceof SegmentWindow)) return [];
  const { ring } = window;
  const hidden: ByteRange[] = [];
  const active = ring.segmentOf(reader.control.cursor());
  for (let k = ring.firstSegment(); k < active; k++) {
    const base = ring.baseOf(k);
    const { firstRecord, sealEnd, fileSize, forgotten } = window.limitsOf(k);
    if (fileSize < 0) continue;
    const fileEnd = base + fileSize;
    // A first record only segments.idx gives is taken by readers only where the head proves it.
    if (!forgotten && firstRecord > base && firstRecord <= fileEnd && dataBefore(reader, base, firstRecord)) {
      hidden.push({ start: base, end: firstRecord });
    }
    if (sealEnd >= base && sealEnd < fileEnd) {
      // A crossing claim's part past the seal may have been padded: filler, then nothing.
      window.cover(sealEnd);
      const mapped = window.u8.subarray(sealEnd - window.base, fileEnd - window.base);
      const after = fillerEnd(mapped, sealEnd, sealEnd, reader.framed, reader.frameLimits.idRegister);
      if (after < fileEnd && !zeros(window, after, Math.min(fileEnd, after + PAST_SEAL_BYTES))) {
        hidden.push({ start: sealEnd, end: fileEnd });
      }
    }
  }
  return hidden;
}

/**
 * Whether `[base, first)` holds data rather than filler: framed, a valid
 * DATA frame among the whole frames from `base`; raw, a byte that is neither
 * a space nor zero before the last. An unfinished head (a crossing writer at
 * work, or one that died) proves nothing and is not counted.
 */
function dataBefore(reader: LogReader, base: number, first: number): boolean {
  const { window } = reader;
  window.cover(base);
  const u8 = window.u8;
  if (!reader.framed) {
    for (let pos = base; pos < first - 1; pos++) {
      const byte = u8[pos - window.base];
      if (byte !== 0x20 && byte !== 0) return true;
    }
    return false;
  }
  const limits = { ...reader.frameLimits, end: first };
  const info: FrameInfo = { type: 0, length: 0, size: 0 };
  for (let pos = base; pos + HEADER_SIZE <= first; pos += info.size) {
    if (checkFrame(window, pos, limits, info) !== FrameState.VALID) return false;
    if (info.type === RecordType.DATA) return true;
  }
  return false;
}

/** Whether the bytes `[from, to)` of the (mapped) segment holding `from` are all zero. */
function zeros(window: SegmentWindow, from: number, to: number): boolean {
  window.cover(from);
  const u8 = window.u8;
  for (let pos = from; pos < to; pos++) if (u8[pos - window.base] !== 0) return false;
  return true;
}

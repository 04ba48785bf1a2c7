/**
 * A segment file as it is on disk, mapped read-only whole: what recovery
 * looks at after a reboot to find segments the control file does not know
 * (its header page may be older than the data: see `admin/segmentAdoption.ts`).
 * @module
 */
import { closeSync, constants as fsConstants, fstatSync } from 'node:fs';
import type { SegmentRing } from '../control/segmentRing.js';
import { native } from '../native/binding.js';
import { segmentPath } from './logPaths.js';
import type { FrameSource } from './readWindow.js';
import { openRegularFile } from './regularFile.js';

/** A mapped segment file: a frame source over its bytes (positions from its base), and its size. */
export interface SegmentImage extends FrameSource {
  size: number;
  close(): void;
}

/** Segment `k`'s file mapped read-only, or undefined if it does not exist or is empty. */
export function mapSegmentImage(dir: string, ring: SegmentRing, k: number): SegmentImage | undefined {
  const path = segmentPath(dir, ring.baseOf(k));
  let fd: number;
  try {
    fd = openRegularFile(path, fsConstants.O_RDONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const size = Math.min(fstatSync(fd).size, ring.segmentSize);
    if (size === 0) return undefined;
    const sab = native.mmap(fd, 0, size, false, path);
    return {
      sab,
      u8: new Uint8Array(sab),
      i32: new Int32Array(sab, 0, Math.floor(size / 4)),
      base: ring.baseOf(k),
      size,
      close: () => native.unmap(sab),
    };
  } finally {
    closeSync(fd);
  }
}

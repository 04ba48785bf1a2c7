/**
 * The immutable identity of a log (cache line 0 of the control file):
 * encoding by the creator, and validation by everyone else before anything is
 * mapped or modified.
 * @module
 */
import { ErrorCode, MmlogError } from '../errors.js';
import {
  controlSize,
  FORMAT_ID,
  FORMAT_VERSION,
  type FormatName,
  Limit,
  MAGIC,
  Offset,
  SegmentFill,
} from '../layout/control.js';
import { DATA_START, recordFootprint } from '../layout/frame.js';

/** The settings fixed when a log is created. */
export interface LogIdentity {
  format: FormatName;
  chunkSize: number;
  maxRecordSize: number;
  slotCount: number;
  /** Low and high 32 bits of the random log id. */
  logIdLo: number;
  logIdHi: number;
  createdAt: number;
  dataStart: number;
  pageSize: number;
  /** Positions per segment; 0 for a single-file log. */
  segmentSize: number;
  /** Segments also end when this period of the clock ends (ms); 0 = by size only. */
  rollEvery: number;
  /** Retention of sealed segments; 0 = no limit. */
  retainSegments: number;
  retainBytes: number;
  retainAge: number;
  /** Retired segment files kept for reuse as new segments; 0 = retired segments are deleted. */
  recycleSegments: number;
  /** How new segments are allocated (SegmentFill). */
  segmentFill: number;
}

/** The segment settings of a single-file log. */
export const NO_SEGMENTS = {
  segmentSize: 0,
  rollEvery: 0,
  retainSegments: 0,
  retainBytes: 0,
  retainAge: 0,
  recycleSegments: 0,
  segmentFill: 0,
} as const;

/** Writes a fresh control file image: identity set, everything else zero. */
export function encodeControlImage(id: LogIdentity, initialCursor: number): Buffer {
  const image = Buffer.alloc(controlSize(id.slotCount));
  MAGIC.copy(image, Offset.MAGIC);
  image.writeUInt32LE(FORMAT_VERSION, Offset.VERSION);
  image.writeUInt32LE(image.length, Offset.CONTROL_SIZE);
  image.writeUInt32LE(FORMAT_ID[id.format], Offset.FORMAT);
  image.writeUInt32LE(id.chunkSize, Offset.CHUNK_SIZE);
  image.writeUInt32LE(id.maxRecordSize, Offset.MAX_RECORD_SIZE);
  image.writeUInt32LE(id.slotCount, Offset.SLOT_COUNT);
  image.writeUInt32LE(id.logIdLo, Offset.LOG_ID_LO);
  image.writeUInt32LE(id.logIdHi, Offset.LOG_ID_HI);
  image.writeDoubleLE(id.createdAt, Offset.CREATED_AT);
  image.writeUInt32LE(id.dataStart, Offset.DATA_START);
  image.writeUInt32LE(id.pageSize, Offset.PAGE_SIZE);
  image.writeDoubleLE(id.segmentSize, Offset.SEGMENT_SIZE);
  image.writeDoubleLE(id.rollEvery, Offset.ROLL_EVERY);
  image.writeDoubleLE(id.retainSegments, Offset.RETAIN_SEGMENTS);
  image.writeDoubleLE(id.retainBytes, Offset.RETAIN_BYTES);
  image.writeDoubleLE(id.retainAge, Offset.RETAIN_AGE);
  image.writeDoubleLE(id.recycleSegments, Offset.RECYCLE_SEGMENTS);
  image.writeUInt32LE(id.segmentFill, Offset.SEGMENT_FILL);
  image.writeBigInt64LE(BigInt(initialCursor), Offset.CURSOR);
  image.writeBigInt64LE(BigInt(initialCursor), Offset.COMMITTED);
  return image;
}

function corrupt(what: string, path: string): MmlogError {
  return new MmlogError(ErrorCode.CORRUPT, `control file has an impossible ${what}`, path);
}

/**
 * Checks a control file read from disk (`image` holds at least its first
 * page, `fileSize` is its real size) and returns the identity it records.
 * Throws an {@link MmlogError} and changes nothing when the file is not ours,
 * of another version, truncated or holds impossible values.
 */
export function decodeControlImage(image: Buffer, fileSize: number, path: string): LogIdentity {
  if (
    fileSize < Offset.MAGIC + MAGIC.length ||
    !image.subarray(Offset.MAGIC, Offset.MAGIC + MAGIC.length).equals(MAGIC)
  ) {
    if (fileSize === 0) throw new MmlogError(ErrorCode.TRUNCATED, 'control file is empty', path);
    throw new MmlogError(ErrorCode.NOT_A_LOG, 'not an mmlog control file (bad magic)', path);
  }
  if (fileSize < Offset.SLOTS) {
    throw new MmlogError(ErrorCode.TRUNCATED, `control file is truncated (${fileSize} bytes)`, path);
  }
  const version = image.readUInt32LE(Offset.VERSION);
  if (version !== FORMAT_VERSION) {
    throw new MmlogError(
      ErrorCode.VERSION,
      `control file has format version ${version}; this mmlog reads version ${FORMAT_VERSION}`,
      path,
    );
  }
  const declared = image.readUInt32LE(Offset.CONTROL_SIZE);
  const slotCount = image.readUInt32LE(Offset.SLOT_COUNT);
  if (slotCount < Limit.MIN_SLOT_COUNT || slotCount > Limit.MAX_SLOT_COUNT || declared !== controlSize(slotCount)) {
    throw corrupt('slot table', path);
  }
  if (fileSize !== declared) {
    throw new MmlogError(
      ErrorCode.TRUNCATED,
      `control file is ${fileSize} bytes but its header says ${declared}`,
      path,
    );
  }
  const formatId = image.readUInt32LE(Offset.FORMAT);
  const format = (Object.keys(FORMAT_ID) as FormatName[]).find((name) => FORMAT_ID[name] === formatId);
  if (format === undefined) throw corrupt(`format id ${formatId}`, path);
  const chunkSize = image.readUInt32LE(Offset.CHUNK_SIZE);
  const pageSize = image.readUInt32LE(Offset.PAGE_SIZE);
  if (pageSize < Limit.MIN_PAGE_SIZE || (pageSize & (pageSize - 1)) !== 0) throw corrupt('page size', path);
  if (chunkSize < pageSize || chunkSize > Limit.MAX_CHUNK_SIZE || chunkSize % pageSize !== 0) {
    throw corrupt('chunk size', path);
  }
  const maxRecordSize = image.readUInt32LE(Offset.MAX_RECORD_SIZE);
  if (maxRecordSize < 1 || maxRecordSize > Limit.MAX_RECORD_SIZE) throw corrupt('maximum record size', path);
  const dataStart = image.readUInt32LE(Offset.DATA_START);
  if (dataStart !== DATA_START[format]) throw corrupt('data start', path);
  const cursor = image.readBigInt64LE(Offset.CURSOR);
  if (cursor < 0n || cursor > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('cursor', path);
  const segments = decodeSegmentSettings(image, chunkSize, maxRecordSize, format, path);
  return {
    ...segments,
    format,
    chunkSize,
    maxRecordSize,
    slotCount,
    logIdLo: image.readUInt32LE(Offset.LOG_ID_LO),
    logIdHi: image.readUInt32LE(Offset.LOG_ID_HI),
    createdAt: image.readDoubleLE(Offset.CREATED_AT),
    dataStart,
    pageSize,
  };
}

function nonNegativeInteger(image: Buffer, offset: number): number {
  const value = image.readDoubleLE(offset);
  return Number.isSafeInteger(value) && value >= 0 ? value : -1;
}

/**
 * The segment settings of the header: all zero for a single-file log; for a
 * segmented one, a segment size that is whole chunks within the limits and
 * holds at least two of the largest records (a record never straddles two
 * segments), non-negative integral periods and retention limits, and a
 * recycling pool of at most MAX_RECYCLE_SEGMENTS files.
 */
function decodeSegmentSettings(
  image: Buffer,
  chunkSize: number,
  maxRecordSize: number,
  format: FormatName,
  path: string,
): Pick<LogIdentity, keyof typeof NO_SEGMENTS> {
  const segmentSize = nonNegativeInteger(image, Offset.SEGMENT_SIZE);
  const rollEvery = nonNegativeInteger(image, Offset.ROLL_EVERY);
  const retainSegments = nonNegativeInteger(image, Offset.RETAIN_SEGMENTS);
  const retainBytes = nonNegativeInteger(image, Offset.RETAIN_BYTES);
  const retainAge = nonNegativeInteger(image, Offset.RETAIN_AGE);
  const recycleSegments = nonNegativeInteger(image, Offset.RECYCLE_SEGMENTS);
  const segmentFill = image.readUInt32LE(Offset.SEGMENT_FILL);
  if (segmentSize < 0) throw corrupt('segment size', path);
  if (segmentSize === 0) {
    const any = rollEvery !== 0 || retainSegments !== 0 || retainBytes !== 0 || retainAge !== 0;
    if (any || recycleSegments !== 0 || segmentFill !== 0) {
      throw corrupt('segment setting in a single-file log', path);
    }
    return NO_SEGMENTS;
  }
  if (
    segmentSize < Limit.MIN_SEGMENT_SIZE ||
    segmentSize > Limit.MAX_SEGMENT_SIZE ||
    segmentSize % chunkSize !== 0 ||
    segmentSize < 2 * recordFootprint(format, maxRecordSize)
  ) {
    throw corrupt('segment size', path);
  }
  if (rollEvery < 0 || retainSegments < 0 || retainBytes < 0 || retainAge < 0) {
    throw corrupt('segment rolling or retention setting', path);
  }
  if (recycleSegments < 0 || recycleSegments > Limit.MAX_RECYCLE_SEGMENTS) {
    throw corrupt('number of segments to recycle', path);
  }
  // Recycled files are zeroed in place with FALLOC_FL_ZERO_RANGE, which would undo a zero fill.
  if (segmentFill > SegmentFill.ZEROS || (segmentFill === SegmentFill.ZEROS && recycleSegments > 0)) {
    throw corrupt('segment fill', path);
  }
  return { segmentSize, rollEvery, retainSegments, retainBytes, retainAge, recycleSegments, segmentFill };
}

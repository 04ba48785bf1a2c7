/**
 * The immutable identity of a log (cache line 0 of the control file):
 * encoding by the creator, and validation by everyone else before anything is
 * mapped or modified.
 * @module
 */
import { ErrorCode, MmlogError } from '../errors.js';
import { controlSize, FORMAT_ID, FORMAT_VERSION, type FormatName, Limit, MAGIC, Offset } from '../layout/control.js';
import { DATA_START } from '../layout/frame.js';

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
}

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
  return {
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

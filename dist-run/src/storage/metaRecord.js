/**
 * What a new data file starts with. A raw file starts empty; a framed file
 * starts with the META record, which names the log the file belongs to, so
 * that the data file describes itself even without its control file.
 * @module
 */
import { fdatasyncSync, readSync, writeSync } from 'node:fs';
import { ErrorCode, MmlogError } from '../errors.js';
import { FORMAT_VERSION } from '../layout/control.js';
import { FRAMED_DATA_START, HEADER_SIZE, lenWordOf, META_MAGIC, META_PAYLOAD_SIZE, META_POSITION, MetaOffset, RecordType, } from '../layout/frame.js';
import { crc32c, frameSeed, logIdRegister } from '../native/crc32c.js';
/** The META record of the framed log with this identity (see docs/format.md). */
export function encodeMetaRecord(identity) {
    const frame = Buffer.alloc(FRAMED_DATA_START - META_POSITION);
    frame.write(META_MAGIC, MetaOffset.MAGIC, 'latin1');
    frame.writeUInt32LE(FORMAT_VERSION, MetaOffset.VERSION);
    frame.writeUInt32LE(identity.logIdLo, MetaOffset.LOG_ID_LO);
    frame.writeUInt32LE(identity.logIdHi, MetaOffset.LOG_ID_HI);
    frame.writeDoubleLE(identity.createdAt, MetaOffset.CREATED_AT);
    const lenWord = lenWordOf(RecordType.META, META_PAYLOAD_SIZE);
    const seed = frameSeed(logIdRegister(identity.logIdLo, identity.logIdHi), META_POSITION, lenWord);
    frame.writeUInt32LE(crc32c(frame, HEADER_SIZE, META_PAYLOAD_SIZE, seed), MetaOffset.CRC);
    frame.writeUInt32LE(lenWord, MetaOffset.LEN_WORD);
    return frame;
}
/**
 * Writes what a new data file of this log starts with, and makes it durable
 * before the caller marks the data file ready (so that no crash leaves a
 * ready log without its META frame). Deterministic and idempotent: a process
 * repairing a log whose creator died may run it again. Refuses
 * (`ERR_MMLOG_WRONG_DATA`, nothing written) to write over anything but zeros
 * or the same frame: that file is not this log's.
 */
export function initializeDataFile(fd, identity, path) {
    if (identity.format !== 'framed')
        return;
    const meta = encodeMetaRecord(identity);
    const found = Buffer.alloc(meta.length);
    const n = readSync(fd, found, 0, found.length, META_POSITION);
    if (n === meta.length && found.equals(meta))
        return;
    if (!found.every((b) => b === 0)) {
        throw new MmlogError(ErrorCode.WRONG_DATA, "the data file already holds data that is not this log's META frame; it was not initialised", path);
    }
    writeSync(fd, meta, 0, meta.length, META_POSITION);
    fdatasyncSync(fd);
}
//# sourceMappingURL=metaRecord.js.map
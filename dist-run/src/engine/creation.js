/**
 * Opening a log, and creating it when it does not exist, safely against any
 * number of processes doing the same at the same instant.
 *
 * The seed had creators `ftruncate` a visible control file while waiters
 * polled `fstat` and an "initialised" flag. Here a half-made control file is
 * never visible at all: the creator writes the complete control file under a
 * private temporary name, fsyncs it, and publishes it with `link(2)`, which
 * fails with EEXIST for every creator but one. The losers open the winner's
 * file. What is left to the winner after publishing (creating the data file
 * and, for framed logs, writing its META record) is deterministic and
 * idempotent; the creator holds writer slot 0 while doing it, so if it dies
 * there, the next opener sees a dead slot 0 and finishes the job itself.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, constants as fsConstants, fstatSync, fsyncSync, linkSync, openSync, readdirSync, readSync, unlinkSync, writeSync, } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { ControlBlock } from '../control/controlBlock.js';
import { decodeControlImage, encodeControlImage } from '../control/header.js';
import { Flag, IDLE, Offset, SlotOffset, SlotRole } from '../control/layout.js';
import { ErrorCode, MmlogError } from '../errors.js';
import { formatByName } from '../formats/index.js';
import { native, PAGE_SIZE } from '../native.js';
import { BOOT_ID, processStartTime, SELF_START_TIME } from '../util/processIdentity.js';
import { sleepMs } from '../util/sleep.js';
import { controlPathOf } from './storage.js';
/** Slot index the creator occupies while it initialises the data file. */
const CREATOR_SLOT = 0;
function isErrno(error, code) {
    return error?.code === code;
}
/** Opens the log at `path`, creating it if it does not exist. */
export function openOrCreate(path, options) {
    const controlPath = controlPathOf(path);
    // Each round either opens an existing control file or races to create one;
    // losing the race means the next round finds the winner's file.
    for (let round = 0; round < 16; round++) {
        const existing = openExisting(path, controlPath, options);
        if (existing !== undefined)
            return existing;
        const created = create(path, controlPath, options);
        if (created !== undefined)
            return created;
    }
    throw new MmlogError(ErrorCode.CREATION_TIMEOUT, 'the control file keeps appearing and disappearing', controlPath);
}
/**
 * Opens and validates a control file, then maps it. Validation reads the file
 * with plain reads first: nothing is mapped or written until it is known to be
 * a complete control file of this version. When `writable` is asked for but
 * the file is read-only to us, it is opened read-only (for readers).
 */
export function openControl(controlPath, writable, check, fallBackToReadOnly = false) {
    let fd;
    let canWrite = writable;
    try {
        fd = openSync(controlPath, writable ? fsConstants.O_RDWR : fsConstants.O_RDONLY);
    }
    catch (error) {
        const denied = isErrno(error, 'EACCES') || isErrno(error, 'EROFS') || isErrno(error, 'EPERM');
        if (!writable || !fallBackToReadOnly || !denied)
            throw error;
        fd = openSync(controlPath, fsConstants.O_RDONLY);
        canWrite = false;
    }
    try {
        const size = fstatSync(fd).size;
        const image = Buffer.alloc(Math.min(size, Offset.SLOTS));
        readSync(fd, image, 0, image.length, 0);
        const identity = decodeControlImage(image, size, controlPath);
        check?.(identity);
        if (check !== undefined && (image.readUInt32LE(Offset.FLAGS) & Flag.PANICKED) !== 0) {
            throw new MmlogError(ErrorCode.PANICKED, 'the log was marked unusable; run `mmlog recover`', controlPath);
        }
        const control = new ControlBlock(native.mmap(fd, 0, size, canWrite, controlPath), identity);
        return { control, fd, writable: canWrite };
    }
    catch (error) {
        closeSync(fd);
        throw error;
    }
}
/** Opens an existing log for writing, or returns undefined if its control file does not exist. */
function openExisting(path, controlPath, options) {
    let opened;
    try {
        opened = openControl(controlPath, true, (identity) => checkSettings(identity, options, controlPath));
    }
    catch (error) {
        if (isErrno(error, 'ENOENT'))
            return undefined;
        throw error;
    }
    const { control, fd: controlFd } = opened;
    try {
        awaitData(control, path, options.creationTimeout);
        const dataFd = openData(path, control);
        return { control, controlFd, controlPath, dataFd, dataPath: path, creatorSlot: undefined };
    }
    catch (error) {
        control.close(controlFd);
        throw error;
    }
}
/** Refuses to open a log whose fixed settings differ from ones the caller asked for. */
function checkSettings(identity, options, controlPath) {
    const pairs = [
        ['format', options.format, identity.format],
        ['chunkSize', options.chunkSize, identity.chunkSize],
        ['maxRecordSize', options.maxRecordSize, identity.maxRecordSize],
        ['slots', options.slots, identity.slotCount],
    ];
    for (const [name, asked, actual] of pairs) {
        if (options.explicit.has(name) && asked !== actual) {
            throw new MmlogError(ErrorCode.OPTION_MISMATCH, `the log exists with ${name} ${String(actual)}, not ${String(asked)}`, controlPath);
        }
    }
}
/**
 * Waits, with bounded back-off, until the creator has initialised the data
 * file; finishes the job if the creator died first.
 */
function awaitData(control, path, timeout) {
    const deadline = Date.now() + timeout;
    for (let delay = 1; !control.dataReady; delay = Math.min(delay * 2, 50)) {
        const creator = control.readSlot(CREATOR_SLOT);
        if (!creator.alive) {
            initializeData(control, path);
            return;
        }
        if (Date.now() >= deadline) {
            throw new MmlogError(ErrorCode.CREATION_TIMEOUT, `process ${creator.pid} is creating the log and has not finished after ${timeout} ms`, path);
        }
        sleepMs(delay);
    }
}
/** Creates (if needed) and initialises the data file, then marks it ready. Idempotent. */
function initializeData(control, path) {
    const fd = openSync(path, fsConstants.O_RDWR | fsConstants.O_CREAT, 0o644);
    try {
        formatByName(control.identity.format).initializeData(fd, control.identity, path);
    }
    finally {
        closeSync(fd);
    }
    control.setFlag(Flag.DATA_READY);
}
function openData(path, control) {
    try {
        return openSync(path, fsConstants.O_RDWR);
    }
    catch (error) {
        if (!isErrno(error, 'ENOENT'))
            throw error;
        if (control.cursor() > control.identity.dataStart) {
            throw new MmlogError(ErrorCode.DATA_MISSING, 'the control file records data, but the data file is missing', path);
        }
        // Nothing was ever written: re-creating the data file loses nothing.
        initializeData(control, path);
        return openSync(path, fsConstants.O_RDWR);
    }
}
/** Tries to create the log; returns undefined if another process published first. */
function create(path, controlPath, options) {
    // Opening the data file first makes a missing directory fail with the
    // caller's own path in the ENOENT error.
    const dataFd = openSync(path, fsConstants.O_RDWR | fsConstants.O_CREAT, 0o644);
    try {
        const formatName = options.format ?? 'raw';
        const format = formatByName(formatName);
        const existingSize = fstatSync(dataFd).size;
        let initialCursor = format.dataStart;
        if (existingSize > 0) {
            // Our creators publish the control file before writing any data, so
            // data here means either a creator just won the race (its control file
            // exists now: open it) or the data predates any control file.
            if (existsSync(controlPath)) {
                closeSync(dataFd);
                return undefined;
            }
            if (formatName !== 'raw') {
                throw new MmlogError(ErrorCode.NEEDS_RECOVERY, 'the data file holds records but has no control file; run `mmlog recover`', path);
            }
            // A raw log is an ordinary file: appending continues after its bytes.
            initialCursor = existingSize;
        }
        const id = randomBytes(8);
        const identity = {
            format: formatName,
            chunkSize: options.chunkSize,
            maxRecordSize: options.maxRecordSize,
            slotCount: options.slots,
            logIdLo: id.readUInt32LE(0),
            logIdHi: id.readUInt32LE(4),
            createdAt: Date.now(),
            dataStart: format.dataStart,
            pageSize: PAGE_SIZE,
        };
        const image = encodeControlImage(identity, initialCursor);
        image.writeBigInt64LE(BigInt(existingSize), Offset.ALLOCATED);
        BOOT_ID.copy(image, Offset.BOOT_ID);
        writeCreatorSlot(image);
        removeStaleTemporaries(controlPath);
        if (!publish(image, controlPath)) {
            // Lost the race: the winner's data file is the same file; only our fd is ours to close.
            closeSync(dataFd);
            return undefined;
        }
        const controlFd = openSync(controlPath, fsConstants.O_RDWR);
        let control;
        try {
            control = new ControlBlock(native.mmap(controlFd, 0, image.length, true, controlPath), identity);
            format.initializeData(dataFd, identity, path);
            control.setFlag(Flag.DATA_READY);
        }
        catch (error) {
            closeSync(controlFd);
            throw error;
        }
        return { control, controlFd, controlPath, dataFd, dataPath: path, creatorSlot: CREATOR_SLOT };
    }
    catch (error) {
        closeSync(dataFd);
        throw error;
    }
}
function writeCreatorSlot(image) {
    const base = Offset.SLOTS + CREATOR_SLOT * 64;
    image.writeInt32LE(process.pid, base + SlotOffset.PID);
    image.writeUInt32LE(threadId, base + SlotOffset.THREAD_ID);
    image.writeDoubleLE(SELF_START_TIME, base + SlotOffset.START_TIME);
    image.writeDoubleLE(IDLE, base + SlotOffset.CLAIM_FLOOR);
    image.writeDoubleLE(IDLE, base + SlotOffset.CLAIM_POS);
    image.writeDoubleLE(Date.now(), base + SlotOffset.OPENED_AT);
    image.writeUInt32LE(SlotRole.WRITER, base + SlotOffset.ROLE);
}
const TEMP_MARK = '.tmp-';
/** Writes the complete control file privately, then links it into place. False if another creator won. */
function publish(image, controlPath) {
    const temporary = `${controlPath}${TEMP_MARK}${process.pid}-${threadId}-${randomBytes(4).toString('hex')}`;
    const fd = openSync(temporary, 'wx', 0o644);
    try {
        writeSync(fd, image, 0, image.length, 0);
        fsyncSync(fd);
    }
    finally {
        closeSync(fd);
    }
    try {
        linkSync(temporary, controlPath);
    }
    catch (error) {
        if (isErrno(error, 'EEXIST'))
            return false;
        throw error;
    }
    finally {
        unlinkSync(temporary);
    }
    syncDirectory(dirname(controlPath));
    return true;
}
/** Makes a new directory entry durable. */
function syncDirectory(directory) {
    let fd;
    try {
        fd = openSync(directory, fsConstants.O_RDONLY | fsConstants.O_DIRECTORY);
        fsyncSync(fd);
    }
    catch {
        // Some filesystems refuse fsync on directories; the entry is still there.
    }
    finally {
        if (fd !== undefined)
            closeSync(fd);
    }
}
/** Removes temporary control files left by creators that died before publishing. */
function removeStaleTemporaries(controlPath) {
    const prefix = basename(controlPath) + TEMP_MARK;
    let names;
    try {
        names = readdirSync(dirname(controlPath));
    }
    catch {
        return;
    }
    for (const name of names) {
        if (!name.startsWith(prefix))
            continue;
        const pid = Number.parseInt(name.slice(prefix.length), 10);
        if (Number.isInteger(pid) && processStartTime(pid) === undefined) {
            try {
                unlinkSync(join(dirname(controlPath), name));
            }
            catch {
                // Another process removed it first.
            }
        }
    }
}
//# sourceMappingURL=creation.js.map
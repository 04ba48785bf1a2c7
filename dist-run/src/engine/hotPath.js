/**
 * The per-record primitives of an append, checked: the 64-bit fetch-add that
 * claims space, CRC32C over mapped bytes, the copy of a string into the
 * mapping, and the commit of a frame. The native side (`native/hotPath.cc`)
 * makes them V8 fast API calls, ~5–20 ns each on Node 20 where the JavaScript
 * equivalents cost 30–100 ns; being fast calls, they cannot throw, so this
 * module turns their -1 into an error.
 *
 * Strings are written in one of three ways, decided by {@link StringStager.measure}
 * before the claim (which needs the byte length) and carried out by
 * {@link StringStager.write} or {@link StringStager.writeFrame} after it:
 * - an ASCII string of up to 8 characters, or a flat ASCII string (the usual
 *   log line once V8 has it flat) is copied from V8's own one-byte storage:
 *   one fast call measures (none for the short ones), one copies — and for a
 *   frame also checksums and commits;
 * - any other string up to a third of the scratch buffer (built by
 *   concatenation, or not ASCII) is encoded once into a scratch buffer by
 *   `measure` (an ordinary native call: V8 passes fast calls flat strings
 *   only), then copied from there;
 * - longer ones are encoded by `Buffer.write`, whose fixed cost no longer
 *   matters at that size.
 * @module
 */
import { ErrorCode, MmlogError } from '../errors.js';
import { crc32cShort, NATIVE_CRC_THRESHOLD } from '../formats/crc32c.js';
import { HEADER_SIZE as FRAME_HEADER_SIZE } from '../formats/frame.js';
import { native } from '../native.js';
/** `seed` value that asks the copy functions for no checksum. */
export const NO_CHECKSUM = -1;
// Called as plain functions: a property load from the addon's exports object
// (a dictionary-mode object) goes through an inline cache miss every time.
const { fetchAdd64: nativeFetchAdd64, crc32cShared: nativeCrc32cShared, measureString: nativeMeasureString, writeAscii: nativeWriteAscii, copyShared: nativeCopyShared, commitFrame: nativeCommitFrame, writeAsciiFrame: nativeWriteAsciiFrame, copyFrame: nativeCopyFrame, } = native;
/** Bytes of the scratch buffer strings are staged in: strings up to a third of it are staged. */
const SCRATCH_SIZE = 192 * 1024;
/**
 * Strings up to this many characters are checked for ASCII in JavaScript
 * (~0.5 ns a character) rather than by `measureString` (~5 ns a call).
 * Such short strings are always written directly: V8 copies short
 * concatenations and slices into flat strings, and the ordinary callback of
 * `writeAscii*` handles any other kind correctly, being given ASCII.
 */
const SHORT_STRING = 8;
const DIRECT = 1;
const STAGED = 2;
const ENCODE = 3;
function failed(what) {
    // Unreachable unless a caller passes a range outside its own window: a bug, never bad user input.
    return new MmlogError(ErrorCode.INTERNAL, `${what}: arguments outside the mapping`);
}
/** Atomically adds `delta` to the int64 at byte `offset` of `buffer`; returns its previous value. */
export function fetchAdd64(buffer, offset, delta) {
    const previous = nativeFetchAdd64(buffer, offset, delta);
    if (previous < 0)
        throw failed('fetchAdd64');
    return previous;
}
/** CRC32C extending `seed` over `length` bytes of `buffer` at `offset`. */
export function crc32cShared(buffer, offset, length, seed) {
    const crc = nativeCrc32cShared(buffer, offset, length, seed);
    if (crc < 0)
        throw failed('crc32cShared');
    return crc;
}
/**
 * CRC32C extending `seed` over `length` mapped bytes at `offset` (`u8` views
 * `buffer`): in JavaScript when they are too few to be worth a native call.
 * What framed writers and frame checks both use for a payload.
 */
export function crc32cMapped(buffer, u8, offset, length, seed) {
    return length < NATIVE_CRC_THRESHOLD
        ? crc32cShort(seed, u8, offset, length)
        : crc32cShared(buffer, offset, length, seed);
}
/**
 * Commits the framed record at `offset` of the store's window, whose `length`
 * payload bytes are in place: its CRC32C, then its lenWord with a release
 * store (see {@link native.commitFrame}).
 */
export function commitFrame(store, offset, length, idRegister, pos, lenWord) {
    if (nativeCommitFrame(store.sab, offset, length, idRegister, pos, lenWord) < 0) {
        throw failed('commitFrame');
    }
}
/**
 * Measures and writes strings as UTF-8. One per thread: an append measures
 * and writes with no other append in between, so the scratch buffer and the
 * decision are never shared by two records.
 */
export class StringStager {
    scratch;
    source = ENCODE;
    /** The UTF-8 byte length of `text`; prepares {@link write}. */
    measure(text) {
        const count = text.length;
        if (count <= SHORT_STRING) {
            // A few characters are checked here for less than the native call costs.
            let ascii = 0;
            for (let i = 0; i < count; i++)
                ascii |= text.charCodeAt(i);
            if (ascii < 0x80) {
                this.source = DIRECT;
                return count;
            }
        }
        this.scratch ??= new SharedArrayBuffer(SCRATCH_SIZE);
        const n = nativeMeasureString(text, this.scratch);
        if (n >= 0) {
            this.source = DIRECT;
            return n;
        }
        if (n <= -2) {
            this.source = STAGED;
            return -n - 2;
        }
        this.source = ENCODE;
        return Buffer.byteLength(text, 'utf8');
    }
    /**
     * Writes the string last measured (`text`, `length` bytes) at `offset` of
     * the store's window. Returns the CRC32C of the bytes extending `seed`, or
     * 0 with {@link NO_CHECKSUM}.
     */
    write(store, text, offset, length, seed) {
        const target = store.sab;
        const checksum = seed === NO_CHECKSUM ? 0 : 1;
        let result;
        if (this.source === DIRECT) {
            result = nativeWriteAscii(text, target, offset, checksum, seed);
        }
        else if (this.source === STAGED) {
            result = nativeCopyShared(this.scratch, 0, target, offset, length, checksum, seed);
        }
        else {
            // A string whose UTF-8 length equals its length is ASCII: Latin-1 then
            // copies the bytes without running the UTF-8 encoder.
            store.buf.write(text, offset, length, length === text.length ? 'latin1' : 'utf8');
            result = checksum === 0 ? 0 : nativeCrc32cShared(target, offset, length, seed);
        }
        if (result < 0)
            throw failed('string write');
        return result;
    }
    /**
     * Writes the string last measured (`text`, `length` bytes) as the payload
     * of the frame at `offset` of the store's window and commits the frame
     * (see {@link commitFrame}): for an ASCII string, one native call.
     */
    writeFrame(store, text, offset, length, idRegister, pos, lenWord) {
        const target = store.sab;
        let result;
        if (this.source === DIRECT) {
            result = nativeWriteAsciiFrame(text, target, offset, idRegister, pos, lenWord);
        }
        else if (this.source === STAGED) {
            const scratch = this.scratch;
            result = nativeCopyFrame(scratch, 0, target, offset, length, idRegister, pos, lenWord);
        }
        else {
            this.write(store, text, offset + FRAME_HEADER_SIZE, length, NO_CHECKSUM);
            result = nativeCommitFrame(target, offset, length, idRegister, pos, lenWord);
        }
        if (result < 0)
            throw failed('frame write');
    }
}
/** The stager of this thread. */
export const stringStager = new StringStager();
//# sourceMappingURL=hotPath.js.map
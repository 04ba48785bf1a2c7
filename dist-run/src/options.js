/**
 * Options of {@link open}, their defaults and their validation (the shared
 * checks of util/arguments.ts). Out-of-range values are refused with a
 * RangeError, wrong types and unknown names with a TypeError, before any file
 * is touched.
 * @module
 */
import { DEFAULT_SLOT_COUNT, Limit } from './layout/control.js';
import { PAGE_SIZE } from './native/binding.js';
import { boolean, checkOptions, integerIn, oneOf } from './util/arguments.js';
const KiB = 1024;
const MiB = 1024 * KiB;
const HOUR = 3_600_000;
const PERIODS = { hour: HOUR, day: 24 * HOUR };
const RETENTION_CHECKS = {
    maxSegments: integerIn(1, Number.MAX_SAFE_INTEGER),
    maxBytes: integerIn(1, Number.MAX_SAFE_INTEGER),
    maxAgeMs: integerIn(1, Number.MAX_SAFE_INTEGER),
};
/** The check of each option of {@link open} that concerns the log (`onRecovery` is `open()`'s own). */
export const SETTING_CHECKS = {
    format: oneOf('raw', 'framed'),
    chunkSize: integerIn(64 * KiB, Limit.MAX_CHUNK_SIZE),
    maxRecordSize: integerIn(1, Limit.MAX_RECORD_SIZE),
    maxResident: integerIn(1 * MiB, 2 ** 40),
    slots: integerIn(Limit.MIN_SLOT_COUNT, Limit.MAX_SLOT_COUNT),
    creationTimeout: integerIn(0, 3_600_000),
    windowSize: integerIn(64 * KiB, 2048 * MiB),
    hugePages: boolean,
    mode: integerIn(0, 0o777),
    segmentSize: integerIn(Limit.MIN_SEGMENT_SIZE, Limit.MAX_SEGMENT_SIZE),
    rollEvery: (name, value) => {
        if (typeof value === 'string')
            oneOf(...Object.keys(PERIODS))(name, value);
        else
            integerIn(1, 366 * 24 * HOUR)(name, value);
    },
    retention: (_name, value) => {
        checkOptions('open', value, RETENTION_CHECKS);
    },
};
/** Validates `options` (as `open()`'s) and fills in defaults. */
export function resolveOptions(options) {
    const given = checkOptions('open', options, SETTING_CHECKS);
    const explicit = new Set(Object.keys(given));
    const format = given.format;
    const segmentSize = given.segmentSize ?? 0;
    if (segmentSize % (64 * KiB) !== 0) {
        throw new RangeError(`option 'segmentSize' must be a multiple of 64 KiB, got ${segmentSize}`);
    }
    const chunkSize = given.chunkSize ?? defaultChunkSize(segmentSize);
    if (chunkSize % PAGE_SIZE !== 0) {
        throw new RangeError(`option 'chunkSize' must be a multiple of the page size (${PAGE_SIZE}), got ${chunkSize}`);
    }
    // A record never straddles two segments: the default leaves room for two of the largest in one.
    const maxRecordSize = given.maxRecordSize ?? (segmentSize === 0 ? 16 * MiB : Math.min(16 * MiB, segmentSize / 2 - 64));
    const segments = resolveSegments(given, segmentSize, chunkSize, maxRecordSize);
    const maxResident = given.maxResident ?? 64 * MiB;
    const slots = given.slots ?? DEFAULT_SLOT_COUNT;
    const creationTimeout = given.creationTimeout ?? 10_000;
    const windowSize = given.windowSize ?? 1024 * MiB;
    if (windowSize % chunkSize !== 0) {
        throw new RangeError(`option 'windowSize' (${windowSize}) must be a multiple of chunkSize (${chunkSize})`);
    }
    const hugePages = given.hugePages ?? true;
    const mode = given.mode ?? 0o640;
    if ((mode & 0o600) !== 0o600) {
        throw new RangeError(`option 'mode' must let the owner read and write (0o600), got 0o${mode.toString(8)}`);
    }
    return {
        format,
        chunkSize,
        maxRecordSize,
        maxResident,
        slots,
        creationTimeout,
        windowSize,
        hugePages,
        mode,
        ...segments,
        explicit,
    };
}
/** The default chunk: 8 MiB, halved until it divides the segment size (a multiple of 64 KiB). */
function defaultChunkSize(segmentSize) {
    let chunk = 8 * MiB;
    while (segmentSize > 0 && segmentSize % chunk !== 0)
        chunk /= 2;
    return chunk;
}
/** The segment settings, checked against each other (their types and ranges were checked with the others). */
function resolveSegments(given, segmentSize, chunkSize, maxRecordSize) {
    if (segmentSize > 0 && segmentSize % chunkSize !== 0) {
        throw new RangeError(`option 'segmentSize' (${segmentSize}) must be a multiple of chunkSize (${chunkSize})`);
    }
    // Framed records take a header and alignment: 8 + length rounded up to 8.
    if (segmentSize > 0 && 2 * (maxRecordSize + 16) > segmentSize) {
        throw new RangeError(`option 'segmentSize' (${segmentSize}) must hold two of the largest records (maxRecordSize ${maxRecordSize})`);
    }
    const { rollEvery, retention } = given;
    return {
        segmentSize,
        rollEvery: typeof rollEvery === 'string' ? PERIODS[rollEvery] : (rollEvery ?? 0),
        retainSegments: retention?.maxSegments ?? 0,
        retainBytes: retention?.maxBytes ?? 0,
        retainAge: retention?.maxAgeMs ?? 0,
    };
}
/**
 * The resident window must hold the chunk being written, the one prefaulted
 * ahead of it, the one a record may straddle into, and one maximum record.
 */
export function checkResidentWindow(chunkSize, maxFrame, maxResident) {
    const needed = 3 * chunkSize + maxFrame;
    if (needed > maxResident) {
        throw new RangeError(`option 'maxResident' (${maxResident}) must be at least 3 × chunkSize + the largest record (${needed})`);
    }
}
//# sourceMappingURL=options.js.map
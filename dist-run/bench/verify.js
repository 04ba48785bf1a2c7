/**
 * After every run, the output file is read back and checked: every writer's
 * records present exactly as many times as it appended them, byte for byte,
 * and nothing else in the file. A run that fails this is reported as FAILED,
 * never as a number.
 * @module
 */
import { readFileSync } from 'node:fs';
import { FRAMED_DATA_START, frameSize, HEADER_SIZE, LENGTH_MASK, RecordType, TYPE_SHIFT } from '../src/layout/frame.js';
import { crc32c, frameSeed, logIdRegister } from '../src/native/crc32c.js';
import { BLOCK } from './methods/oDirect.js';
import { recordBytes } from './payload.js';
/**
 * Checks the file at `path`; returns a description of the first problem, or
 * undefined when each of the workload's writers has exactly `perWriter` intact records.
 */
export function verifyOutput(kind, path, workload, writers, perWriter) {
    const file = readFileSync(path);
    const counts = new Array(writers.length).fill(0);
    const records = writers.map((w) => recordBytes(w.worker, workload.size));
    const problem = kind === 'raw'
        ? checkRaw(file, records, counts)
        : kind === 'framed'
            ? checkFramed(file, records, counts)
            : kind === 'odirect'
                ? checkBlocks(file, records, counts)
                : checkPinoLines(file, writers, counts);
    if (problem !== undefined)
        return problem;
    const wrong = counts.findIndex((c) => c !== perWriter);
    if (wrong >= 0)
        return `writer ${wrong} has ${counts[wrong]} records, expected ${perWriter}`;
    return undefined;
}
/** Which writer's record starts at `pos`, if an intact one does. */
function recordAt(file, pos, records) {
    const writer = file[pos] - 97;
    const record = records[writer];
    if (record === undefined || pos + record.length > file.length)
        return -1;
    return record.compare(file, pos, pos + record.length) === 0 ? writer : -1;
}
/** Raw append: the file is exactly the records, back to back. */
function checkRaw(file, records, counts) {
    const size = records[0].length;
    if (file.length % size !== 0)
        return `file length ${file.length} is not a multiple of the record size ${size}`;
    for (let pos = 0; pos < file.length; pos += size) {
        const writer = recordAt(file, pos, records);
        if (writer < 0)
            return `no intact record at byte ${pos}`;
        counts[writer]++;
    }
    return undefined;
}
/** Framed: the META record, then committed DATA frames with the right length, bytes and CRC. */
function checkFramed(file, records, counts) {
    if (file.length < FRAMED_DATA_START || file.readUInt32LE(0) >>> TYPE_SHIFT !== RecordType.META) {
        return 'no META record at position 0';
    }
    const idRegister = logIdRegister(file.readUInt32LE(HEADER_SIZE + 16), file.readUInt32LE(HEADER_SIZE + 20));
    let pos = FRAMED_DATA_START;
    while (pos < file.length) {
        if (pos + HEADER_SIZE > file.length)
            return `truncated header at ${pos}`;
        const lenWord = file.readUInt32LE(pos);
        const type = lenWord >>> TYPE_SHIFT;
        const length = lenWord & LENGTH_MASK;
        if (type !== RecordType.DATA)
            return `record of type ${type} at ${pos}`;
        if (length !== records[0].length)
            return `payload length ${length} at ${pos}`;
        const crc = crc32c(file, pos + HEADER_SIZE, length, frameSeed(idRegister, pos, lenWord));
        if (crc !== file.readUInt32LE(pos + 4))
            return `CRC mismatch at ${pos}`;
        const writer = recordAt(file, pos + HEADER_SIZE, records);
        if (writer < 0)
            return `wrong payload at ${pos}`;
        counts[writer]++;
        pos += frameSize(length);
    }
    return pos === file.length ? undefined : `last frame overruns the file end`;
}
/** O_DIRECT: whole 4096-byte blocks of records, each block's tail zero. */
function checkBlocks(file, records, counts) {
    if (file.length % BLOCK !== 0)
        return `file length ${file.length} is not a multiple of ${BLOCK}`;
    const size = records[0].length;
    for (let block = 0; block < file.length; block += BLOCK) {
        let pos = block;
        while (pos + size <= block + BLOCK && file[pos] !== 0) {
            const writer = recordAt(file, pos, records);
            if (writer < 0)
                return `no intact record at byte ${pos}`;
            counts[writer]++;
            pos += size;
        }
        for (; pos < block + BLOCK; pos++)
            if (file[pos] !== 0)
                return `non-zero padding at byte ${pos}`;
    }
    return undefined;
}
/** pino: newline-terminated JSON lines, each with its writer's pid and exact message. */
function checkPinoLines(file, writers, counts) {
    const byPid = new Map();
    writers.forEach((w, index) => {
        const msg = String(w.facts.letter).repeat(Number(w.facts.msgLength));
        byPid.set(Number(w.facts.pid), { index, msg, lineBytes: Number(w.facts.lineBytes) });
    });
    let start = 0;
    while (start < file.length) {
        const nl = file.indexOf(10, start);
        if (nl < 0)
            return `unterminated line at byte ${start}`;
        let entry;
        try {
            entry = JSON.parse(file.toString('utf8', start, nl));
        }
        catch {
            return `invalid JSON line at byte ${start}`;
        }
        const writer = byPid.get(Number(entry.pid));
        if (writer === undefined || entry.msg !== writer.msg || entry.level !== 30)
            return `unexpected line at ${start}`;
        if (nl + 1 - start !== writer.lineBytes)
            return `line at ${start} has ${nl + 1 - start} bytes, not ${writer.lineBytes}`;
        counts[writer.index]++;
        start = nl + 1;
    }
    return undefined;
}
//# sourceMappingURL=verify.js.map
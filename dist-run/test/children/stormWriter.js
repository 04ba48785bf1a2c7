/**
 * A writer of the SIGKILL storm: appends records as fast as it can and, after
 * each append returns, records the position it got in a side file (one
 * 16-byte write: atomic for a regular file), until it is killed.
 */
import { openSync, writeSync } from 'node:fs';
import { open } from '../../src/index.js';
import { stormPayload } from '../helpers/stormRecords.js';
const [path, sideFile, writerArg] = process.argv.slice(2);
const writer = Number(writerArg);
const log = open(path);
const side = openSync(sideFile, 'a');
const entry = Buffer.alloc(16);
process.send?.('writing');
for (let seq = 0;; seq++) {
    const pos = log.append(stormPayload(writer, seq));
    entry.writeDoubleLE(pos, 0);
    entry.writeUInt32LE(writer, 8);
    entry.writeUInt32LE(seq, 12);
    writeSync(side, entry);
}
//# sourceMappingURL=stormWriter.js.map
/**
 * A reader whose data file is cut while it reads. Run in a child so that a
 * SIGBUS, were it not turned into an error, would kill only this process.
 */
import { truncateSync } from 'node:fs';
import { open, read } from '../../src/index.js';
const [path, format] = process.argv.slice(2);
const log = open(path, { format });
for (let i = 0; i < 100_000; i++)
    log.append(`line ${String(i).padStart(8, '0')} ${'.'.repeat(80)}\n`);
log.close();
let records = 0;
let code;
let zeros = false;
try {
    for (const record of read(path)) {
        // Raw ranges are up to 1 MiB: cut after the second, well before the end.
        if (records === 2)
            truncateSync(path, 4096);
        if (Buffer.from(record.data).includes(0))
            zeros = true;
        records++;
    }
}
catch (error) {
    code = error.code ?? String(error);
}
process.send?.({ records, code, zeros }, () => process.disconnect());
//# sourceMappingURL=cutReader.js.map
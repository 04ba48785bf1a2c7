/**
 * A writer whose data file (or control file) is cut under it, as
 * `logrotate copytruncate` or `: > app.log` would. Run in a child so that a
 * SIGBUS, were it not turned into an error, would kill only this process.
 * Reports the errors its appends met and the file size after close().
 */
import { statSync, truncateSync } from 'node:fs';
import { open } from '../../src/index.js';
const [path, format, which] = process.argv.slice(2);
const log = open(path, { format, chunkSize: 64 * 1024 });
for (let i = 0; i < 1000; i++)
    log.append(`before the cut ${i}\n`);
truncateSync(which === 'data' ? path : `${path}.ctl`, 0);
const errors = [];
for (let i = 0; i < 3; i++) {
    try {
        log.append(`after the cut ${i}\n`);
        errors.push('none');
    }
    catch (error) {
        errors.push(error.code ?? String(error));
    }
}
log.close();
process.send?.({ errors, sizeAfterClose: statSync(path).size }, () => process.disconnect());
//# sourceMappingURL=truncator.js.map
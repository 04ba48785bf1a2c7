/**
 * Whether this kernel and the filesystem holding `dir` map a shared file
 * mapping with huge pages when asked (`MADV_HUGEPAGE`): the addon's
 * primitives only, none of mmlog's storage code. Reports the KiB mapped as
 * huge pages after populating 8 MiB.
 */
import { closeSync, openSync, rmSync } from 'node:fs';
import { native } from '../../src/native/binding.js';
import { mappingKiB } from '../helpers/smaps.js';
const path = `${process.argv[2]}/huge-probe`;
const size = 8 * 1024 * 1024;
const fd = openSync(path, 'w+');
let pmdMapped = 0;
try {
    native.fallocate(fd, 0, 0, size, path);
    const sab = native.mmap(fd, 0, size, true, path);
    try {
        native.madvise(sab, 0, size, native.constants.MADV_HUGEPAGE, path);
        native.madvise(sab, 0, size, native.constants.MADV_POPULATE_WRITE, path);
        pmdMapped = mappingKiB(path).pmdMapped;
    }
    catch {
        // No transparent huge pages in this kernel, or no MADV_POPULATE_WRITE: none mapped.
    }
    finally {
        native.unmap(sab);
    }
}
finally {
    closeSync(fd);
    rmSync(path);
}
process.send?.({ pmdMapped }, () => process.disconnect());
//# sourceMappingURL=hugePageProbe.js.map
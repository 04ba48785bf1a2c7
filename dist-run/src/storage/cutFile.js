/**
 * Telling that a log's file was cut outside mmlog (`logrotate copytruncate`,
 * `: > app.log`): found short when opened, or caught by a SIGBUS in a mapping
 * while open (`native/faultGuard.cc`).
 * @module
 */
import { ErrorCode, MmlogError } from '../errors.js';
import { native } from '../native/binding.js';
/** The error for a data file of `size` bytes whose log has claimed up to `claimed`. */
export function dataFileCut(path, size, claimed) {
    return new MmlogError(ErrorCode.DATA_SHRUNK, `the data file is ${size} bytes but the log has claimed ${claimed}: it was cut outside mmlog ` +
        '(e.g. logrotate copytruncate), and what lay past the cut is lost; run `mmlog recover` to ' +
        'continue from what remains', path);
}
/** Which of a log's mappings took a SIGBUS (its file was cut under it), if either. */
export function faultedFile(control, data) {
    if (native.mappingFaulted(control))
        return 'control';
    return data !== undefined && native.mappingFaulted(data) ? 'data' : undefined;
}
//# sourceMappingURL=cutFile.js.map
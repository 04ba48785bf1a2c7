/**
 * Says it is about to create the log, then creates it and idles; the test
 * kills it at a random instant of open(). (A writer killed while appending is
 * the dead-writer case, tested with the readers.)
 */
import { open } from '../../src/index.js';
const [path, format] = process.argv.slice(2);
process.send?.('opening');
open(path, { format: format });
process.send?.('opened');
setInterval(() => { }, 1000);
//# sourceMappingURL=creator.js.map
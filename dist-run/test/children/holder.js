/** Opens a log, appends one line, says so, and keeps the log open until killed. */
import { open } from '../../src/index.js';
const log = open(process.argv[2]);
log.append('held open by a child\n');
process.send?.('holding');
setInterval(() => { }, 1000);
//# sourceMappingURL=holder.js.map
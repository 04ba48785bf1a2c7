/**
 * A long-lived process for the creation race: for each round it waits until
 * an agreed instant, opens the (new) log, appends a few lines and closes.
 */
import { open } from '../../src/index.js';
import { sleepMs } from '../../src/util/sleep.js';
const id = Number(process.argv[2]);
process.on('message', (message) => {
    if (message === 'exit') {
        process.disconnect();
        return;
    }
    // Sleep most of the way, then spin, so that all openers start within a
    // fraction of a millisecond of each other.
    const wait = message.at - Date.now();
    if (wait > 3)
        sleepMs(wait - 3);
    while (Date.now() < message.at) {
        // spin
    }
    try {
        const log = open(message.path, { format: message.format });
        for (let i = 0; i < message.records; i++)
            log.append(`round ${message.round} opener ${id} line ${i}\n`);
        log.close();
        process.send?.({ ok: true, round: message.round });
    }
    catch (error) {
        process.send?.({ ok: false, round: message.round, error: String(error.stack) });
    }
});
process.send?.({ started: true });
//# sourceMappingURL=opener.js.map
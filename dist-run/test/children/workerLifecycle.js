/**
 * Runs worker threads that open a log and end in every way a worker can,
 * from a main thread that never loads the addon itself (as with a worker
 * pool whose main thread does not log). Reports how each worker ended, then
 * waits for the parent's word; the parent test checks that this process
 * survives it.
 */
import { Worker } from 'node:worker_threads';
const [path, mode, countText, slotsText] = process.argv.slice(2);
const count = Number(countText);
const slots = Number(slotsText);
const script = new URL('./workerAppender.js', import.meta.url);
const outcomes = [];
function runOne(index) {
    return new Promise((resolve) => {
        const workerMode = mode.startsWith('terminate') ? 'loop' : mode;
        const worker = new Worker(script, { workerData: { path, mode: workerMode, slots } });
        let outcome = 'no exit';
        worker.on('message', () => {
            // terminate-now: at once after open(); terminate: after up to 100 ms of appends.
            if (mode === 'terminate-now')
                void worker.terminate();
            else if (mode === 'terminate')
                setTimeout(() => void worker.terminate(), (index * 37) % 100);
        });
        worker.on('error', (error) => {
            outcome = `error: ${error.code ?? ''} ${error.message}`;
        });
        worker.on('exit', (code) => {
            if (outcome === 'no exit')
                outcome = `exit ${code}`;
            outcomes.push(outcome);
            resolve();
        });
    });
}
for (let i = 0; i < count; i++)
    await runOne(i);
// Stay alive until the parent has looked at the log from its own process:
// a slot is free for other processes only if this process freed it.
process.send?.({ outcomes });
process.once('message', () => process.disconnect());
//# sourceMappingURL=workerLifecycle.js.map
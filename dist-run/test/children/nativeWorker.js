/** Child side of the native-layer tests: atomics, futex waits and flock across processes. */
import { openSync } from 'node:fs';
import { native } from '../../src/native/binding.js';
const [mode, path, countArg] = process.argv.slice(2);
const fd = openSync(path, 'r+');
const sab = native.mmap(fd, 0, 4096, true, path);
const words = new Int32Array(sab);
if (mode === 'add') {
    process.once('message', () => {
        for (let i = 0; i < Number(countArg); i++)
            Atomics.add(words, 0, 1);
        process.send?.('done', () => process.disconnect());
    });
    process.send?.('ready');
}
else if (mode === 'wait') {
    // Sleeps on word 1 (async, on the threadpool) until the parent wakes it.
    native.futexWaitAsync(sab, 4, 0, 10_000).then((result) => {
        process.send?.({ result, value: Atomics.load(words, 1) }, () => process.disconnect());
    });
    process.send?.('waiting');
}
else if (mode === 'lock') {
    native.flock(fd, native.constants.LOCK_EX, path);
    process.send?.('locked');
    setInterval(() => { }, 1000);
}
//# sourceMappingURL=nativeWorker.js.map
/**
 * The machine a run happened on, for the report: numbers without it are
 * not comparable with anything.
 * @module
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, release, totalmem } from 'node:os';
function readOr(path, fallback) {
    try {
        return readFileSync(path, 'utf8');
    }
    catch {
        return fallback;
    }
}
/** The mount holding `dir`: the longest mount point that prefixes it. */
function filesystemOf(dir) {
    let best = { point: '', text: 'unknown' };
    for (const line of readOr('/proc/mounts', '').split('\n')) {
        const [device, point, type] = line.split(' ');
        if (point === undefined)
            continue;
        const inside = dir === point || dir.startsWith(point.endsWith('/') ? point : `${point}/`);
        if (inside && point.length >= best.point.length)
            best = { point, text: `${type} (${device} on ${point})` };
    }
    return best.text;
}
export function machineInfo(benchDir) {
    const model = /^model name\s*:\s*(.+)$/m.exec(readOr('/proc/cpuinfo', ''));
    return {
        cpus: availableParallelism(),
        cpuModel: model?.[1].trim() ?? 'unknown',
        kernel: release(),
        node: process.version,
        v8: process.versions.v8,
        memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
        filesystem: filesystemOf(benchDir),
        benchDir,
        date: new Date().toISOString(),
    };
}
//# sourceMappingURL=machine.js.map
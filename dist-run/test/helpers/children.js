/** Running real child processes for multi-process tests. */
import { fork, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
/** Path of a compiled child script in dist/test/children/. */
export function childScript(name) {
    return fileURLToPath(new URL(`../children/${name}.js`, import.meta.url));
}
/** Forks `name` with `args`, collects its IPC messages, resolves when it exits. */
export function runChild(name, args, options = {}) {
    return new Promise((resolve, reject) => {
        const child = fork(childScript(name), args, { stdio: ['ignore', 'inherit', 'pipe', 'ipc'], ...options });
        collect(child).then(resolve, reject);
    });
}
/** Collects messages and stderr of a forked child until it exits. */
export function collect(child) {
    return new Promise((resolve, reject) => {
        const messages = [];
        let stderr = '';
        child.on('message', (m) => messages.push(m));
        child.stderr?.on('data', (d) => {
            stderr += d.toString();
        });
        child.on('error', reject);
        child.on('exit', (code, signal) => resolve({ code, signal, messages, stderr }));
    });
}
/**
 * Like {@link runChild}, with limits: the child runs under `ulimit -f` (files
 * it writes cannot grow past `fileSizeKiB`: a runaway `fallocate` fails
 * instead of filling the disk), and is killed after `timeoutMs` (a child that
 * blocks fails its test instead of hanging it).
 */
export function runChildLimited(name, args, limits) {
    const child = spawn('bash', ['-c', `ulimit -f ${limits.fileSizeKiB} && exec "$0" "$@"`, process.execPath, childScript(name), ...args], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), limits.timeoutMs);
    return collect(child).finally(() => clearTimeout(timer));
}
//# sourceMappingURL=children.js.map
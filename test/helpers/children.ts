/** Running real child processes for multi-process tests. */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Path of a compiled child script in dist/test/children/. */
export function childScript(name: string): string {
  return fileURLToPath(new URL(`../children/${name}.js`, import.meta.url));
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  messages: unknown[];
  stderr: string;
}

/** Forks `name` with `args`, collects its IPC messages, resolves when it exits. */
export function runChild(name: string, args: string[], options: { execArgv?: string[] } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(childScript(name), args, { stdio: ['ignore', 'inherit', 'pipe', 'ipc'], ...options });
    collect(child).then(resolve, reject);
  });
}

/** Collects messages and stderr of a forked child until it exits. */
export function collect(child: ChildProcess): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const messages: unknown[] = [];
    let stderr = '';
    child.on('message', (m) => messages.push(m));
    child.stderr?.on('data', (d: Buffer) => {
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
export function runChildLimited(
  name: string,
  args: string[],
  limits: { fileSizeKiB: number; timeoutMs: number },
): Promise<ChildResult> {
  return runChildUnder(`ulimit -f ${limits.fileSizeKiB}`, [], name, args, limits.timeoutMs);
}

/**
 * Like {@link runChild}, as the machine would run it in its next boot (root
 * only): in a mount namespace of its own, where a file holding another boot
 * id is bind-mounted over `/proc/sys/kernel/random/boot_id`; killed after
 * `timeoutMs`. The mounts of this process are seen there too (the copy
 * namespaces start with), and nothing mounted there leaks out.
 */
export function runChildInNewBoot(
  name: string,
  args: string[],
  limits: { bootIdFile: string; timeoutMs: number },
): Promise<ChildResult> {
  const bind = `mount --bind "$BOOT_ID_FILE" /proc/sys/kernel/random/boot_id`;
  const unshare = ['unshare', '--mount', '--propagation', 'private', 'env', `BOOT_ID_FILE=${limits.bootIdFile}`];
  return runChildUnder(bind, unshare, name, args, limits.timeoutMs);
}

/** Forks the child script `name` through `bash -c 'SETUP && exec node …'` run by `prefix`, killed after `timeoutMs`. */
function runChildUnder(
  setup: string,
  prefix: string[],
  name: string,
  args: string[],
  timeoutMs: number,
): Promise<ChildResult> {
  const command = [...prefix, 'bash', '-c', `${setup} && exec "$0" "$@"`, process.execPath, childScript(name), ...args];
  const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return collect(child).finally(() => clearTimeout(timer));
}

/** Resolves once `stream` has produced output satisfying `done`. */
export function waitForOutput(stream: NodeJS.ReadableStream, done: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`timed out; output so far: ${JSON.stringify(text)}`)), 20_000);
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (done(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
  });
}

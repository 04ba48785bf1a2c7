/** Running `mmlog ship`/`replay` as processes and watching a shipper: its lag, its memory, its exit. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { stat } from '../../src/index.js';

/** The built CLI (tests run from dist/test). */
export const CLI = join(resolve(fileURLToPath(import.meta.url), '../../..'), 'src/cli/main.js');

/** `mmlog ARGS…` as a child process (stderr inherited unless `quiet`). */
export function mmlog(args: string[], quiet = false): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', quiet ? 'ignore' : 'inherit'] });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => (child.exitCode !== null ? done(child.exitCode) : child.once('exit', done)));
}

/** Its exit code (null: killed by a signal), or 'running' if it has not exited within `ms`. */
export function exitedWithin(child: ChildProcess, ms: number): Promise<number | null | 'running'> {
  return Promise.race([exited(child), sleep(ms).then(() => 'running' as const)]);
}

/** The lag in bytes of the named consumer `name` of the log at `path` (undefined: no such consumer yet). */
export function consumerLag(path: string, name = 'ship'): number | undefined {
  return stat(path).consumers.find((c) => c.name === name)?.lag;
}

/** Polls `check` every 50 ms until it holds; throws `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Anonymous resident memory of a process in bytes (its heap and buffers; not the log's mapped file pages). */
export function rssAnon(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('RssAnon:'));
  return Number(line?.split(/\s+/)[1]) * 1024;
}

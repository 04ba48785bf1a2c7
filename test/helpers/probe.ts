/** A follower in a child process (test/children/followerProbe.ts), driven over IPC. */
import { type ChildProcess, type ForkOptions, fork } from 'node:child_process';
import { childScript } from './children.js';

export type ProbeMessage =
  | { kind: 'following' | 'cpu-marked' }
  | { kind: 'record'; pos: number; text: string }
  | { kind: 'cpu'; micros: number; ms: number }
  | { kind: 'waits'; waits: number }
  | { kind: 'done'; records: number; error: string | null };

export class FollowerProbe {
  readonly child: ChildProcess;
  readonly records: { pos: number; text: string }[] = [];
  /** How the child ended, once it has. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly messages: ProbeMessage[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(path: string, from = 0, options: { readOnly?: boolean } = {}, forkOptions: ForkOptions = {}) {
    this.child = fork(childScript('followerProbe'), [path, String(from), JSON.stringify(options)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      ...forkOptions,
    });
    this.child.on('message', (message: ProbeMessage) => {
      if (message.kind === 'record') this.records.push({ pos: message.pos, text: message.text });
      else this.messages.push(message);
      for (const wake of this.waiters) wake();
    });
    this.child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      for (const wake of this.waiters) wake();
    });
  }

  /** Resolves with `find()` once it is defined; rejects after `timeoutMs` or if the child exits first. */
  waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found !== undefined) finish(() => resolve(found));
        else if (this.exit !== undefined) {
          const how = `code ${this.exit.code}, signal ${this.exit.signal}`;
          finish(() => reject(new Error(`follower exited (${how}) before ${what}`)));
        }
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`follower: no ${what} within ${timeoutMs} ms`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  waitForText(predicate: (text: string) => boolean, timeoutMs: number, what: string): Promise<{ pos: number }> {
    return this.waitFor(() => this.records.find((r) => predicate(r.text)), timeoutMs, what);
  }

  /** Takes the next unread message of `kind` (waiting for it). */
  message<K extends ProbeMessage['kind']>(kind: K, timeoutMs: number): Promise<Extract<ProbeMessage, { kind: K }>> {
    return this.waitFor(
      () => {
        const index = this.messages.findIndex((m) => m.kind === kind);
        if (index < 0) return undefined;
        return this.messages.splice(index, 1)[0] as Extract<ProbeMessage, { kind: K }>;
      },
      timeoutMs,
      `'${kind}' message`,
    );
  }

  /** Sends `command` and takes the reply of `kind`. */
  ask<K extends ProbeMessage['kind']>(command: string, kind: K): Promise<Extract<ProbeMessage, { kind: K }>> {
    this.child.send(command);
    return this.message(kind, 5000);
  }

  /** CPU time (ms) the follower uses over `ms` of wall time. */
  async cpuOver(ms: number): Promise<number> {
    await this.ask('cpu-mark', 'cpu-marked');
    await new Promise((r) => setTimeout(r, ms));
    const cpu = await this.ask('cpu-read', 'cpu');
    return cpu.micros / 1000;
  }

  /** Asks the follower to stop (its AbortSignal aborts); resolves with its report and how long it took. */
  async stop(): Promise<{ records: number; error: string | null; ms: number }> {
    const started = performance.now();
    this.child.send('stop');
    const done = await this.message('done', 5000);
    return { records: done.records, error: done.error, ms: performance.now() - started };
  }

  kill(): void {
    if (this.exit === undefined) this.child.kill('SIGKILL');
  }
}

/**
 * The parent's side of the benchmarks' forked processes: fork a compiled
 * script, exchange messages with it over the IPC channel, and release
 * several at one instant. The child's side is `bench/forked.ts`.
 *
 * Messages use the `advanced` serialization so that BigInt timestamps
 * (`process.hrtime.bigint()`, CLOCK_MONOTONIC on Linux: one clock for every
 * process) cross intact.
 * @module
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Lead time between the parent's "go" and the common start instant: room for the IPC to every child. */
export const START_LEAD_NS = 30_000_000n;

/** A message of either side: tagged by `type`. */
export interface Message {
  type: string;
}

/** What a child sends when it throws (see `runForked` in forked.ts). */
export interface FailedMessage {
  type: 'failed';
  error: string;
}

/** Parent → child: start at `at` (hrtime, ns). */
export interface GoAt {
  type: 'go';
  at: bigint;
}

/** A forked script and the messages it has sent, read in order. */
export class Child<In extends Message, Out extends Message> {
  readonly child: ChildProcess;
  private readonly queue: Out[] = [];
  private waiter: (() => void) | undefined;
  readonly exited: Promise<number | null>;
  stderr = '';

  /** `label` names the child in errors ("writer 2"). */
  constructor(
    script: string,
    readonly label = 'worker',
  ) {
    this.child = fork(script, [], {
      cwd: ROOT,
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.on('message', (m: Out) => {
      this.queue.push(m);
      this.waiter?.();
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.exited.then(() => this.waiter?.());
  }

  send(message: In): void {
    this.child.send(message);
  }

  /** The next message, whatever its type; a child that exits or reports failure first makes this throw. */
  async nextAny(): Promise<Out> {
    for (;;) {
      const m = this.queue.shift();
      if (m !== undefined) {
        if (m.type === 'failed') throw new Error(`${this.label} failed: ${(m as unknown as FailedMessage).error}`);
        return m;
      }
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        const code = this.child.exitCode ?? this.child.signalCode;
        throw new Error(`${this.label} exited (${code}): ${this.stderr.slice(-500)}`);
      }
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  /** The next message, which must be of `type`. */
  async next<T extends Out['type']>(type: T): Promise<Extract<Out, { type: T }>> {
    const m = await this.nextAny();
    if (m.type !== type) throw new Error(`${this.label}: expected '${type}', got '${m.type}'`);
    return m as Extract<Out, { type: T }>;
  }

  /** Kills the child if it still runs, and waits for its exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`run did not finish in ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Forks one child of `script` per setup, sends each its setup, waits until
 * every one reports `ready`, releases them all at one instant
 * ({@link START_LEAD_NS} ahead), and returns each one's report of `type`
 * once all have exited with code 0. Children still running after
 * `timeoutMs`, or when any fails, are killed.
 */
export async function runTogether<In extends Message, Out extends Message, T extends Out['type']>(
  script: string,
  setups: readonly In[],
  type: T,
  timeoutMs: number,
): Promise<Extract<Out, { type: T }>[]> {
  const children = setups.map((_, i) => new Child<In | GoAt, Out>(script, `worker ${i}`));
  try {
    return await withTimeout(
      (async () => {
        children.forEach((c, i) => {
          c.send(setups[i]);
        });
        for (const c of children) await c.next('ready' as Out['type']);
        const at = process.hrtime.bigint() + START_LEAD_NS;
        for (const c of children) c.send({ type: 'go', at });
        const reports = await Promise.all(children.map((c) => c.next(type)));
        const codes = await Promise.all(children.map((c) => c.exited));
        if (codes.some((code) => code !== 0)) throw new Error(`worker exit codes ${codes.join(',')}`);
        return reports;
      })(),
      timeoutMs,
    );
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
}

/** Last child's end − first child's start, ns (one clock: CLOCK_MONOTONIC). */
export function wallNs(reports: readonly { start: bigint; end: bigint }[]): number {
  let start = reports[0].start;
  let end = reports[0].end;
  for (const r of reports) {
    if (r.start < start) start = r.start;
    if (r.end > end) end = r.end;
  }
  return Number(end - start);
}

/**
 * The child's side of the benchmarks' forked processes (the parent's is
 * `bench/fork.ts`): messages to and from the parent, the start barrier, and
 * reporting a failure before exiting.
 * @module
 */

const hrtime = process.hrtime.bigint;

interface Message {
  type: string;
}

/** Sends `message` to the parent; resolves once it is handed to the channel. */
export function send<M extends Message>(message: M): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, undefined, {}, (e) => (e ? reject(e) : resolve())));
}

/** Messages from the parent, in arrival order. */
const inbox: Message[] = [];
let wake: (() => void) | undefined;
process.on('message', (message: Message) => {
  inbox.push(message);
  wake?.();
});

/** The next message from the parent, whatever its type. */
export async function nextMessage<M extends Message>(): Promise<M> {
  while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
  return inbox.shift()! as M;
}

/** The next message from the parent, which must be of `type`. */
export async function expectMessage<M extends Message, T extends M['type']>(type: T): Promise<Extract<M, { type: T }>> {
  const message = await nextMessage<M>();
  if (message.type !== type) throw new Error(`expected '${type}', got '${message.type}'`);
  return message as Extract<M, { type: T }>;
}

/**
 * Waits for the common start instant `at` (hrtime, ns): sleeps until
 * shortly before it, then spins, so every process leaves the barrier within
 * microseconds of the others. Returns whether `at` had already passed.
 */
export async function startAt(at: bigint): Promise<boolean> {
  const early = at - hrtime();
  if (early < 0n) return true;
  if (early > 3_000_000n) await new Promise((resolve) => setTimeout(resolve, Number(early - 3_000_000n) / 1e6));
  while (hrtime() < at) {
    // spin
  }
  return false;
}

/** Runs `main`; if it throws, reports the error to the parent (a `failed` message) and exits with code 1. */
export function runForked(main: () => Promise<void>): void {
  main().catch(async (error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    try {
      await send({ type: 'failed', error: text });
    } finally {
      process.exit(1);
    }
  });
}

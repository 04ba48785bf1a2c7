/**
 * `mmlog ship`: sends a segmented log to a NATS JetStream stream. Loads the
 * NATS client (`mmlog/nats`) only when run.
 * @module
 */
import { type Command, lostLine, parseCommand, parseCount, printError, UsageError } from '../output.js';

const options = {
  server: { type: 'string' },
  stream: { type: 'string' },
  subject: { type: 'string' },
  name: { type: 'string' },
  'create-stream': { type: 'boolean' },
  once: { type: 'boolean' },
  window: { type: 'string' },
} as const;

export const shipCommand: Command = {
  name: 'ship',
  summary: 'send a segmented log to a NATS JetStream stream, one message per record, until stopped',
  options,
  help: `Usage: mmlog ship PATH --server nats://HOST:PORT --stream NAME --subject SUBJECT
                  [--name CONSUMER] [--create-stream] [--once] [--window N]

Sends the records of the segmented log at PATH to the JetStream stream NAME on
SUBJECT (raw logs: one message per line), with headers Mmlog-Log (log id),
Mmlog-Pos (position) and Nats-Msg-Id <log id>:<position>, so the server drops
duplicates. Keeps its position in the log's named consumer CONSUMER (committed
after the server's acknowledgements: retention keeps what is not shipped, and
\`mmlog stat\` shows the lag); on start resumes after the last message of this log
on SUBJECT. Reconnects with backoff while the server is down. Runs until
interrupted (Ctrl-C, SIGTERM), then waits for the acknowledgements in flight.

Options:
  --server URL       the NATS server, nats://HOST:PORT (comma-separated for several)
  --stream NAME      the JetStream stream
  --subject SUBJECT  the subject to publish on (one per log)
  --name CONSUMER    the named consumer keeping the position (default ship)
  --create-stream    create the stream (on SUBJECT) if it does not exist
  --once             ship what the log holds now, then exit
  --window N         most messages awaiting acknowledgement (default 4096)
  -h, --help         show this help

Example:
  mmlog ship /var/log/app --server nats://localhost:4222 --stream LOGS --subject logs.app
`,
  run: runShip,
};

/** The values of --server, --stream and --subject, all required. */
export function natsTarget(values: { server?: string; stream?: string; subject?: string }, cmd: string) {
  const { server, stream, subject } = values;
  for (const [flag, value] of [
    ['--server', server],
    ['--stream', stream],
    ['--subject', subject],
  ]) {
    if (value === undefined) throw new UsageError(`missing ${flag} (see 'mmlog ${cmd} --help')`);
  }
  return { servers: (server as string).split(','), stream: stream as string, subject: subject as string };
}

async function runShip(args: string[]): Promise<number> {
  const { path, values } = parseCommand(args, options, 'ship');
  const target = natsTarget(values, 'ship');
  const window = parseCount(values.window, '--window', 4096);
  const { ship } = await import('../../integrations/nats/index.js');
  const shipper = ship(path, {
    ...target,
    ...(values.name === undefined ? {} : { name: values.name }),
    createStream: values['create-stream'] === true,
    once: values.once === true,
    window: Math.max(1, window),
  });
  shipper.on('disconnect', (error: Error) => printError(error, path, 'mmlog ship: disconnected, retrying'));
  shipper.on('lost', ({ start, end }: { start: number; end: number }) =>
    process.stderr.write(lostLine('mmlog ship', start, end)),
  );
  const stop = () => void shipper.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await shipper.start();
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    // Failed too: a connection attempt that timed out may have left its socket behind.
    exitOnceDone();
  }
  const { acked, position } = shipper.stats();
  process.stderr.write(`mmlog ship: ${acked} records acknowledged, position ${position}\n`);
  return 0;
}

/**
 * Makes sure the process ends within a second of the command's end, whether
 * it succeeded or failed. The NATS client does not close the socket of a
 * connection attempt that timed out waiting for the server's INFO (a server
 * that accepts and does not answer: stopped with SIGSTOP, or not a NATS
 * server at all, such as its HTTP monitoring port); connections probe such
 * servers first (`serverProbe.ts`), but the client's own reconnection
 * (`replay -f`) does not, and one such socket would keep the process forever.
 */
export function exitOnceDone(): void {
  setTimeout(() => process.exit(), 1000).unref();
}

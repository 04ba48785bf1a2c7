/**
 * `mmlog replay`: builds a local log from a NATS JetStream stream that
 * `mmlog ship` filled. Loads the NATS client (`mmlog/nats`) only when run.
 * @module
 */
import { type Command, parseCommand } from '../output.js';
import { exitOnceDone, natsTarget } from './ship.js';

const options = {
  server: { type: 'string' },
  stream: { type: 'string' },
  subject: { type: 'string' },
  follow: { type: 'boolean', short: 'f' },
  raw: { type: 'boolean' },
} as const;

export const replayCommand: Command = {
  name: 'replay',
  summary: 'build a local log from a NATS JetStream stream filled by ship (-f: and follow it)',
  options,
  help: `Usage: mmlog replay PATH --server nats://HOST:PORT --stream NAME --subject SUBJECT [-f] [--raw]

Appends the messages of SUBJECT in the JetStream stream NAME to the log at PATH
(created if missing), one record each, byte for byte, and records in
PATH.positions each record's stream sequence, original position and local
position. Run again, it goes on where it stopped.

Options:
  --server URL       the NATS server, nats://HOST:PORT (comma-separated for several)
  --stream NAME      the JetStream stream
  --subject SUBJECT  the subject ship published on
  -f, --follow       after the last message, wait for new ones until interrupted
  --raw              create PATH as a raw log (a raw source's lines, same bytes); default framed
  -h, --help         show this help

Example:
  mmlog replay /srv/mirror/app.log --server nats://logs:4222 --stream LOGS --subject logs.app --raw -f
`,
  run: runReplay,
};

async function runReplay(args: string[]): Promise<number> {
  const { path, values } = parseCommand(args, options, 'replay');
  const target = natsTarget(values, 'replay');
  const { replay } = await import('../../integrations/nats/index.js');
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const report = await replay(path, {
      ...target,
      follow: values.follow === true,
      signal: controller.signal,
      format: values.raw === true ? 'raw' : 'framed',
    });
    process.stderr.write(
      `mmlog replay: ${report.appended} records appended, ${report.reconciled} reconciled, last sequence ${report.lastSeq}\n`,
    );
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    // Failed too: a connection attempt that timed out may have left its socket behind.
    exitOnceDone();
  }
  return 0;
}

/**
 * Connecting to NATS JetStream and finding the stream, shared by the sink
 * and replay: the typed errors of a bad address and of a missing stream.
 * @module
 */
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ErrorCode, MmlogError } from '../../errors.js';
import { answeringServers } from './serverProbe.js';

/** Where the stream is: what `ship` and `replay` both take. */
export interface NatsTarget {
  /** The server(s): `nats://host:port` (or `host:port`), or a list. */
  servers: string | string[];
  /** The JetStream stream. */
  stream: string;
  /** The subject the log's messages are published on (one subject per log: it finds the log's last message). */
  subject: string;
  /** Timeout of connecting and of each request, in ms (default 5000). */
  timeoutMs?: number;
}

/** An open connection with its JetStream clients. */
export interface NatsSession {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/** The description of a target for messages. */
export function describeTarget(target: NatsTarget): string {
  const servers = Array.isArray(target.servers) ? target.servers.join(',') : target.servers;
  return `NATS ${servers} stream '${target.stream}'`;
}

/**
 * Connects and opens the JetStream clients, to the servers that answer a
 * probe first (see `serverProbe.ts`). Without `reconnect` (the shipper), a
 * lost connection closes it: the caller decides what that means.
 * @throws what the client throws for an unreachable server (not a MmlogError: the caller types it).
 */
export async function openSession(target: NatsTarget, reconnect = false): Promise<NatsSession> {
  const timeout = target.timeoutMs ?? 5000;
  const given = Array.isArray(target.servers) ? target.servers : [target.servers];
  const answering = await answeringServers(given, timeout);
  // Reconnecting: the client keeps its list for later, so every server stays in it, the one that
  // answered first (tried first, in this order).
  const servers = reconnect ? [...answering, ...given.filter((s) => !answering.includes(s))] : answering;
  const nc = await connect({
    servers,
    timeout,
    name: 'mmlog',
    ...(reconnect ? { reconnect: true, maxReconnectAttempts: -1, noRandomize: true } : { reconnect: false }),
  });
  try {
    const jsm = await jetstreamManager(nc, { timeout });
    return { nc, js: jetstream(nc, { timeout }), jsm };
  } catch (error) {
    await nc.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The stream's configuration, after checking that it exists (or creating
 * it when `create`) and that it takes the subject.
 * @throws MmlogError `ERR_MMLOG_NATS_STREAM_MISSING`; `ERR_MMLOG_SINK_REJECTED`
 *   for the server's other refusals (e.g. creating a stream whose subjects
 *   overlap another's).
 */
export async function findStream(
  session: NatsSession,
  target: NatsTarget,
  create: boolean,
): Promise<{ maxMsgSize: number }> {
  try {
    return await lookUpStream(session, target, create);
  } catch (error) {
    if (error instanceof MmlogError || !(error instanceof Error) || error.name !== 'JetStreamApiError') throw error;
    throw new MmlogError(ErrorCode.SINK_REJECTED, `${describeTarget(target)}: ${error.message}`, undefined, {
      cause: error,
    });
  }
}

async function lookUpStream(
  session: NatsSession,
  target: NatsTarget,
  create: boolean,
): Promise<{ maxMsgSize: number }> {
  const { jsm } = session;
  let info: Awaited<ReturnType<JetStreamManager['streams']['info']>>;
  try {
    info = await jsm.streams.info(target.stream);
  } catch (error) {
    if (!isStreamNotFound(error)) throw error;
    if (!create) {
      throw new MmlogError(
        ErrorCode.NATS_STREAM_MISSING,
        `${describeTarget(target)} does not exist (create it, or pass --create-stream / createStream: true)`,
        undefined,
        { cause: error },
      );
    }
    info = await jsm.streams.add({ name: target.stream, subjects: [target.subject] });
  }
  const owner = await jsm.streams.find(target.subject).catch(() => undefined);
  if (owner !== target.stream) {
    throw new MmlogError(
      ErrorCode.NATS_STREAM_MISSING,
      `${describeTarget(target)} does not take subject '${target.subject}'` +
        (owner === undefined ? '' : ` (stream '${owner}' does)`),
    );
  }
  return { maxMsgSize: info.config.max_msg_size ?? -1 };
}

function isStreamNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'StreamNotFoundError') return true;
  return /stream not found/i.test(error.message);
}

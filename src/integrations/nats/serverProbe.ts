/**
 * Which servers answer as a NATS server does, before the NATS client is let
 * near them. A NATS server speaks first: its INFO line, as soon as it
 * accepts. The client (`@nats-io/transport-node`) leaves the socket of an
 * attempt that timed out waiting for that line open for good — an address
 * that accepts and never answers (a stopped server, a load balancer with no
 * backend, an HTTP port) would cost the process a socket per attempt, and a
 * shipper retrying through an outage one every few seconds. So each
 * connection is preceded by a probe on sockets of mmlog's own, always
 * destroyed, and the client is given only the servers that answered.
 * @module
 */
import { createConnection } from 'node:net';

/** The port of a server given without one. */
const DEFAULT_PORT = 4222;
/** What a NATS server sends first. */
const INFO = 'INFO';

/** Host and port of a server as the client takes it (`nats://host:port`, `host:port`, `host`), if it parses. */
function hostAndPort(server: string): { host: string; port: number } | undefined {
  let url: URL;
  try {
    url = new URL(server.includes('://') ? server : `nats://${server}`);
  } catch {
    return undefined;
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') return undefined;
  return { host, port: url.port === '' ? DEFAULT_PORT : Number(url.port) };
}

/** Resolves with `undefined` once `host:port` sent INFO, or with why not (refused, closed, silent). */
function probe(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const finish = (outcome: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs);
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.length >= INFO.length) finish(received.startsWith(INFO) ? undefined : 'not a NATS server');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    socket.on('close', () => finish('closed the connection'));
  });
}

/**
 * The servers among `servers` that answered like a NATS server within
 * `timeoutMs` (probed at once, in parallel), in their order; servers the
 * probe cannot parse are kept, for the client to judge.
 * @throws Error naming each server and why, when none answered.
 */
export async function answeringServers(servers: string[], timeoutMs: number): Promise<string[]> {
  const outcomes = await Promise.all(
    servers.map((server) => {
      const address = hostAndPort(server);
      return address === undefined ? Promise.resolve(undefined) : probe(address.host, address.port, timeoutMs);
    }),
  );
  const answering = servers.filter((_, i) => outcomes[i] === undefined);
  if (answering.length > 0) return answering;
  throw new Error(`no NATS server answered (${servers.map((s, i) => `${s}: ${outcomes[i]}`).join('; ')})`);
}

/**
 * Which servers answer as a NATS server does, before the NATS client is let
 * near them. A NATS server speaks first: its INFO line, as soon as it
 * accepts. The client (`@nats-io/transport-node`) leaves the socket of an
 * attempt that timed out waiting for that line open for good — an address
 * that accepts and never answers (a stopped server, a load balancer with no
 * backend, an HTTP port) would cost the process a socket per attempt, and a
 * shipper retrying through an outage one every few seconds. So each
 * connection is preceded by a probe on sockets of mmlog's own, always
 * destroyed, and the client is given the servers that answered.
 *
 * Each address of a name is probed (the client resolves names itself and
 * tries every address); a name answers when one of its addresses does. The
 * first server to answer settles the probe (one silent server in a list does
 * not delay every connection by the timeout), after the server has closed the
 * probe's connection: a server one connection short of its `max_connections`
 * would otherwise refuse the client's.
 * @module
 */
import dns from 'node:dns';
import { createConnection, isIP, type Socket } from 'node:net';

/** The port of a server given without one. */
const DEFAULT_PORT = 4222;
/** What a NATS server sends first. */
const INFO = 'INFO';
/** How long an answered probe waits at most for the server to close its side. */
const CLOSE_WAIT_MS = 500;

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

/** Every address of `host` (itself when it is one), as the client would try them. */
function addressesOf(host: string): Promise<string[]> {
  if (isIP(host) !== 0) return Promise.resolve([host]);
  return new Promise((resolve, reject) => {
    // dns.lookup as the client calls it (the resolver of the system, /etc/hosts included).
    dns.lookup(host, { all: true }, (error, found) => {
      if (error !== null) reject(error);
      else resolve(found.map((entry) => entry.address));
    });
  });
}

/** The probes in flight, so that the first answer can end the others. */
interface ProbeRun {
  sockets: Set<Socket>;
  settled: boolean;
}

/**
 * Resolves with `undefined` once `address:port` sent INFO and then closed
 * the connection mmlog ended (or after a short wait for that), or with why
 * not (refused, closed, silent).
 */
function probe(run: ProbeRun, address: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: address, port });
    run.sockets.add(socket);
    let answered = false;
    let received = '';
    const finish = (outcome: string | undefined) => {
      clearTimeout(timer);
      run.sockets.delete(socket);
      socket.destroy();
      resolve(outcome);
    };
    let timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      if (answered) return;
      received += chunk.toString('latin1');
      if (received.length < INFO.length) return;
      if (!received.startsWith(INFO)) return finish('not a NATS server');
      // Answered: end this side and let the server close its own before the client connects.
      answered = true;
      clearTimeout(timer);
      timer = setTimeout(() => finish(undefined), CLOSE_WAIT_MS);
      socket.end();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(answered ? undefined : (error.code ?? error.message)));
    socket.on('close', () => finish(answered ? undefined : 'closed the connection'));
  });
}

/** Whether `server` answers: one of its addresses does. Unparseable servers are left to the client (answer). */
async function probeServer(run: ProbeRun, server: string, timeoutMs: number): Promise<string | undefined> {
  const target = hostAndPort(server);
  if (target === undefined) return undefined;
  let addresses: string[];
  try {
    addresses = await addressesOf(target.host);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
  if (run.settled) return 'not probed';
  return new Promise((resolve) => {
    let pending = addresses.length;
    const reasons: string[] = [];
    for (const address of addresses) {
      void probe(run, address, target.port, timeoutMs).then((outcome) => {
        if (outcome === undefined) resolve(undefined);
        else reasons.push(addresses.length > 1 ? `${address}: ${outcome}` : outcome);
        if (--pending === 0) resolve(reasons.join(', '));
      });
    }
    if (addresses.length === 0) resolve('no address');
  });
}

/**
 * The servers among `servers` that answered like a NATS server within
 * `timeoutMs`, in their order: settled by the first one that answers (the
 * probes of the others end then), or once every probe has failed.
 * @throws Error naming each server and why, when none answered.
 */
export function answeringServers(servers: string[], timeoutMs: number): Promise<string[]> {
  const run: ProbeRun = { sockets: new Set(), settled: false };
  const outcomes: (string | undefined | null)[] = servers.map(() => null);
  return new Promise((resolve, reject) => {
    if (servers.length === 0) return reject(new Error('no NATS server given'));
    let pending = servers.length;
    servers.forEach((server, i) => {
      void probeServer(run, server, timeoutMs).then((outcome) => {
        outcomes[i] = outcome;
        pending--;
        if (run.settled) return;
        if (outcome === undefined) {
          run.settled = true;
          for (const socket of run.sockets) socket.destroy();
          resolve(servers.filter((_, j) => outcomes[j] === undefined));
        } else if (pending === 0) {
          run.settled = true;
          reject(new Error(`no NATS server answered (${servers.map((s, j) => `${s}: ${outcomes[j]}`).join('; ')})`));
        }
      });
    });
  });
}

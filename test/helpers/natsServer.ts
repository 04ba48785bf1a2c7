/**
 * A real `nats-server` for the tests: JetStream with file storage in a
 * temporary directory, on a free port; restartable on the same port and
 * storage, stopped cleanly or killed, and paused (SIGSTOP) to play a server
 * that accepts connections and answers nothing. `natsServerMissing()` says why tests must skip.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Why the NATS tests skip, or undefined when `nats-server` is installed. */
export function natsServerMissing(): string | undefined {
  const probe = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0
    ? undefined
    : 'nats-server is not installed (apt-get install nats-server)';
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on 127.0.0.1:`port` now. */
export function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const sysconfClockTicks = 100;

export class NatsServer {
  readonly url: string;
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly storeDir: string,
  ) {
    this.url = `nats://127.0.0.1:${port}`;
  }

  static async start(): Promise<NatsServer> {
    const server = new NatsServer(await freePort(), mkdtempSync(join(tmpdir(), 'mmlog-nats-')));
    await server.restart();
    return server;
  }

  /** Starts it (again), on the same port and storage; resolves once it accepts connections. */
  async restart(): Promise<void> {
    const child = spawn('nats-server', ['-js', '-sd', this.storeDir, '-a', '127.0.0.1', '-p', String(this.port)], {
      stdio: 'ignore',
    });
    this.child = child;
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}`);
      if (await accepting(this.port)) {
        await sleep(100); // JetStream is enabled just after the port opens
        return;
      }
      await sleep(50);
    }
    throw new Error('nats-server did not start');
  }

  /**
   * Stops it and waits for the exit: SIGTERM is a clean shutdown (its store
   * flushed), SIGKILL a crash.
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT'); // a paused server must run to take SIGTERM
    child.kill(signal);
    await exited;
  }

  /** CPU seconds the running server has used (user + system), from /proc. */
  cpuSeconds(): number {
    const pid = this.child?.pid;
    if (pid === undefined) return Number.NaN;
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / sysconfClockTicks;
  }

  /** Pauses it (SIGSTOP): the kernel still accepts connections, nothing is answered. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}

// A node:cluster HTTP server: the primary forks N worker processes, each runs
// `app.mjs` (an HTTP server logging every request with pino), and all of them,
// the primary included, log into ONE mmlog file at the same time.
//
//   node examples/cluster-pino/server.mjs            # 4 workers on port 3000
//   WORKERS=8 PORT=0 MMLOG_EXAMPLE_LOG=/tmp/http.log node examples/cluster-pino/server.mjs
//
// Then send requests (`curl localhost:3000/`, or a load generator), stop it with
// Ctrl-C, and look at the log: one whole JSON line per request, from several pids.
//
//   node dist/src/cli/main.js cat /tmp/mmlog-examples/http.log   # or: cat, jq, tail -f …
//
// No process owns the file and no line goes through the primary: each worker
// appends its own lines straight into the shared mapping of the log.
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { destination } from 'mmlog/pino';
import pino from 'pino';

const workers = Number(process.env.WORKERS ?? Math.max(2, Math.min(4, availableParallelism())));
const logFile = process.env.MMLOG_EXAMPLE_LOG ?? '/tmp/mmlog-examples/http.log';

// The primary logs its own events to the same file: one more writer, nothing special.
const logger = pino(destination({ dest: logFile, mkdir: true }));

// Workers run app.mjs; they inherit the environment (PORT, MMLOG_EXAMPLE_LOG).
// With PORT=0 the first worker's listen picks a free port and the others share it.
cluster.setupPrimary({ exec: fileURLToPath(new URL('./app.mjs', import.meta.url)) });
for (let i = 0; i < workers; i++) cluster.fork();

let listening = 0;
cluster.on('listening', (_worker, address) => {
  if (++listening === workers) {
    logger.info({ port: address.port, workers }, 'all workers listening');
    console.log(`listening on http://127.0.0.1:${address.port}/ with ${workers} workers, logging to ${logFile}`);
  }
});

let stopping = false;
cluster.on('exit', (worker, code, signal) => {
  logger.info({ worker: worker.process.pid, code, signal }, 'worker exited');
  // A worker that died unexpectedly is replaced; its log lines so far are all in the file.
  if (!stopping) cluster.fork();
});

// Ctrl-C / SIGTERM: disconnect the workers (each closes its server and exits,
// closing its log), and exit once every worker has exited: the primary is then
// the last process to close the log, and trims it, so the file is whole and
// trimmed when this process ends. (Exiting as soon as the workers are
// disconnected leaves them still exiting, and may cut the channel of one still
// closing its server, which then dies of EPIPE.)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    stopping = true;
    logger.info({ signal }, 'stopping');
    const exitWhenAlone = () => {
      if (!Object.values(cluster.workers ?? {}).every((worker) => worker?.isDead())) return;
      console.log('stopped');
      process.exit(0);
    };
    cluster.on('exit', exitWhenAlone);
    cluster.disconnect();
    exitWhenAlone();
  });
}

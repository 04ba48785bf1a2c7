// One HTTP server process that logs every request with pino into an mmlog log.
//
// This file is the *worker*: `server.mjs` (node:cluster) and PM2's cluster mode
// (`../pm2/ecosystem.config.cjs`) both start several copies of it, and every copy
// appends to the same log file at once. Run alone, it is an ordinary server:
//
//   PORT=3000 MMLOG_EXAMPLE_LOG=/tmp/http.log node examples/cluster-pino/app.mjs
//
// Environment: PORT (default 3000; 0 picks a free port), MMLOG_EXAMPLE_LOG (the log
// file, default /tmp/mmlog-examples/http.log).
import http from 'node:http';
import { destination } from 'mmlog/pino';
import pino from 'pino';

const port = Number(process.env.PORT ?? 3000);
const logFile = process.env.MMLOG_EXAMPLE_LOG ?? '/tmp/mmlog-examples/http.log';

// pino with mmlog's in-thread destination rather than a transport: a log call
// appends the line to the shared mapping before it returns (a memory copy, no
// syscall), so nothing sits in a buffer or a worker thread. A process that
// crashes or is SIGKILLed right after `logger.info()` has still logged that line,
// and many processes writing the same file never tear or interleave lines.
// (pino adds `pid` to every line: that is how the log shows which process wrote it.)
const logger = pino(destination({ dest: logFile, mkdir: true }));

const server = http.createServer((req, res) => {
  const start = process.hrtime.bigint();
  res.on('finish', () => {
    // One log call, one append, one whole line — whichever process handles the request.
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    logger.info({ method: req.method, url: req.url, status: res.statusCode, ms }, 'request');
  });
  // The pid in a header lets a client (and the test) see which process answered.
  res.setHeader('x-worker-pid', String(process.pid));
  res.end(`hello from ${process.pid}\n`);
});

server.listen(port, () => {
  logger.info({ port: server.address().port }, 'listening');
});

// Shut down cleanly on SIGINT (what PM2 sends on `pm2 stop`) and SIGTERM: stop
// accepting connections, then exit. `process.exit()` runs mmlog's exit hook,
// which closes the log; the last process to close it trims the preallocated
// tail, leaving an ordinary NDJSON file. (A process killed outright loses no
// line either; the file just keeps zero bytes at its end until the next writer
// closes it.)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    logger.info({ signal }, 'stopping');
    server.close(() => process.exit(0));
    // In a cluster worker, `server.close()` waits for the primary; don't wait forever.
    setTimeout(() => process.exit(0), 2000).unref();
  });
}

// PM2 ecosystem file: the HTTP app of ../cluster-pino/app.mjs in PM2's cluster
// mode, several instances all logging with pino into ONE mmlog log.
//
//   npx pm2 start examples/pm2/ecosystem.config.cjs     # PORT, INSTANCES, MMLOG_EXAMPLE_LOG may be set
//   curl localhost:3000/ ; npx pm2 logs --nostream      # PM2's own logs hold only stdout/stderr
//   npx pm2 delete examples/pm2/ecosystem.config.cjs
//
// In cluster mode PM2 plays the node:cluster primary (its daemon forks the
// instances and shares the port among them), so the app is exactly the worker
// of ../cluster-pino/server.mjs. Nothing mmlog-specific is needed: each
// instance opens the log itself and appends whole lines; no instance owns the
// file, and PM2's log rotation (pm2-logrotate) is not involved. For rotation,
// give the destination a segmentSize / rollEvery (README, "Segmented logs").
//
// CI runs this file with the real pm2 (a devDependency), under a private
// PM2_HOME: test/examples.test.ts.
const path = require('node:path');

module.exports = {
  apps: [
    {
      name: 'mmlog-http',
      script: path.join(__dirname, '..', 'cluster-pino', 'app.mjs'),
      exec_mode: 'cluster',
      instances: Number(process.env.INSTANCES ?? 2), // or 'max': one per CPU
      // `pm2 stop` sends SIGINT, then SIGKILL after kill_timeout: the app closes
      // its server and exits on SIGINT, so its log is closed (and trimmed by the last one).
      kill_timeout: 3000,
      env: {
        PORT: process.env.PORT ?? '3000',
        MMLOG_EXAMPLE_LOG: process.env.MMLOG_EXAMPLE_LOG ?? '/tmp/mmlog-examples/http.log',
      },
    },
  ],
};

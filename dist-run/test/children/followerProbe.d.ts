/**
 * A follower for follow.test.ts: follows the log at argv[2] from position
 * argv[3] (default 0), with the extra follow() options given as JSON in
 * argv[4] (e.g. `{"readOnly":true}`), and reports over IPC.
 *
 * Sends `{ kind: 'record', pos, text }` for every record it receives (UTF-8
 * text of its bytes), and answers the parent's commands:
 * - `'cpu-mark'`: remembers process.cpuUsage() now, replies `{ kind: 'cpu-marked' }`;
 * - `'cpu-read'`: replies `{ kind: 'cpu', micros, ms }`: CPU time (user +
 *   system, every thread of the process) and wall time since the mark;
 * - `'waits'`: replies `{ kind: 'waits', waits }`: how many times follow() has
 *   announced itself to writers and gone to sleep (calls of the internal
 *   Waiter.wait, each of which sets the WAITERS flag);
 * - `'stop'`: aborts its follow(); once the loop has ended replies
 *   `{ kind: 'done', records, error }` and disconnects.
 */
export {};

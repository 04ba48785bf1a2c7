// The crash, shown: runs writer.mjs, kills it with SIGKILL in the middle of its
// writes, then opens the store again and checks that every write the writer
// acknowledged is there.
//
//   node examples/write-ahead-log/crash-demo.mjs [DIR]     # default: a fresh temporary directory
//
// Exit status 0 when every acknowledged write was recovered, 1 otherwise.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { KvStore } from './kv-store.mjs';

const dir = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'mmlog-wal-')), 'store');
const KILL_AFTER = 3000; // acknowledged writes

// 1. Run the writer and note every acknowledgement: key → highest acked sequence number.
const writer = spawn(process.execPath, [fileURLToPath(new URL('./writer.mjs', import.meta.url)), dir], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const acked = new Map();
let acks = 0;
for await (const line of createInterface({ input: writer.stdout })) {
  const [word, key, seq] = line.split(' ');
  if (word !== 'ack') continue;
  acked.set(key, Math.max(acked.get(key) ?? 0, Number(seq)));
  // 2. Pull the plug: SIGKILL, no exit handler runs, writes are in flight.
  if (++acks === KILL_AFTER) writer.kill('SIGKILL');
}
await new Promise((resolve) =>
  writer.exitCode !== null || writer.signalCode !== null ? resolve() : writer.once('exit', resolve),
);
console.log(`writer killed (${writer.signalCode}) after ${acks} acknowledged writes`);

// 3. Restart: open the store, which recovers from the checkpoint and the log.
const store = KvStore.open(dir);
const { replayed, fromCheckpoint } = store.recovered;
console.log(`recovered ${store.size} keys from the checkpoint through ${fromCheckpoint} and ${replayed} log records`);

// 4. Every acknowledged write survived: each key holds its last acknowledged
//    value, or a later write's (one appended but not yet acknowledged when the
//    writer died may or may not have made it; that is what "not acknowledged" means).
const missing = [...acked].filter(([key, seq]) => !(Number(store.get(key)) >= seq));
store.close();
if (missing.length > 0) {
  console.log(`LOST ${missing.length} acknowledged writes, e.g. ${missing.slice(0, 5).join(' ')}`);
  process.exit(1);
}
console.log(`every acknowledged write was recovered (${acked.size} keys checked) in ${dir}`);

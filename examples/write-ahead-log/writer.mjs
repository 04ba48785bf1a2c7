// Writes to the key-value store until stopped (or killed), printing a line for
// every acknowledged write and every checkpoint.
//
//   node examples/write-ahead-log/writer.mjs DIR [WRITES]
//
// Each write sets key `k<n % 500>` to the write's sequence number n, so keys
// are overwritten again and again; 16 writes are in flight at a time. Once
// `ack k12 4512 98304` (key, value, the record's position in the log) is
// printed, that write is durable: kill the process however you like
// (`kill -9`), or cut the power, and `show.mjs DIR` still finds k12 at 4512
// or later.
// A checkpoint runs every 1,000 writes. WRITES (default: unbounded) stops it.
import { KvStore } from './kv-store.mjs';

const [dir, writes = 'Infinity'] = process.argv.slice(2);
if (!dir) throw new Error('usage: writer.mjs DIR [WRITES]');
const limit = Number(writes);

const store = KvStore.open(dir);
const { replayed, fromCheckpoint } = store.recovered;
console.log(`recovered ${store.size} keys: checkpoint through ${fromCheckpoint}, ${replayed} records replayed`);

// Carry on numbering after whatever the store already holds.
let n = Math.max(0, ...[...store.state.values()].map(Number)) + 1;
const end = n + limit;
let sinceCheckpoint = 0;

async function writeLoop() {
  while (n < end) {
    const seq = n++;
    const key = `k${seq % 500}`;
    const pos = await store.set(key, String(seq));
    console.log(`ack ${key} ${seq} ${pos}`); // printed only once the write is durable
    if (++sinceCheckpoint >= 1000) {
      sinceCheckpoint = 0;
      const first = store.checkpoint();
      console.log(`checkpoint through ${store.through}: the log now starts at ${first}`);
    }
  }
}
await Promise.all(Array.from({ length: 16 }, writeLoop));
store.close();

// Opens the store (recovering it, as any restart does) and prints its state as JSON.
//
//   node examples/write-ahead-log/show.mjs DIR
import { stat } from 'mmlog';
import { KvStore } from './kv-store.mjs';

const dir = process.argv[2];
if (!dir) throw new Error('usage: show.mjs DIR');
const store = KvStore.open(dir);
const { firstPosition, segments } = stat(`${dir}/wal`);
console.log(
  JSON.stringify({
    recovered: { ...store.recovered, recovery: store.recovered.recovery !== undefined },
    firstPosition,
    segments: segments.length,
    state: Object.fromEntries(store.state),
  }),
);
store.close();

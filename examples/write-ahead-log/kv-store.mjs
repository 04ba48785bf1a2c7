// A tiny key-value store made durable by a write-ahead log (WAL) in mmlog.
//
// The rule of a WAL: a change is written to the log, and the log made durable
// (on disk, surviving a crash or power cut), before the change is applied and
// acknowledged. The state itself lives only in memory; on start it is rebuilt
// from the last checkpoint (a snapshot of the state) plus the log records
// after it. A checkpoint lets the log drop what it covers.
//
// Files, in the store's directory:
//   wal/           the log: framed (a CRC per record) and segmented (a directory
//                  of segment files), so a checkpoint can delete whole segments
//   snapshot.json  the last checkpoint: { through, state }, where `through` is the
//                  position of the last log record the state includes (-1: none)
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { open, read } from 'mmlog';

export class KvStore {
  /**
   * Opens (or creates) the store in `dir` and recovers its state.
   * `segmentSize`: the WAL's segment size (a multiple of 64 KiB; fixed when the
   * log is created). The smallest there is, so that the example rolls often.
   */
  static open(dir, { segmentSize = 64 * 1024 } = {}) {
    mkdirSync(dir, { recursive: true });
    const walPath = join(dir, 'wal');
    // open() runs mmlog's crash recovery before it returns when the last writer
    // died mid-record (SIGKILL, a crash) or the machine rebooted: a claim left
    // half-written becomes padding, and after a power cut records that never
    // reached the disk are cut off. Everything a sync() confirmed is kept.
    let recovery;
    const log = open(walPath, { format: 'framed', segmentSize, onRecovery: (report) => (recovery = report) });

    // Start from the last checkpoint, then replay every record after it, in log order.
    const snapshot = readSnapshot(dir);
    const state = new Map(Object.entries(snapshot.state));
    let through = snapshot.through;
    let replayed = 0;
    // `from: through` starts at the checkpoint's last record (its segment is
    // never deleted by the checkpoint), which the snapshot already holds: skip it.
    for (const record of read(walPath, { from: Math.max(through, 0) })) {
      if (record.pos === through) continue;
      apply(state, JSON.parse(Buffer.from(record.data).toString()));
      through = record.pos;
      replayed++;
    }
    return new KvStore(dir, log, state, through, { replayed, fromCheckpoint: snapshot.through, recovery });
  }

  constructor(dir, log, state, through, recovered) {
    this.dir = dir;
    this.log = log;
    this.state = state;
    /** Position of the last record applied to `state`. */
    this.through = through;
    /** Records appended, not yet durable: applied in log order once they are. */
    this.pending = [];
    /** What recovery found at open: records replayed, the checkpoint used, open()'s recovery report if it ran. */
    this.recovered = recovered;
  }

  get(key) {
    return this.state.get(key);
  }

  get size() {
    return this.state.size;
  }

  /** Sets `key`; resolves once the change is durable (and applied), with its position in the log: the acknowledgement. */
  set(key, value) {
    return this.write({ op: 'set', key, value });
  }

  /** Deletes `key`; resolves once durable, with its position in the log. */
  delete(key) {
    return this.write({ op: 'delete', key });
  }

  async write(change) {
    // 1. Append to the log: the record is in the shared page cache, readable, but
    //    not yet on disk. Its position fixes its order among all changes.
    const pos = this.log.append(JSON.stringify(change));
    this.pending.push({ pos, change });
    // 2. Wait until it is durable. Concurrent writes share one fdatasync (group
    //    commit), so many in flight cost about as much as one.
    //    (`await log.appendDurable(data)` does 1 and 2 in one call; here the
    //    position is needed before the wait, to apply changes in log order.)
    await this.log.sync(pos);
    // 3. Apply, in log order, every pending change up to this one (all durable
    //    now: sync(pos) covers every record before pos too). Only then does the
    //    caller's promise resolve: acknowledged means durable.
    while (this.pending.length > 0 && this.pending[0].pos <= pos) {
      const next = this.pending.shift();
      apply(this.state, next.change);
      this.through = next.pos;
    }
    return pos;
  }

  /**
   * Checkpoint: writes the state as a snapshot (atomically: a temporary file,
   * fsync, rename, fsync of the directory), then lets the log delete every
   * whole segment before the snapshot's last record. Returns the first
   * position the log still holds.
   */
  checkpoint() {
    // The state holds exactly the durable records up to `through`: nothing to sync first.
    const through = this.through;
    const snapshot = JSON.stringify({ through, state: Object.fromEntries(this.state) });
    const tmp = join(this.dir, 'snapshot.json.tmp');
    writeFileSync(tmp, snapshot);
    fsyncPath(tmp);
    renameSync(tmp, join(this.dir, 'snapshot.json'));
    fsyncPath(this.dir);
    // Only once the snapshot is durable may the log forget what it covers.
    // Segments are deleted whole (never the active one), so the log may still
    // hold a few records before `through`; recovery skips them.
    return through < 0 ? 0 : this.log.truncateBefore(through);
  }

  /** Closes the log. Writes still waiting for durability are rejected. */
  close() {
    this.log.close();
  }
}

function apply(state, change) {
  if (change.op === 'set') state.set(change.key, change.value);
  else state.delete(change.key);
}

function readSnapshot(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return { through: -1, state: {} };
    throw error;
  }
}

function fsyncPath(path) {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

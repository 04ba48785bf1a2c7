/**
 * Nothing in a new segment is reported durable before the ended segment,
 * `segments.idx` and the log directory are. Shown on the system calls
 * themselves: a child syncs across rolls under `strace`, printing the
 * watermark after each sync; every watermark that first passes into segment
 * k must come after an `fdatasync` of segment k − 1, and after an
 * `fdatasync` of `segments.idx` and an `fsync` of the directory made since
 * the previous watermark — also when that previous watermark was exactly the
 * end of segment k − 1 (a sync whose range starts at the new segment's base).
 * Skips with a printed reason without strace.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SEGMENT_INDEX_NAME } from '../src/layout/directory.js';
import { segmentPath } from '../src/storage/logPaths.js';
import { childScript } from './helpers/children.js';
import { tempDir } from './helpers/files.js';

const SEGMENT = 64 * 1024;

type Event = { kind: 'sync'; path: string } | { kind: 'mark'; durable: number };

/** The syncs (with the path of their descriptor) and marks of a trace, in the order they completed. */
function parseTrace(text: string): Event[] {
  const paths = new Map<number, string>();
  const pending = new Map<string, number>();
  const events: Event[] = [];
  const sync = (fd: number) => events.push({ kind: 'sync', path: paths.get(fd) ?? `fd ${fd}` });
  for (const line of text.split('\n')) {
    const [pid] = line.split(' ', 1);
    let m = /openat\(AT_FDCWD, "([^"]+)", [^)]*\) = (\d+)/.exec(line);
    if (m !== null) {
      paths.set(Number(m[2]), m[1] as string);
      continue;
    }
    m = /(?:fsync|fdatasync)\((\d+)\)\s+= 0/.exec(line);
    if (m !== null) {
      sync(Number(m[1]));
      continue;
    }
    m = /(?:fsync|fdatasync)\((\d+) <unfinished/.exec(line);
    if (m !== null) {
      pending.set(pid as string, Number(m[1]));
      continue;
    }
    if (/<\.\.\. (?:fsync|fdatasync) resumed>\)\s+= 0/.test(line)) {
      const fd = pending.get(pid as string);
      if (fd !== undefined) sync(fd);
      continue;
    }
    m = /write\(1, "MARK durable=(\d+)\\n"/.exec(line);
    if (m !== null) events.push({ kind: 'mark', durable: Number(m[1]) });
  }
  return events;
}

test('a sync across a roll makes the ended segment, segments.idx and the directory durable before the next segment is reported durable', (t) => {
  if (spawnSync('strace', ['-V']).status !== 0) {
    const reason = 'strace is not installed (apt-get install strace to include this test)';
    console.log(`# skipped: ${reason}`);
    t.skip(reason);
    return;
  }
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    const trace = `${dir}/trace.txt`;
    execFileSync(
      'strace',
      [
        '-f',
        '-qq',
        '-e',
        'trace=openat,fsync,fdatasync,write',
        '-o',
        trace,
        process.execPath,
        childScript('rollSyncer'),
        path,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const events = parseTrace(readFileSync(trace, 'utf8'));
    let since: string[] = [];
    const ever: string[] = [];
    let reached = 0;
    let crossings = 0;
    let fromBase = 0;
    let last = 0;
    for (const event of events) {
      if (event.kind === 'sync') {
        since.push(event.path);
        ever.push(event.path);
        continue;
      }
      const k = Math.floor((event.durable - 1) / SEGMENT);
      for (let entered = reached + 1; entered <= k; entered++) {
        crossings++;
        if (last === entered * SEGMENT) fromBase++;
        // The ended segment at some point before (perhaps by an earlier sync that ended at its end), and the
        // directory and segments.idx by the sync that reported the new segment's first records.
        const ended = segmentPath(path, (entered - 1) * SEGMENT);
        assert.ok(
          ever.includes(ended),
          `the watermark ${event.durable} (segment ${entered}) came before ${ended} was synced`,
        );
        for (const file of [`${path}/${SEGMENT_INDEX_NAME}`, path]) {
          assert.ok(
            since.includes(file),
            `the watermark ${event.durable} (segment ${entered}) was reported before ${file} was synced; synced since the last report: ${since.join(', ')}`,
          );
        }
      }
      reached = Math.max(reached, k);
      last = event.durable;
      since = [];
    }
    t.diagnostic(
      `${events.filter((e) => e.kind === 'mark').length} watermarks, ${crossings} crossing a roll, ${fromBase} of them from a segment's very end`,
    );
    assert.ok(crossings >= 3, `only ${crossings} watermarks crossed a roll`);
    assert.equal(fromBase, 1, 'one sync started exactly at a segment base');
  } finally {
    cleanup();
  }
});

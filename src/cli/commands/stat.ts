/**
 * `mmlog stat`: what a log is and who is writing it.
 * @module
 */
import { type LogStat, stat } from '../../admin/stat.js';
import { ENDED_PID } from '../../layout/control.js';
import { type Command, formatBytes, parseCommand, writeOut } from '../output.js';

const options = {
  json: { type: 'boolean' },
} as const;

export const statCommand: Command = {
  name: 'stat',
  summary: 'show the state of a log: format, cursor, committed and durable watermarks, sizes and writers',
  options,
  help: `Usage: mmlog stat PATH [--json]

Shows the state of the log at PATH from its control file, without changing it:
format, identity, cursor, committed and durable watermarks, syncs (how many,
how long), sizes, counters, and
every writer with its state (alive, stalled = stopped, or dead) and current claim.
For a segmented log (a directory): its segments, first position, rolls,
retention, and its named consumers with their lag.

Options:
  --json       print the whole report as one JSON object
  -h, --help   show this help

Example:
  mmlog stat /var/log/app.log --json | jq '.writers[] | select(.state == "dead")'
`,
  run: runStat,
};

async function runStat(args: string[]): Promise<number> {
  const { path, values } = parseCommand(args, options, 'stat');
  const info = stat(path);
  await writeOut(values.json ? `${JSON.stringify(info, null, 2)}\n` : formatStat(info));
  return 0;
}

/** Position or size in bytes, with a human-readable size when it helps. */
function bytes(n: number): string {
  return n < 1024 ? String(n) : `${n} (${formatBytes(n)})`;
}

/** The human-readable report of `mmlog stat`. */
function formatStat(info: LogStat): string {
  const flags = [info.flags.dataReady ? 'data-ready' : 'data-not-ready'];
  if (info.flags.panicked) flags.push('PANICKED (run `mmlog recover`)');
  const d = info.durability;
  if (d.failed !== null) flags.push(`SYNC FAILED: ${d.failed} (run \`mmlog recover\`)`);
  const notDurable = info.committed - d.durable;
  const syncs =
    d.syncs === 0
      ? 'none yet'
      : `${d.syncs}, last ${ms(d.lastSyncMs)}, mean ${ms(d.meanSyncMs)}, max ${ms(d.maxSyncMs)}` +
        (d.leaderSlot === null ? '' : `, slot ${d.leaderSlot} syncing now`);
  const behind = info.cursor - info.committed;
  const rows: [string, string][] = [
    ['path', info.path],
    ['format', `${info.format} (version ${info.version})`],
    ['log id', info.logId],
    ['created', info.createdAt],
    ['cursor', bytes(info.cursor)],
    ['committed', `${bytes(info.committed)}${behind > 0 ? `, ${behind} bytes in progress` : ''}`],
    ['durable', `${bytes(d.durable)}${notDurable > 0 ? `, ${notDurable} committed bytes not yet synced` : ''}`],
    ['syncs', syncs],
    // A segmented log allocates each segment whole: the shared allocated size is a single file's.
    ...(info.segmentSize > 0 ? [] : [['allocated', bytes(info.allocated)] as [string, string]]),
    ['file size', bytes(info.fileSize)],
    // stat reads no data, so it cannot count a raw log's lines; verify scans and does.
    ...(info.format === 'raw' ? [['lines', 'not counted here: `mmlog verify` counts them'] as [string, string]] : []),
    ['chunk size', bytes(info.chunkSize)],
    // A raw log has no records: the limit is on one append.
    [info.format === 'raw' ? 'max append' : 'max record', bytes(info.maxRecordSize)],
    ['slots', `${info.writers.length} of ${info.slots} in use`],
    ['flags', flags.join(', ')],
    [
      'counters',
      `growths ${info.counters.growths}, trims ${info.counters.trims}, slots reclaimed ${info.counters.slotsReclaimed}, ` +
        `claims abandoned ${info.counters.claimsAbandoned}, claims padded ${info.counters.claimsPadded}`,
    ],
  ];
  if (info.segmentSize > 0) rows.splice(rows.length - 2, 0, ...segmentRows(info));
  let text = rows.map(([key, value]) => `${`${key}:`.padEnd(12)} ${value}\n`).join('');
  text += '\n';
  if (info.consumers.length > 0) {
    text += table([
      ['CONSUMER', 'POSITION', 'LAG'],
      ...info.consumers.map((c) => [c.name, String(c.position), bytes(c.lag)]),
    ]);
    text += '\n';
  }
  if (info.writers.length === 0) return `${text}no writers\n`;
  const writers = [['SLOT', 'PID', 'THREAD', 'ROLE', 'STATE', 'OPENED', 'CLAIM']];
  for (const w of info.writers) {
    const claim = w.claim === null ? '-' : `${w.claim.pos}+${w.claim.length}`;
    writers.push([
      String(w.slot),
      w.pid === ENDED_PID ? 'ended' : String(w.pid),
      String(w.threadId),
      w.role,
      w.state,
      w.openedAt,
      claim,
    ]);
  }
  return text + table(writers);
}

/** A duration in ms, to 0.01 ms. */
function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

/** Rows of aligned columns. */
function table(rows: string[][]): string {
  const widths = (rows[0] as string[]).map((_, col) => Math.max(...rows.map((row) => (row[col] as string).length)));
  return rows
    .map(
      (row) =>
        `${row
          .map((cell, col) => cell.padEnd(widths[col] as number))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}

/** The rows a segmented log adds: its settings and its segments. */
function segmentRows(info: LogStat): [string, string][] {
  const { maxSegments, maxBytes, maxAgeMs } = info.retention;
  const limits = [
    maxSegments > 0 ? `${maxSegments} segments` : '',
    maxBytes > 0 ? formatBytes(maxBytes) : '',
    maxAgeMs > 0 ? `${maxAgeMs} ms` : '',
  ].filter(Boolean);
  const sealed = info.segments.filter((s) => s.sealed);
  const active = info.segments.find((s) => !s.sealed);
  return [
    ['segments', `${info.segments.length} of ${bytes(info.segmentSize)} (${sealed.length} sealed)`],
    ['first pos', bytes(info.firstPosition)],
    ['active', active === undefined ? '-' : `${active.base} (${bytes(active.bytes)})`],
    ['rolls', info.rollEvery > 0 ? `by size, or every ${info.rollEvery} ms` : 'by size'],
    ['retention', limits.length > 0 ? limits.join(', ') : 'keep everything'],
  ];
}

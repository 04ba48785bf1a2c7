/**
 * `mmlog tail`: the last records of a log, and optionally the ones that follow.
 * @module
 */

import { stat } from '../../admin/stat.js';
import { CorruptionError } from '../../errors.js';
import { follow, type LogRecord, read } from '../../reading/read.js';
import {
  type Command,
  jsonLine,
  LineSplitter,
  lostLine,
  parseCommand,
  parseCount,
  printError,
  writeOut,
} from '../output.js';

const options = {
  follow: { type: 'boolean', short: 'f' },
  lines: { type: 'string', short: 'n' },
  from: { type: 'string' },
  'skip-corrupt': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export const tail: Command = {
  name: 'tail',
  summary: 'print the last records of a log, and with -f the ones appended after',
  options,
  help: `Usage: mmlog tail PATH [-f|--follow] [-n N] [--from POS] [--skip-corrupt] [--json]

Prints the last N records of the log at PATH (raw logs: the last N lines); with -f,
keeps printing records as they are appended until interrupted (Ctrl-C or SIGTERM).

Options:
  -f, --follow     wait for new records and print them
  -n, --lines N    how many records (raw: lines) to print first (default 10)
  --from POS       only consider records at or after position POS
  --skip-corrupt   step over damaged records instead of stopping at the first one
  --json           one JSON line per record: {"pos":N,"data":"..."} (raw logs: per line)
  -h, --help       show this help

Example:
  mmlog tail -f -n 0 /var/log/app.log
`,
  run: runTail,
};

/** What the first phase found: the records to print and where following resumes. */
interface Last {
  records: LogRecord[];
  /** Position to follow from, and a record at that position to skip (framed: the last one printed). */
  resume: number;
  skipPos: number;
  /** Raw --json: the incomplete last line, completed by what follows. */
  lines: LineSplitter | undefined;
  /** Framed: losses among or after the records (those a follow from `resume` will not pass again). */
  lost: { start: number; end: number }[];
}

async function runTail(args: string[]): Promise<number> {
  const { path, values } = parseCommand(args, options, 'tail');
  const count = parseCount(values.lines, '-n', 10);
  const from = parseCount(values.from, '--from', 0);
  const json = values.json === true;
  const following = values.follow === true;
  const onCorrupt = values['skip-corrupt'] ? 'skip' : 'throw';
  const print = (record: LogRecord) => writeOut(json ? jsonLine(record) : record.data);
  try {
    const info = stat(path);
    const last =
      info.format === 'framed'
        ? lastRecords(path, from, count, onCorrupt, following)
        : lastLines(path, from, count, info.committed, json && following);
    // Each loss where it lies among the records (stderr and stdout may be one file).
    const lost = last.lost.values();
    let loss = lost.next();
    for (const record of last.records) {
      for (; !loss.done && loss.value.start < record.pos; loss = lost.next())
        printLost(loss.value.start, loss.value.end);
      await print(record);
    }
    for (; !loss.done; loss = lost.next()) printLost(loss.value.start, loss.value.end);
    if (following) await followFrom(path, last, json, onCorrupt, print);
  } catch (error) {
    if (!(error instanceof CorruptionError)) throw error;
    printError(error);
    return 1;
  }
  return 0;
}

function printLost(start: number, end: number): void {
  process.stderr.write(lostLine('mmlog tail', start, end));
}

/**
 * Framed: one scan from `from`, keeping a ring of the last `count` records,
 * and the losses among or after them (with -n 0: after the last record);
 * when `following`, only those before where the follow resumes.
 */
function lastRecords(path: string, from: number, count: number, onCorrupt: 'skip' | 'throw', following: boolean): Last {
  const ring: LogRecord[] = [];
  const lost: { start: number; end: number }[] = [];
  let lastPos = -1;
  for (const record of read(path, { from, onCorrupt, onLost: (start, end) => lost.push({ start, end }) })) {
    lastPos = record.pos;
    if (count === 0) continue;
    if (ring.length === count) ring.shift();
    ring.push(record);
  }
  const resume = lastPos >= 0 ? lastPos : from;
  const shownFrom = ring[0]?.pos ?? resume;
  const shown = lost.filter(({ start, end }) => end > shownFrom && (!following || start < resume));
  return { records: ring, resume, skipPos: lastPos, lines: undefined, lost: shown };
}

/**
 * Raw: reads back from the end in growing windows until it has `count`
 * whole lines, rather than scanning a log that may be gigabytes long.
 * `keepPartial` leaves an unfinished last line in the splitter (for --json -f).
 */
function lastLines(path: string, from: number, count: number, end: number, keepPartial: boolean): Last {
  for (let window = 64 * 1024; ; window *= 4) {
    const start = Math.max(from, end - window);
    const lines = new LineSplitter();
    const found: LogRecord[] = [];
    let resume = start;
    for (const range of read(path, { from: start })) {
      for (const line of lines.push(range.pos, range.data)) found.push(line);
      resume = range.pos + range.data.length;
    }
    // A window that starts inside a line: its first line is a fragment.
    if (start > from && found.length > 0) found.shift();
    if (!keepPartial) {
      const partial = lines.flush();
      if (partial !== undefined) found.push(partial);
    }
    if (found.length >= count || start === from) {
      const records = count === 0 ? [] : found.slice(-count);
      return { records, resume, skipPos: -1, lines: keepPartial ? lines : undefined, lost: [] };
    }
  }
}

/** Follows from where the first phase ended until SIGINT or SIGTERM. */
async function followFrom(
  path: string,
  last: Last,
  json: boolean,
  onCorrupt: 'skip' | 'throw',
  print: (record: LogRecord) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const lines = json ? last.lines : undefined;
  try {
    for await (const record of follow(path, {
      from: last.resume,
      onCorrupt,
      onLost: printLost,
      signal: controller.signal,
    })) {
      // Framed: following starts at the last record printed, which is yielded again first.
      if (record.pos === last.skipPos) continue;
      if (lines === undefined) await print(record);
      else for (const line of lines.push(record.pos, record.data)) await print(line);
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

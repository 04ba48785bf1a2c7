/**
 * `mmlog cat`: print the payloads of a log.
 * @module
 */

import { stat } from '../../admin/stat.js';
import { CorruptionError } from '../../errors.js';
import { read } from '../../reading/read.js';
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
  from: { type: 'string' },
  'skip-corrupt': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export const cat: Command = {
  name: 'cat',
  summary: 'print the payloads of a log',
  options,
  help: `Usage: mmlog cat PATH [--from POS] [--skip-corrupt] [--json]

Prints the payloads of the log at PATH: a raw log's bytes as they are, a framed
log's records one after the other (each as appended, usually ending in a newline).

Options:
  --from POS       start at position POS (a position printed by --json, or returned by append())
  --skip-corrupt   step over damaged records instead of stopping at the first one
  --json           one JSON line per record: {"pos":N,"data":"..."} (raw logs: per line)
  -h, --help       show this help

Example:
  mmlog cat /var/log/app.log --json | tail -n 1
`,
  run: runCat,
};

/**
 * Prints every committed record. A damaged record stops the output with a
 * one-line error (exit status 1) after everything before it was printed,
 * unless --skip-corrupt.
 */
async function runCat(args: string[]): Promise<number> {
  const { path, values } = parseCommand(args, options, 'cat');
  const from = parseCount(values.from, '--from', 0);
  const json = values.json === true;
  // Only raw logs need their format known up front (to cut --json output into lines).
  const raw = json && stat(path).format === 'raw';
  const lines = raw ? new LineSplitter() : undefined;
  try {
    const onCorrupt = values['skip-corrupt'] ? 'skip' : 'throw';
    const onLost = (start: number, end: number) => process.stderr.write(lostLine('mmlog cat', start, end));
    for (const record of read(path, { from, onCorrupt, onLost })) {
      if (!json) await writeOut(record.data);
      else if (lines === undefined) await writeOut(jsonLine(record));
      else for (const line of lines.push(record.pos, record.data)) await writeOut(jsonLine(line));
    }
    const partial = lines?.flush();
    if (partial !== undefined) await writeOut(jsonLine(partial));
  } catch (error) {
    if (!(error instanceof CorruptionError)) throw error;
    printError(error);
    return 1;
  }
  return 0;
}

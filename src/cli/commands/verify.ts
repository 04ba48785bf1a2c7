/**
 * `mmlog verify`: a full, read-only scan of a log with every CRC checked.
 * @module
 */
import { type VerifyReport, verify } from '../../admin/verify.js';
import { type Command, formatBytes, parseCommand, progressBar, writeOut } from '../output.js';

const options = {
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check every record of a log (CRC included); exit status 1 if any is corrupt or missing',
  options,
  help: `Usage: mmlog verify PATH [--json] [--quiet]

Scans the whole log at PATH without changing it, checking every record (framed
logs: header and CRC32C), and prints what it found (raw logs: lines, each ending
in a newline, and bytes; framed logs: records). Exit status 0 when the log is
healthy, 1 when a record is corrupt or data is missing (framed logs: a region that
no writer's claim accounts for, such as pages lost in an OS crash, whether or not
recovery has padded it since). Claims of writers that died mid-append are not
damage. On a terminal, a large log shows a progress bar.

Options:
  --json        print the report as one JSON object
  -q, --quiet   print nothing; only the exit status tells
  -h, --help    show this help

Example:
  mmlog verify /var/log/app.log || mmlog recover --repair-corruption /var/log/app.log
`,
  run: runVerify,
};

async function runVerify(args: string[]): Promise<number> {
  const { path, values } = parseCommand(args, options, 'verify');
  const quiet = values.quiet === true;
  let bar: ReturnType<typeof progressBar>;
  let report: VerifyReport;
  const started = Date.now();
  try {
    report = verify(path, (done, total) => {
      // The total is only known once verify() has read the cursor: create the bar on the first report.
      if (bar === undefined && !quiet && done < total) bar = progressBar(total, 'verifying', started);
      bar?.update(done);
    });
  } finally {
    bar?.end();
  }
  if (quiet) return report.ok ? 0 : 1;
  await writeOut(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.ok ? 0 : 1;
}

/** The human-readable summary of `mmlog verify`. */
function formatReport(report: VerifyReport): string {
  const lines = [`${report.path}: ${report.format} log, ${report.ok ? 'OK' : verdict(report)}`];
  if (report.format === 'framed') {
    lines.push(`records:        ${report.records}`);
    lines.push(`payload bytes:  ${report.payloadBytes} (${formatBytes(report.payloadBytes)})`);
    lines.push(`padding:        ${report.paddingFrames} frames, ${report.paddingBytes} bytes`);
  } else {
    // A raw log has no records: its lines, counted as `wc -l` does (each ends in a newline).
    lines.push(`lines:          ${report.lines ?? 0}`);
    const unterminated = report.unterminatedBytes ?? 0;
    if (unterminated > 0) lines.push(`last line:      ${unterminated} bytes without a newline (not counted in lines)`);
    lines.push(`bytes:          ${report.payloadBytes} (${formatBytes(report.payloadBytes)})`);
  }
  lines.push(
    `dead claims:    ${report.deadClaims}${report.deadClaims > 0 ? ' (run `mmlog recover` to pad them)' : ''}`,
  );
  lines.push(`scanned to:     ${report.end} of cursor ${report.cursor}`);
  if (report.unreadable !== null) {
    lines.push(
      `unreadable:     ${report.unreadable.start}..${report.unreadable.end} (no writer's claim explains where the scan stopped: a segment or data file missing or cut?)`,
    );
  } else if (report.end < report.cursor) {
    lines.push('                (a writer is still writing at the end, or died there: see `mmlog stat`)');
  }
  for (const range of report.corrupt) {
    lines.push(`corrupt:        ${range.start}..${range.end} (${range.end - range.start} bytes)`);
  }
  for (const range of report.hidden) {
    lines.push(
      `hidden data:    ${range.start}..${range.end} (written bytes outside the records the control file describes: a damaged seal or first record?)`,
    );
  }
  for (const range of report.missing) {
    lines.push(
      `segment gone:   ${range.start}..${range.end} (${range.end - range.start} bytes; its segment file is missing or cut short)`,
    );
  }
  for (const range of report.lost) {
    lines.push(
      `missing data:   ${range.start}..${range.end} (${range.end - range.start} bytes; no writer's claim accounts for it)`,
    );
  }
  if (report.corrupt.length > 0) lines.push('run `mmlog recover --repair-corruption` to pad over the damaged ranges');
  if (report.lost.length > 0) {
    lines.push('records that were written there are gone (an OS crash before they reached the disk, or damage);');
    lines.push('a claim abandoned when the disk was full also shows here (see `mmlog stat`: claims abandoned)');
  }
  return `${lines.join('\n')}\n`;
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** `CORRUPT (…)` / `DATA MISSING (…)`: what is wrong, in a few words. */
function verdict(report: VerifyReport): string {
  const parts: string[] = [];
  if (report.corrupt.length > 0) parts.push(`CORRUPT (${plural(report.corrupt.length, 'damaged range')})`);
  if (report.lost.length > 0) parts.push(`DATA MISSING (${plural(report.lost.length, 'range')})`);
  if (report.missing.length > 0) parts.push(`SEGMENT FILES GONE (${plural(report.missing.length, 'range')})`);
  if (report.hidden.length > 0) parts.push(`HIDDEN DATA (${plural(report.hidden.length, 'range')})`);
  if (report.unreadable !== null) parts.push(`UNREADABLE (from ${report.unreadable.start} to the cursor)`);
  return parts.join(', ');
}

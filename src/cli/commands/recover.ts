/**
 * `mmlog recover`: bring a log back to a clean state after a crash.
 * @module
 */
import { type RecoveryReport, recover } from '../../admin/recovery.js';
import { type Command, parseCommand, writeOut } from '../output.js';

const options = {
  'repair-corruption': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export const recoverCommand: Command = {
  name: 'recover',
  summary: 'settle a log after a crash: pad dead writers’ claims, fix the tail, optionally pad corruption',
  options,
  help: `Usage: mmlog recover PATH [--repair-corruption] [--json]

Brings the log at PATH back to a clean state after a process or OS crash, never
dropping a complete record: claims of dead writers become padding (raw: blank
lines), and with no live writer the cursor and the tail are settled. A log whose
fdatasync failed has every page above its durable watermark written and synced
again; the failure is cleared only if that succeeds. Safe to run twice, and
while other processes use the log.

Options:
  --repair-corruption   also pad over corrupt records so readers no longer stop at them
                        (done anyway after a reboot; never while another writer is alive)
  --json                print the report as one JSON object
  -h, --help            show this help

Example:
  mmlog recover --repair-corruption /var/log/app.log
`,
  run: runRecover,
};

async function runRecover(args: string[]): Promise<number> {
  const { path, values } = parseCommand(args, options, 'recover');
  // Absent flag: leave the default to recover() (repair after a reboot), rather than forcing false.
  const report = recover(path, values['repair-corruption'] ? { repairCorruption: true } : {});
  await writeOut(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatRecovery(report));
  return 0;
}

/** The human-readable account of what `mmlog recover` did. */
function formatRecovery(report: RecoveryReport): string {
  const lines = [`${report.path}: ${report.format} log`];
  if (report.rebooted) lines.push('the machine was rebooted since the log was last opened: checked from the start');
  if (report.liveWriters) lines.push('other writers are alive: the tail was left alone');
  lines.push(`scanned ${report.scannedFrom}..${report.scannedTo}`);
  const moved = report.cursorAfter - report.cursorBefore;
  lines.push(
    moved === 0
      ? `cursor unchanged at ${report.cursorAfter}`
      : `cursor moved from ${report.cursorBefore} to ${report.cursorAfter} (${moved > 0 ? '+' : ''}${moved} bytes)`,
  );
  lines.push(`dead writers' claims resolved: ${report.deadClaims}`);
  for (const range of report.lost) {
    lines.push(`missing data ${range.start}..${range.end}: no writer's claim accounts for it (records lost)`);
  }
  for (const range of report.missing) {
    lines.push(`segment gone ${range.start}..${range.end}: its segment file is missing or cut short (left as is)`);
  }
  if (report.padded.length > 0) {
    const count = (reason: string) => report.padded.filter((r) => r.reason === reason).length;
    lines.push(
      `ranges padded: ${report.padded.length} (dead claims ${count('dead-claim')}, lost ${count('lost')}, corrupt ${count('corrupt')})`,
    );
  }
  if (report.corrupt.length === 0) lines.push('corrupt ranges: none');
  for (const range of report.corrupt) {
    const action = report.corruptRepaired
      ? 'padded over'
      : report.liveWriters
        ? 'left as is (other writers are alive)'
        : 'left as is (use --repair-corruption)';
    lines.push(`corrupt range ${range.start}..${range.end}: ${action}`);
  }
  if (report.tailZeroed > 0) lines.push(`stale bytes zeroed past the cursor: ${report.tailZeroed}`);
  lines.push(`dead writers' slots freed: ${report.slotsCleared}`);
  if (report.syncFailure !== undefined) {
    lines.push(
      report.syncRestored
        ? `a failed sync (${report.syncFailure}) was cleared: the pages above the watermark were written and synced again`
        : `a failed sync (${report.syncFailure}) remains: syncing the pages again failed too (see \`mmlog stat\`)`,
    );
  }
  if (report.durableLowered)
    lines.push(`records reported durable were lost: durable watermark lowered to ${report.durable}`);
  lines.push(`durable watermark: ${report.durable}`);
  return `${lines.join('\n')}\n`;
}

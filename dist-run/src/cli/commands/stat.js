/**
 * `mmlog stat`: what a log is and who is writing it.
 * @module
 */
import { stat } from '../../admin/stat.js';
import { formatBytes, parseCommand, writeOut } from '../output.js';
const options = {
    json: { type: 'boolean' },
};
export const statCommand = {
    name: 'stat',
    summary: 'show the state of a log: format, cursor, committed watermark, sizes and writers',
    options,
    help: `Usage: mmlog stat PATH [--json]

Shows the state of the log at PATH from its control file, without changing it:
format, identity, cursor, committed watermark, sizes, counters, and
every writer with its state (alive, stalled = stopped, or dead) and current claim.

Options:
  --json       print the whole report as one JSON object
  -h, --help   show this help

Example:
  mmlog stat /var/log/app.log --json | jq '.writers[] | select(.state == "dead")'
`,
    run: runStat,
};
async function runStat(args) {
    const { path, values } = parseCommand(args, options, 'stat');
    const info = stat(path);
    await writeOut(values.json ? `${JSON.stringify(info, null, 2)}\n` : formatStat(info));
    return 0;
}
/** Position or size in bytes, with a human-readable size when it helps. */
function bytes(n) {
    return n < 1024 ? String(n) : `${n} (${formatBytes(n)})`;
}
/** The human-readable report of `mmlog stat`. */
function formatStat(info) {
    const flags = [info.flags.dataReady ? 'data-ready' : 'data-not-ready'];
    if (info.flags.panicked)
        flags.push('PANICKED (run `mmlog recover`)');
    const behind = info.cursor - info.committed;
    const rows = [
        ['path', info.path],
        ['format', `${info.format} (version ${info.version})`],
        ['log id', info.logId],
        ['created', info.createdAt],
        ['cursor', bytes(info.cursor)],
        ['committed', `${bytes(info.committed)}${behind > 0 ? `, ${behind} bytes in progress` : ''}`],
        ['allocated', bytes(info.allocated)],
        ['file size', bytes(info.fileSize)],
        // stat reads no data, so it cannot count a raw log's lines; verify scans and does.
        ...(info.format === 'raw' ? [['lines', 'not counted here: `mmlog verify` counts them']] : []),
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
    let text = rows.map(([key, value]) => `${`${key}:`.padEnd(12)} ${value}\n`).join('');
    text += '\n';
    if (info.writers.length === 0)
        return `${text}no writers\n`;
    const table = [['SLOT', 'PID', 'THREAD', 'ROLE', 'STATE', 'OPENED', 'CLAIM']];
    for (const w of info.writers) {
        const claim = w.claim === null ? '-' : `${w.claim.pos}+${w.claim.length}`;
        table.push([String(w.slot), String(w.pid), String(w.threadId), w.role, w.state, w.openedAt, claim]);
    }
    const widths = table[0].map((_, col) => Math.max(...table.map((row) => row[col].length)));
    for (const row of table)
        text += `${row
            .map((cell, col) => cell.padEnd(widths[col]))
            .join('  ')
            .trimEnd()}\n`;
    return text;
}
//# sourceMappingURL=stat.js.map
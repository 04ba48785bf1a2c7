/**
 * The checker of the power-loss test, run as the machine's next boot would
 * run it (see `runChildInNewBoot`): opens the log left in a copy of the disk
 * — by `recover()` or by `open()`, which recovers — reads every record and
 * compares them with what the writers were told was durable, then appends
 * one record more to show that the log is usable. It only collects facts;
 * the test judges them. argv[2]: a JSON {@link CheckSpec} file.
 */
import { readFileSync } from 'node:fs';
import { type Log, open, type RecoveryReport, read, recover, verify } from '../../src/index.js';
import { checkStampedRecord, stampedRecord } from '../helpers/records.js';

export interface CheckSpec {
  path: string;
  /** How the new boot meets the log: `recover()` first, or a writer's `open()`, which recovers. */
  via: 'recover' | 'open';
  /** Per writer, `[seq, pos, …]` of the records whose `appendDurable` had resolved. */
  acked: number[][];
}

export interface CheckReport {
  bootId: string;
  recovery?: {
    rebooted: boolean;
    cursorBefore: number;
    cursorAfter: number;
    durable: number;
    durableLowered: boolean;
    lost: number;
    lostBytes: number;
    corrupt: number;
    padded: number;
    tailZeroed: number;
    rollsFinished: number;
    syncFailure: string | undefined;
  };
  /** Records read after recovery. */
  records: number;
  /** Records whose bytes are not an intact stamped record (first few, and how many). */
  damaged: { pos: number; length: number }[];
  damagedCount: number;
  /** Records at or below the position of the one before them. */
  outOfOrder: number;
  /** Records read twice (same writer and sequence number). */
  duplicates: number;
  acked: number;
  /** Acknowledged records not found (first few, and how many). */
  missing: { writer: number; seq: number; pos: number }[];
  missingCount: number;
  /** Acknowledged records found at another position than the one `appendDurable` gave. */
  misplaced: number;
  /** Records found that had not been acknowledged (plain appends, or syncs not yet reported). */
  survivors: number;
  verify?: { ok: boolean; records: number; lost: number; corrupt: number };
  /** Whether a record appended after recovery was durable and read back last. */
  appendedAfter: boolean;
  error?: string;
}

const MARKER_WRITER = 999;
const spec: CheckSpec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const report: CheckReport = {
  bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim(),
  records: 0,
  damaged: [],
  damagedCount: 0,
  outOfOrder: 0,
  duplicates: 0,
  acked: spec.acked.reduce((sum, list) => sum + list.length / 2, 0),
  missing: [],
  missingCount: 0,
  misplaced: 0,
  survivors: 0,
  appendedAfter: false,
};

function summarize(r: RecoveryReport): CheckReport['recovery'] {
  return {
    rebooted: r.rebooted,
    cursorBefore: r.cursorBefore,
    cursorAfter: r.cursorAfter,
    durable: r.durable,
    durableLowered: r.durableLowered,
    lost: r.lost.length,
    lostBytes: r.lost.reduce((sum, range) => sum + range.end - range.start, 0),
    corrupt: r.corrupt.length,
    padded: r.padded.length,
    tailZeroed: r.tailZeroed,
    rollsFinished: r.rollsFinished,
    syncFailure: r.syncFailure,
  };
}

/** Every record of the log: `writer:seq` → position, checking each one's bytes and order. */
function readAll(): Map<string, number> {
  const found = new Map<string, number>();
  let last = -1;
  report.records = 0;
  for (const record of read(spec.path)) {
    report.records++;
    if (record.pos <= last) report.outOfOrder++;
    last = record.pos;
    const stamp = checkStampedRecord(record.data);
    if (stamp === undefined) {
      report.damagedCount++;
      if (report.damaged.length < 5) report.damaged.push({ pos: record.pos, length: record.data.length });
      continue;
    }
    const key = `${stamp[0]}:${stamp[1]}`;
    if (found.has(key)) report.duplicates++;
    found.set(key, record.pos);
  }
  return found;
}

async function check(): Promise<void> {
  let log: Log | undefined;
  if (spec.via === 'recover') report.recovery = summarize(recover(spec.path));
  else {
    log = open(spec.path, {
      format: 'framed',
      onRecovery: (r) => {
        report.recovery = summarize(r);
      },
    });
  }
  const found = readAll();
  let ackedFound = 0;
  for (const [writer, list] of spec.acked.entries()) {
    for (let i = 0; i < list.length; i += 2) {
      const [seq, pos] = [list[i], list[i + 1]];
      const at = found.get(`${writer}:${seq}`);
      if (at === undefined) {
        report.missingCount++;
        if (report.missing.length < 10) report.missing.push({ writer, seq, pos });
        continue;
      }
      ackedFound++;
      if (at !== pos) report.misplaced++;
    }
  }
  report.survivors = found.size - ackedFound;
  const v = verify(spec.path);
  report.verify = { ok: v.ok, records: v.records, lost: v.lost.length, corrupt: v.corrupt.length };
  log ??= open(spec.path, { format: 'framed' });
  const marker = stampedRecord(MARKER_WRITER, 0);
  const pos = await log.appendDurable(marker);
  log.close();
  const records = [...read(spec.path, { from: pos })];
  report.appendedAfter = records.length === 1 && Buffer.from(records[0].data).equals(marker);
}

check()
  .catch((error: unknown) => {
    report.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  })
  .finally(() => {
    process.send?.(report, () => process.disconnect());
  });

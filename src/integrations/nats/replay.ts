/**
 * `replay(path, options)`: builds a local log from what `ship` sent to a
 * JetStream stream — a mirror on another machine. Each message's payload is
 * appended as one record (a raw local log: as-is, so a raw source's lines
 * give the same bytes), and the position map `PATH.positions` records, per
 * record, the stream sequence, the original position and the local one.
 * Resumes where the map ends: records the log has and the map lacks (a
 * crash between the two) are checked against the stream, byte for byte, and
 * mapped, never appended twice. `follow` then waits for new messages.
 * @module
 */
import { existsSync } from 'node:fs';
import { DeliverPolicy } from '@nats-io/jetstream';
import { ErrorCode, MmlogError } from '../../errors.js';
import type { FormatName } from '../../layout/control.js';
import { open } from '../../open.js';
import { LineSplitter } from '../../reading/lines.js';
import { type LogRecord, read } from '../../reading/read.js';
import { abortSignal, boolean, checkOptions, checkPath, type OptionChecks, oneOf } from '../../util/arguments.js';
import { describeTarget, findStream, type NatsTarget, openSession } from './connection.js';
import { PositionMap } from './positionMap.js';
import { LOG_HEADER, POS_HEADER } from './recordHeaders.js';
import { checkTarget, TARGET_CHECKS } from './targetChecks.js';

/** Options of {@link replay}. */
export interface ReplayOptions extends NatsTarget {
  /** After the stream's last message, wait for new ones until `signal` aborts (default false). */
  follow?: boolean;
  /** Ends a `follow` cleanly. */
  signal?: AbortSignal;
  /** The format of the local log when it is created (default `framed`; `raw` for a raw source's lines). */
  format?: FormatName;
}

/** What a {@link replay} did. */
export interface ReplayReport {
  /** Records appended to the local log. */
  appended: number;
  /** Records the local log already had and the map lacked, checked against the stream. */
  reconciled: number;
  /** The last stream sequence replayed (0: none). */
  lastSeq: number;
}

const REPLAY_CHECKS: OptionChecks<ReplayOptions> = {
  ...TARGET_CHECKS,
  follow: boolean,
  signal: abortSignal,
  format: oneOf('raw', 'framed'),
};

/**
 * Replays the stream's messages on `options.subject` into the log at `path`
 * (created if missing). Bad arguments are refused at the call (TypeError,
 * RangeError); the rest rejects: `ERR_MMLOG_SINK_UNREACHABLE`,
 * `ERR_MMLOG_NATS_STREAM_MISSING`, `ERR_MMLOG_SINK_MISMATCH` (messages of
 * another log, a gap in the positions, a local log that differs from the stream).
 */
export async function replay(path: string, options: ReplayOptions): Promise<ReplayReport> {
  checkPath(path);
  const given = checkOptions('replay', options, REPLAY_CHECKS);
  const target = checkTarget('replay', given);
  const { signal } = given;
  const report: ReplayReport = { appended: 0, reconciled: 0, lastSeq: 0 };
  if (signal?.aborted) return report;
  let session: Awaited<ReturnType<typeof openSession>>;
  try {
    session = await openSession(target, given.follow === true);
  } catch (error) {
    throw new MmlogError(
      ErrorCode.SINK_UNREACHABLE,
      `cannot connect to ${describeTarget(target)}: ${(error as Error).message}`,
      path,
      { cause: error },
    );
  }
  const log = open(path, existsSync(path) ? {} : { format: given.format ?? 'framed' });
  const map = PositionMap.open(path);
  try {
    await findStream(session, target, false);
    const mapped = map.count > 0 ? map.entry(map.count - 1) : undefined;
    report.lastSeq = mapped?.seq ?? 0;
    // Records of the local log past the map's last (appended, not yet mapped when it stopped).
    const unmapped = localRecordsAfter(path, mapped?.local, log.format === 'raw');
    const last = await session.jsm.streams.getMessage(target.stream, { last_by_subj: target.subject });
    const endSeq = last?.seq ?? 0;
    if (given.follow !== true && endSeq <= report.lastSeq) return report;
    const consumer = await session.js.consumers.get(target.stream, {
      filter_subjects: target.subject,
      ...(report.lastSeq > 0
        ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: report.lastSeq + 1 }
        : { deliver_policy: DeliverPolicy.All }),
    });
    const messages = await consumer.consume();
    const stop = () => messages.stop();
    signal?.addEventListener('abort', stop);
    let lastOriginal = mapped?.original ?? -1;
    const flushTimer = setInterval(() => map.flush(), 200);
    try {
      for await (const msg of messages) {
        const logId = msg.headers?.get(LOG_HEADER) ?? '';
        const original = Number(msg.headers?.get(POS_HEADER));
        if (logId === '' || !Number.isSafeInteger(original) || original <= lastOriginal) {
          throw mismatch(path, `message ${msg.seq} is not the next record of a shipped log (${logId}:${original})`);
        }
        if (map.logId === undefined) map.setLogId(logId);
        else if (map.logId !== logId.padStart(map.logId.length, '0')) {
          throw mismatch(path, `message ${msg.seq} is of log ${logId}, this log mirrors ${map.logId}`);
        }
        const local = unmapped.shift();
        let localPos: number;
        if (local !== undefined) {
          if (Buffer.compare(local.data, msg.data) !== 0) {
            throw mismatch(path, `the local record at ${local.pos} differs from message ${msg.seq}`);
          }
          localPos = local.pos;
          report.reconciled++;
        } else {
          localPos = log.append(msg.data);
          report.appended++;
        }
        map.add({ seq: msg.seq, original, local: localPos });
        lastOriginal = original;
        report.lastSeq = msg.seq;
        if (given.follow !== true && msg.seq >= endSeq) break;
      }
    } finally {
      clearInterval(flushTimer);
      signal?.removeEventListener('abort', stop);
      messages.stop();
    }
    if (unmapped.length > 0 && given.follow !== true) {
      throw mismatch(path, `the local log has ${unmapped.length} records past what the stream holds`);
    }
    return report;
  } finally {
    map.close();
    log.close();
    await session.nc.close().catch(() => undefined);
  }
}

function mismatch(path: string, what: string): MmlogError {
  return new MmlogError(ErrorCode.SINK_MISMATCH, `replay: ${what}`, path);
}

/** The records (raw: lines) of the local log after the one at `pos` (all of them when undefined). */
function localRecordsAfter(path: string, pos: number | undefined, raw: boolean): LogRecord[] {
  const found: LogRecord[] = [];
  const lines = raw ? new LineSplitter() : undefined;
  for (const chunk of read(path, { from: pos ?? 0, ifGone: 'oldest' })) {
    for (const record of lines === undefined ? [chunk] : lines.push(chunk.pos, chunk.data)) {
      if (record.pos !== pos) found.push(record);
    }
  }
  return found;
}

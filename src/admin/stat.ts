/**
 * `stat`: what a log is and who is writing it, from its control file.
 * @module
 */
import { closeSync, statSync } from 'node:fs';
import type { ControlBlock } from '../control/controlBlock.js';
import { checkControlState } from '../control/integrity.js';
import { isProcessStopped } from '../control/processIdentity.js';
import { SegmentRing } from '../control/segmentRing.js';
import { durable, leaderWord, syncFailure, syncStats } from '../control/syncWords.js';
import { errnoName } from '../errors.js';
import { Flag, FORMAT_VERSION, IDLE, Offset, SegmentFill, SlotRole } from '../layout/control.js';
import { rawCommitted } from '../reading/claims.js';
import { LogReader } from '../reading/logReader.js';
import { listConsumers } from '../storage/consumerFiles.js';
import { openControl } from '../storage/creation.js';
import { type DataFile, openDataFile } from '../storage/dataFile.js';
import { controlPathOf, listSegmentBases, segmentPath } from '../storage/logPaths.js';
import { listRecyclePool } from '../storage/segmentRecycling.js';
import { checkPath } from '../util/arguments.js';

/** A writer slot as `stat` reports it. */
export interface WriterInfo {
  slot: number;
  /** Its process; `ENDED_PID` (4194304, no process) for a worker thread torn down in the middle of an append. */
  pid: number;
  threadId: number;
  /** `alive`, `stalled` (alive but stopped, e.g. SIGSTOP), or `dead`. */
  state: 'alive' | 'stalled' | 'dead';
  role: 'writer' | 'reader';
  openedAt: string;
  /** The claim it is in the middle of, if any. */
  claim: { pos: number; length: number } | null;
}

/** A segment of a segmented log, as `stat` reports it. */
export interface SegmentInfo {
  /** Its first position (its file is named after it). */
  base: number;
  /** Size of its file. */
  bytes: number;
  /** Whether it was sealed (ended by a roll): no record is added to it any more. */
  sealed: boolean;
  /** Where its records end when sealed (-1 when not sealed, or no longer known). */
  sealEnd: number;
}

/** What {@link stat} returns. */
export interface LogStat {
  path: string;
  format: 'raw' | 'framed';
  version: number;
  logId: string;
  createdAt: string;
  chunkSize: number;
  maxRecordSize: number;
  slots: number;
  /** Next free position. */
  cursor: number;
  /** Every claim below this is complete (computed now). */
  committed: number;
  /** Bytes of the data file known to be allocated. */
  allocated: number;
  /** Size of the data file (segmented: of all its segment files). */
  fileSize: number;
  /** Positions per segment; 0 for a single-file log. */
  segmentSize: number;
  /** Segmented logs: the period of rolls by time (ms; 0 = by size only) and the retention limits (0 = none). */
  rollEvery: number;
  retention: { maxSegments: number; maxBytes: number; maxAgeMs: number; recycle: number };
  /** Segmented logs: how new segments are allocated (`'allocate'` or `'zeros'`, see `OpenOptions.segmentFill`). */
  segmentFill: 'allocate' | 'zeros';
  /** Segmented logs that recycle: retired segment files in the pool, waiting to be reused (not segments). */
  recyclePool: number;
  /** The first position the log holds (retention and checkpoints delete whole segments below it). */
  firstPosition: number;
  /** Segmented logs: each segment file up to the active one, oldest first (not the next one, allocated ahead). */
  segments: SegmentInfo[];
  /** Segmented logs: the named consumers, their positions and how far behind the cursor they are (bytes). */
  consumers: { name: string; position: number; lag: number }[];
  flags: { dataReady: boolean; panicked: boolean };
  /**
   * Group commit: the durable watermark (every record below it is on stable
   * storage), how many syncs ran and how long they took (ms), the failure
   * that stopped syncs (an errno name such as `'EIO'`; null when none), and
   * the slot of the writer syncing now (null when none).
   */
  durability: {
    durable: number;
    syncs: number;
    lastSyncMs: number;
    meanSyncMs: number;
    maxSyncMs: number;
    failed: string | null;
    leaderSlot: number | null;
  };
  writers: WriterInfo[];
  counters: { growths: number; trims: number; slotsReclaimed: number; claimsAbandoned: number; claimsPadded: number };
}

function durabilityOf(control: ControlBlock): LogStat['durability'] {
  const { syncs, totalMs, lastMs, maxMs } = syncStats(control);
  const errno = syncFailure(control);
  const leader = leaderWord(control);
  return {
    durable: durable(control),
    syncs,
    lastSyncMs: lastMs,
    meanSyncMs: syncs > 0 ? totalMs / syncs : 0,
    maxSyncMs: maxMs,
    failed: errno === 0 ? null : errnoName(Math.abs(errno)),
    leaderSlot: leader > 0 ? leader - 1 : null,
  };
}

/**
 * Reads the state of the log at `path` without changing it.
 * @throws TypeError for a path that is not a non-empty string (nothing is opened then).
 */
export function stat(path: string): LogStat {
  checkPath(path);
  const { control, fd } = openControl(controlPathOf(path), false);
  try {
    const id = control.identity;
    // First: the data file and every field this reports are checked.
    const segmented = id.segmentSize > 0;
    const segments = segmented ? segmentsOf(path, control) : [];
    const fileSize = segmented ? segments.reduce((sum, s) => sum + s.bytes, 0) : dataFileSize(path, control);
    const committed = id.format === 'raw' ? rawCommitted(control) : framedCommitted(path);
    const flags = control.flags();
    const writers = control.occupiedSlots().map((s) => ({
      slot: s.index,
      pid: s.pid,
      threadId: s.threadId,
      state: !s.alive ? ('dead' as const) : isProcessStopped(s.pid) ? ('stalled' as const) : ('alive' as const),
      role: s.role === SlotRole.READER ? ('reader' as const) : ('writer' as const),
      openedAt: new Date(s.openedAt).toISOString(),
      claim:
        s.claimFloor === IDLE ? null : { pos: s.claimPos === IDLE ? s.claimFloor : s.claimPos, length: s.claimLen },
    }));
    return {
      path,
      format: id.format,
      version: FORMAT_VERSION,
      logId: ((BigInt(id.logIdHi) << 32n) | BigInt(id.logIdLo)).toString(16).padStart(16, '0'),
      createdAt: new Date(id.createdAt).toISOString(),
      chunkSize: id.chunkSize,
      maxRecordSize: id.maxRecordSize,
      slots: id.slotCount,
      cursor: control.cursor(),
      committed,
      allocated: control.allocated(),
      fileSize,
      segmentSize: id.segmentSize,
      rollEvery: id.rollEvery,
      retention: {
        maxSegments: id.retainSegments,
        maxBytes: id.retainBytes,
        maxAgeMs: id.retainAge,
        recycle: id.recycleSegments,
      },
      segmentFill: id.segmentFill === SegmentFill.ZEROS ? 'zeros' : 'allocate',
      recyclePool: segmented && id.recycleSegments > 0 ? listRecyclePool(path).length : 0,
      firstPosition: segmented ? new SegmentRing(control).firstPosition() : id.dataStart,
      segments,
      consumers: segmented
        ? listConsumers(path).map((c) => ({ ...c, lag: Math.max(0, control.cursor() - c.position) }))
        : [],
      flags: { dataReady: (flags & Flag.DATA_READY) !== 0, panicked: (flags & Flag.PANICKED) !== 0 },
      durability: durabilityOf(control),
      writers,
      counters: {
        growths: control.stat(Offset.STAT_GROWTHS),
        trims: control.stat(Offset.STAT_TRIMS),
        slotsReclaimed: control.stat(Offset.STAT_SLOTS_RECLAIMED),
        claimsAbandoned: control.stat(Offset.STAT_CLAIMS_ABANDONED),
        claimsPadded: control.stat(Offset.STAT_CLAIMS_PADDED),
      },
    };
  } finally {
    control.close(fd);
  }
}

/** The segment files of a segmented log, oldest first, with what the ring knows of them. */
function segmentsOf(dir: string, control: ControlBlock): SegmentInfo[] {
  checkControlState(control, controlPathOf(dir), undefined);
  const ring = new SegmentRing(control);
  const active = ring.segmentOf(control.cursor());
  const segments: SegmentInfo[] = [];
  for (const base of listSegmentBases(dir)) {
    // The next segment, allocated ahead of the cursor, holds nothing yet: not listed.
    if (ring.segmentOf(base) > active) continue;
    let bytes: number;
    try {
      bytes = statSync(segmentPath(dir, base)).size;
    } catch {
      continue;
    }
    const k = ring.segmentOf(base);
    segments.push({ base, bytes, sealed: k < active, sealEnd: ring.sealEnd(k) });
  }
  return segments;
}

/** The size of the data file (0 when there is none), checked against the control file. */
function dataFileSize(path: string, control: ControlBlock): number {
  let data: DataFile;
  try {
    data = openDataFile(path, control, false);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    checkControlState(control, controlPathOf(path), undefined);
    return 0;
  }
  closeSync(data.fd);
  return data.size;
}

/** Framed: walk (read-only) from the last published watermark to the first incomplete claim. */
function framedCommitted(path: string): number {
  const reader = LogReader.open(path, { onCorrupt: 'skip' }, false);
  try {
    const start = reader.control.committed();
    try {
      reader.seek(Math.max(start, reader.control.identity.dataStart));
    } catch {
      // A watermark that is not a record boundary (a damaged control file, or
      // the record there damaged since): walk from the start.
      reader.seek(0);
    }
    for (let next = reader.nextSettled(false); typeof next === 'object'; next = reader.nextSettled(false)) {
      // Walking to the first incomplete claim.
    }
    return reader.position;
  } finally {
    reader.close();
  }
}

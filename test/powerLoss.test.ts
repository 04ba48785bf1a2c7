/**
 * Power loss on a real filesystem (root only; skipped with a printed reason
 * otherwise): every record whose `appendDurable` resolved survives a power
 * cut, intact, and recovery in the next boot finds it although the control
 * file on the disk may be older than the data.
 *
 * Each run (an "iteration"): a fresh ext4 (journal on, 4 KiB blocks) on a
 * loop device; 2 to 4 writer processes (`children/powerWriter.ts`) append
 * stamped records to one framed log on it — one data file, or 64 KiB
 * segments (a roll every few dozen records) — each keeping 4
 * `appendDurable` calls in flight and adding 2 plain appends after each
 * one resolves, which nothing syncs on purpose; each reports over IPC the
 * sequence number and position of every record whose `appendDurable`
 * resolved. While they run, the image of the ext4 is copied 5 times, 150 to
 * 450 ms apart; then the writers are killed. Each copy is the disk of a
 * machine whose power was cut at that instant: it is mounted (ext4 replays
 * its journal) and checked by `children/powerLossCheck.ts`, run as the next
 * boot would run it — in a mount namespace of its own with another boot id
 * bind-mounted over `/proc/sys/kernel/random/boot_id` (so that mmlog sees a
 * reboot: slots and control-file contents of the old boot are not trusted),
 * with the writers dead. It recovers the log (`recover()`, or a writer's
 * `open()`, which recovers: alternately), reads every record and checks:
 * every record acknowledged before the copy began is there, at the position
 * `appendDurable` gave, with exactly its bytes; every record read is an
 * intact stamped record (never damaged bytes passed off as one), none
 * twice, positions increasing; recovery saw a reboot and lowered no
 * durable watermark; and a record appended afterwards is durable and read
 * back last (the recovered log is usable).
 *
 * What counts as acknowledged: only the acknowledgements the test had
 * received when it started the copy (the copy blocks its event loop, so none
 * received during it counts). A record acknowledged then was synced before
 * the copy began — the safe direction.
 *
 * The copy: an atomic snapshot of what the loop device had received. A write
 * the loop device completes is in its backing file (in that file's page
 * cache: loop writes it with `vfs_iter_write`, buffered); what the ext4
 * holds only in its own page cache, or in the loop device's queue, is not.
 * So "what reached the device" at an instant is the backing file's content
 * at that instant, and a consistent image of it is a snapshot of that file.
 * A plain copy (`cp`, `dd`) reads it while the loop device writes it, and can
 * tear anything — the ext4 journal included — in ways no power cut would: a
 * failure of the test, not of mmlog; and `sync` or `fsfreeze` before copying
 * would write the dirty pages a power cut loses. Here the backing file lives
 * on an XFS with reflinks (itself on another loop device, its image a sparse
 * file in the test's temporary directory) and the copy is `FICLONE`
 * (`copyFileSync` with `COPYFILE_FICLONE_FORCE`). XFS's clone
 * (`xfs_reflink_remap_prep`) takes the source's inode lock and its mmap lock
 * exclusively, waits for direct I/O, writes back the source's dirty page
 * cache and shares its extents, all before letting go of the locks; a
 * buffered write to the file (`xfs_file_buffered_write`, which the loop
 * device's writes are) holds the same inode lock for its whole duration. So
 * every write to the image is wholly before the clone or wholly after it:
 * the clone holds every request the loop device had completed — everything
 * the ext4 had been told was written, journal commits included — and
 * possibly some it had not completed yet (whole `vfs_iter_write` calls of
 * them), which a disk may keep or not as well.
 *
 * The control file is a shared mapping the kernel writes back whenever it
 * likes (every 30 s or so by default; a first sync of each writer also
 * syncs it), so a power cut usually leaves it older than the data: that is
 * the usual case here, not a contrived one (the checker reports the cursor
 * the copy's control file holds beside the one recovery found). Besides: in
 * every other iteration the test writes back the control file's pages
 * itself, once, in the middle of the run (`sync_file_range`, as the
 * kernel's write-back would: data pages are left alone), so that later
 * copies hold a control file whose cursor is ahead of data that never
 * reached the disk; and for every other copy the control file is replaced,
 * before the check, by one whose header page (cursor, watermarks, segment
 * ring) and, at random, some slot pages come from the first copy of the run:
 * pages of different ages, as write-back page by page can leave them.
 * Recovery must take nothing from it it cannot verify.
 *
 * What this test can show: that a record reported durable is on the device
 * once its sync resolved (the fdatasync of the data file, and for a
 * segmented log of the segments, the directory and `segments.idx`, really
 * cover it), that recovery in a new boot finds it whatever the control file
 * says, and that no damaged bytes are returned as a record — on ext4 with
 * its journal, for whatever interleavings of writers, syncs, rolls and
 * write-back these runs happen to hit.
 *
 * What it cannot show: the device here keeps every write it completed, in
 * order — a disk whose volatile write cache loses or reorders writes not
 * covered by a cache flush is not modelled (that needs dm-log-writes or a
 * replaying block device; there is no device-mapper here), so a missing
 * flush, or a flush issued before the write it should cover completed,
 * would go unseen as long as the write itself was issued. Nor are torn
 * sectors within one write. One filesystem (ext4, data=ordered) and one
 * kernel are tried; other filesystems order data and metadata differently.
 * Records are at most 8 KiB. And copies are taken at 5 instants per run
 * (many runs make many instants, not every one).
 *
 * `MMLOG_POWER_LOSS_ITERATIONS` sets the runs per variant (default 4: 20
 * copies, 35 to 45 s per variant on a 2-core machine).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { native } from '../src/native/binding.js';
import { controlPathOf } from '../src/storage/logPaths.js';
import type { CheckReport, CheckSpec } from './children/powerLossCheck.js';
import {
  cannotMount,
  cloneFile,
  type LoopFs,
  mountLoopExt4,
  mountLoopImage,
  mountLoopXfsReflink,
  mountTmpfs,
  subdir,
  unmount,
} from './helpers/blockDevices.js';
import { childScript, runChildInNewBoot } from './helpers/children.js';
import { tempDir } from './helpers/files.js';
import { prng } from './helpers/records.js';

/** Runs per variant (each: a fresh disk, new writers, SNAPSHOTS copies). */
const ITERATIONS = Number(process.env.MMLOG_POWER_LOSS_ITERATIONS ?? 4);
/** Copies of the disk taken while the writers run. */
const SNAPSHOTS = 5;
/** appendDurable calls each writer keeps in flight, and plain appends after each one resolves. */
const LANES = 4;
const PLAIN = 2;
/** Pages of the control file are mixed at this granularity (the page size of the machines this runs on). */
const PAGE = 4096;
const CHECK_TIMEOUT_MS = 120_000;
/** Longest wait for a writer's first acknowledgement, or for the next one: longer is a hang. */
const ACK_PATIENCE_MS = 30_000;
/** Size of the XFS holding the images (sparse, in a tmpfs: only what is written takes memory). */
const STORE_MIB = 2048;

const VARIANTS: { label: string; segmentSize: number; todo?: string }[] = [
  { label: 'one file', segmentSize: 0 },
  {
    label: '64 KiB segments',
    segmentSize: 64 * 1024,
  },
];

interface Writer {
  child: ChildProcess;
  /** `[seq, pos, …]` of its records whose appendDurable resolved, as received. */
  acks: number[];
  exited: Promise<void>;
  stderr: string;
}

/** Called (once) right after the next batch of acknowledgements from any writer is received. */
let onAck: (() => void) | undefined;

interface Snapshot {
  image: string;
  /** How many entries of each writer's `acks` had been received when the copy began. */
  acked: number[];
  /** Whether the test had written back the control file's pages before this copy. */
  controlWrittenBack: boolean;
}

interface Run {
  writers: Writer[];
  snapshots: Snapshot[];
}

function startWriter(path: string, writer: number, segmentSize: number): Writer {
  const args = [path, String(writer), String(segmentSize), String(LANES), String(PLAIN)];
  const child = fork(childScript('powerWriter'), args, { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const w: Writer = { child, acks: [], exited, stderr: '' };
  child.on('message', (m: { acks?: number[] }) => {
    if (m.acks === undefined) return;
    for (const n of m.acks) w.acks.push(n);
    const then = onAck;
    onAck = undefined;
    then?.();
  });
  child.stderr?.on('data', (d: Buffer) => {
    w.stderr += d.toString();
  });
  return w;
}

function checkAlive(writers: Writer[]): void {
  const dead = writers.find((w) => w.child.exitCode !== null || w.child.signalCode !== null);
  assert.ok(dead === undefined, `a writer died: ${dead?.stderr}`);
}

/** What the kernel's write-back of the control file's mapping does, now: its dirty pages, and nothing else. */
function writeBackControl(path: string): void {
  const fd = openSync(controlPathOf(path), 'r');
  try {
    const { SYNC_FILE_RANGE_WAIT_BEFORE, SYNC_FILE_RANGE_WRITE, SYNC_FILE_RANGE_WAIT_AFTER } = native.constants;
    native.syncFileRange(fd, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
  } finally {
    closeSync(fd);
  }
}

/**
 * Starts the writers on a fresh ext4 whose image lives on `store`, copies
 * the image SNAPSHOTS times while they run, kills them, and removes the
 * ext4. Returns the writers (with what they acknowledged) and the copies.
 */
async function runWriters(store: LoopFs, scratch: string, iteration: number, segmentSize: number): Promise<Run> {
  const image = join(store.mountPoint, `disk-${iteration}.img`);
  const live = mountLoopExt4(image, join(scratch, 'live'), {
    sizeMiB: 512,
    journal: true,
    mkfsOptions: ['-b', '4096'],
  });
  assert.ok(typeof live !== 'string', live as string);
  const path = join(live.mountPoint, 'log');
  const writers: Writer[] = [];
  const snapshots: Snapshot[] = [];
  const random = prng(iteration + 1);
  // Odd runs: the control file is written back once, before a copy from the second to the second last.
  const writeBackAt = iteration % 2 === 1 ? 1 + Math.floor(random() * (SNAPSHOTS - 2)) : -1;
  try {
    for (let w = 0; w < 2 + (iteration % 3); w++) writers.push(startWriter(path, w, segmentSize));
    const started = Date.now();
    while (writers.some((w) => w.acks.length === 0)) {
      checkAlive(writers);
      assert.ok(
        Date.now() - started < ACK_PATIENCE_MS,
        `every writer had a record acknowledged within ${ACK_PATIENCE_MS} ms`,
      );
      await sleep(10);
    }
    for (let k = 0; k < SNAPSHOTS; k++) {
      await sleep(150 + random() * 300);
      checkAlive(writers);
      if (k === writeBackAt) writeBackControl(path);
      // Right after an acknowledgement arrives (in the microtask after its message): a sync that
      // resolved before its data was on the disk has the least time to be made good by the next one.
      const acknowledged = new Promise<boolean>((resolve) => {
        onAck = () => resolve(true);
      });
      const quiet = sleep(ACK_PATIENCE_MS, false, { ref: false });
      assert.ok(await Promise.race([acknowledged, quiet]), `no sync resolved for ${ACK_PATIENCE_MS} ms: a hang`);
      const acked = writers.map((w) => w.acks.length);
      const copy = join(store.mountPoint, `copy-${iteration}-${k}.img`);
      cloneFile(image, copy);
      snapshots.push({ image: copy, acked, controlWrittenBack: writeBackAt >= 0 && k >= writeBackAt });
    }
    return { writers, snapshots };
  } finally {
    for (const w of writers) w.child.kill('SIGKILL');
    await Promise.all(writers.map((w) => w.exited));
    live.unmount();
    rmSync(image, { force: true });
  }
}

/** `current` with its header page, and at random some other pages, taken from `older`; and which were. */
function staleControl(older: Buffer, current: Buffer, random: () => number): { control: Buffer; pages: number[] } {
  const control = Buffer.from(current);
  const pages: number[] = [];
  for (let page = 0; page * PAGE < control.length; page++) {
    if (page > 0 && random() < 0.5) continue;
    older.copy(control, page * PAGE, page * PAGE, (page + 1) * PAGE);
    pages.push(page);
  }
  return { control, pages };
}

/** What went wrong in one check (empty when nothing did). */
function problemsOf(result: CheckReport, myBoot: string): string[] {
  const problems: string[] = [];
  if (result.error !== undefined) problems.push(`the check threw: ${result.error}`);
  if (result.bootId === myBoot) problems.push('the checker saw this boot, not a new one');
  if (result.recovery === undefined) problems.push('no recovery ran');
  else {
    if (!result.recovery.rebooted) problems.push('recovery did not see a reboot');
    if (result.recovery.durableLowered) problems.push(`recovery lowered the durable watermark`);
    if (result.recovery.syncFailure !== undefined) problems.push(`a sync failure: ${result.recovery.syncFailure}`);
  }
  if (result.missingCount > 0) {
    const some = result.missing.map((m) => `w${m.writer}#${m.seq}@${m.pos}`).join(', ');
    problems.push(`${result.missingCount} of ${result.acked} acknowledged records missing (${some}…)`);
  }
  if (result.misplaced > 0) problems.push(`${result.misplaced} acknowledged records at another position`);
  if (result.damagedCount > 0) {
    problems.push(`${result.damagedCount} damaged records returned: ${JSON.stringify(result.damaged)}`);
  }
  if (result.duplicates > 0) problems.push(`${result.duplicates} records read twice`);
  if (result.outOfOrder > 0) problems.push(`${result.outOfOrder} positions not increasing`);
  if (!result.appendedAfter) problems.push('a record appended after recovery was not read back');
  return problems;
}

for (const variant of VARIANTS)
  test(`power loss (${variant.label}): every record whose appendDurable resolved before the disk was copied is in the copy, intact, after recovery in a new boot`, {
    todo: variant.todo,
  }, async (t) => {
    const reason = cannotMount('mount loop devices');
    if (reason !== undefined) {
      console.log(`# skipped: ${reason}`);
      t.skip(reason);
      return;
    }
    const { dir, cleanup } = tempDir('mmlog-power-');
    // The XFS image in memory: syncs through two loop devices cost next to nothing.
    const ram = subdir(dir, 'ram');
    const noTmpfs = mountTmpfs(ram, `${STORE_MIB + 64}m`);
    const store = noTmpfs ?? mountLoopXfsReflink(join(ram, 'store.img'), join(dir, 'store'), STORE_MIB);
    if (typeof store === 'string') {
      console.log(`# skipped: ${store}`);
      t.skip(store);
      if (noTmpfs === undefined) unmount(ram);
      cleanup();
      return;
    }
    const myBoot = readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim();
    const problems: string[] = [];
    const totals = { copies: 0, acked: 0, found: 0, survivors: 0 };
    const began = Date.now();
    try {
      for (let iteration = 0; iteration < ITERATIONS; iteration++) {
        const runBegan = Date.now();
        const { writers, snapshots } = await runWriters(store, dir, iteration, variant.segmentSize);
        const random = prng(1000 + iteration);
        let first: Buffer | undefined;
        for (const [k, snapshot] of snapshots.entries()) {
          const via = k % 2 === 0 ? 'recover' : 'open';
          const copy = mountLoopImage(snapshot.image, join(dir, 'copy'));
          assert.ok(typeof copy !== 'string', copy as string);
          let result: CheckReport;
          let staled = '';
          try {
            const path = join(copy.mountPoint, 'log');
            const controlPath = controlPathOf(path);
            const control = readFileSync(controlPath);
            first ??= control;
            if (k > 0 && k % 2 === 0) {
              const stale = staleControl(first, control, random);
              writeFileSync(controlPath, stale.control);
              staled = stale.control.equals(control) ? ', stale pages (no older)' : `, stale pages ${stale.pages}`;
            }
            const spec: CheckSpec = {
              path,
              via,
              acked: writers.map((w, i) => w.acks.slice(0, snapshot.acked[i])),
            };
            const specFile = join(dir, 'check.json');
            writeFileSync(specFile, JSON.stringify(spec));
            const bootIdFile = join(dir, 'boot_id');
            writeFileSync(bootIdFile, `${randomUUID()}\n`);
            const run = await runChildInNewBoot('powerLossCheck', [specFile], {
              bootIdFile,
              timeoutMs: CHECK_TIMEOUT_MS,
            });
            assert.equal(run.code, 0, `the checker exited cleanly (${run.signal ?? run.code}): ${run.stderr}`);
            result = run.messages[0] as CheckReport;
          } finally {
            copy.unmount();
            rmSync(snapshot.image, { force: true });
          }
          const r = result.recovery;
          const label = `${variant.label} #${iteration}.${k}`;
          console.log(
            `# ${label} (${writers.length} writers, ${via}${snapshot.controlWrittenBack ? ', control written back' : ''}${staled}): ` +
              `acked ${result.acked}, found ${result.acked - result.missingCount} + ${result.survivors} unacked survivors; ` +
              `control cursor ${r?.cursorBefore} -> recovered ${r?.cursorAfter}, ${r?.lost} lost ranges (${r?.lostBytes} B)`,
          );
          for (const p of problemsOf(result, myBoot)) problems.push(`${label}: ${p}`);
          totals.copies++;
          totals.acked += result.acked;
          totals.found += result.acked - result.missingCount;
          totals.survivors += result.survivors;
        }
        console.log(`# ${variant.label} #${iteration}: ${Date.now() - runBegan} ms`);
      }
    } finally {
      store.unmount();
      unmount(ram);
      cleanup();
    }
    console.log(
      `# ${variant.label}: ${totals.copies} copies in ${ITERATIONS} runs, ${Date.now() - began} ms; ` +
        `acked ${totals.acked}, found ${totals.found}, ${totals.survivors} unacked survivors`,
    );
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
  });

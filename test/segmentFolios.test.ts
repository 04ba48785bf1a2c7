/**
 * Writers of a segmented log leave its segments cached in 2 MiB folios, as
 * one writer does: with several writers, each opening every segment anew,
 * readahead used to fill segments with 16–256 KiB folios, which every
 * writer mapped with 4 KiB entries (7× the page faults of a single-file log;
 * see `DataStore.adviseHugePages`). Root only (page frame numbers); skipped
 * where the kernel does not cache this file system's files in 2 MiB folios.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { open, stat } from '../src/index.js';
import { segmentPath } from '../src/storage/logPaths.js';
import { folioProbeUnavailable, shareInLargeFolios } from './helpers/folios.js';
import { planWriters, runWriters } from './helpers/writers.js';

const MiB = 1024 * 1024;
const SEGMENT = 16 * MiB;
/** Pages of a 2 MiB folio. */
const HUGE_FOLIO_PAGES = 512;
/** Segments 1 to 3 are checked: whole, sealed, written by every writer. */
const CHECKED = [1, 2, 3];

function hugePagesUnavailable(): string | undefined {
  try {
    const mode = readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'latin1');
    return mode.includes('[never]') ? 'transparent huge pages are off' : undefined;
  } catch {
    return 'no transparent huge pages in this kernel';
  }
}

/**
 * Share of the checked segments' pages in 2 MiB folios, but for their last
 * 2 MiB: cutting a sealed segment to its exact end splits the folio there.
 */
function hugeShare(dir: string): number {
  const shares = CHECKED.map((k) =>
    shareInLargeFolios(segmentPath(dir, k * SEGMENT), HUGE_FOLIO_PAGES, SEGMENT - 2 * MiB),
  );
  return shares.reduce((a, b) => a + b, 0) / shares.length;
}

test('segments written by four processes are cached in 2 MiB folios, as with one writer', async (t) => {
  const reason = folioProbeUnavailable() ?? hugePagesUnavailable();
  if (reason !== undefined) {
    console.log(`# skipped: ${reason}`);
    t.skip(reason);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mmlog-folios-'));
  try {
    const options = { format: 'framed' as const, segmentSize: SEGMENT, hugePages: true };
    // One writer: what this kernel and file system give a huge-page mapping.
    const alone = join(dir, 'alone');
    const log = open(alone, options);
    const record = new Uint8Array(500).fill(7);
    while (log.append(record) < (CHECKED.length + 2) * SEGMENT);
    log.close();
    const baseline = hugeShare(alone);
    if (baseline < 0.8) {
      const why = `one writer's segments are only ${(baseline * 100).toFixed(0)} % in 2 MiB folios on this kernel and file system`;
      console.log(`# skipped: ${why}`);
      t.skip(why);
      return;
    }
    const shared = join(dir, 'shared');
    open(shared, options).close();
    // Records of 1 B to 64 KiB (~640 B on average): past the last checked segment.
    const perWriter = Math.ceil(((CHECKED.length + 2) * SEGMENT) / 4 / 600);
    await runWriters(
      planWriters(dir, shared, ['process', 'process', 'process', 'process'], perWriter, options, 'bytes'),
    );
    assert.ok(stat(shared).cursor > (CHECKED.length + 1) * SEGMENT, 'the writers filled every checked segment');
    const share = hugeShare(shared);
    console.log(
      `# pages in 2 MiB folios: one writer ${(baseline * 100).toFixed(1)} %, four ${(share * 100).toFixed(1)} %`,
    );
    assert.ok(share >= 0.8, `only ${(share * 100).toFixed(1)} % of the pages are in 2 MiB folios`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { open } from '../src/index.js';
import { runChild } from './helpers/children.js';
import { tempDir } from './helpers/files.js';

const MiB = 1024 * 1024;

interface Residency {
  /** Largest resident KiB of the log's mappings seen by the writer. */
  peakKiB: number;
  /** Largest part of it mapped as huge pages. */
  peakHugeKiB: number;
  /** Size of the data file afterwards. */
  size: number;
}

async function peakResident(total: number, options: object): Promise<Residency> {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    const result = await runChild('residentProbe', [path, String(total), JSON.stringify(options)]);
    assert.equal(result.code, 0, result.stderr);
    const { peakKiB, peakHugeKiB } = result.messages[0] as { peakKiB: number; peakHugeKiB: number };
    return { peakKiB, peakHugeKiB, size: statSync(path).size };
  } finally {
    cleanup();
  }
}

/** Whether this kernel and the test directory's filesystem map a file with huge pages when asked. */
async function hugePagesAvailable(): Promise<boolean> {
  const { dir, cleanup } = tempDir();
  try {
    const result = await runChild('hugePageProbe', [dir]);
    assert.equal(result.code, 0, result.stderr);
    return (result.messages[0] as { pmdMapped: number }).pmdMapped > 0;
  } finally {
    cleanup();
  }
}

test('a writer keeps at most maxResident of the log mapped, however much it appends (default 64 MiB)', async () => {
  const { peakKiB, size } = await peakResident(768 * MiB, {});
  assert.equal(size, 768 * MiB, 'everything was written');
  assert.ok(peakKiB * 1024 <= 64 * MiB, `resident ${peakKiB} KiB ≤ 64 MiB`);
  assert.ok(peakKiB > 0, 'the probe sees the mapping');
});

test('hugePages (the default) maps the log with huge pages where the kernel can, within the same bound', async (t) => {
  if (!(await hugePagesAvailable())) {
    t.skip('this kernel or filesystem maps no file with huge pages (transparent huge pages off, or no large folios)');
    return;
  }
  const { peakKiB, peakHugeKiB, size } = await peakResident(256 * MiB, {});
  assert.equal(size, 256 * MiB);
  assert.ok(peakHugeKiB >= 2048, `${peakHugeKiB} KiB mapped as huge pages`);
  assert.ok(peakKiB * 1024 <= 64 * MiB, `resident ${peakKiB} KiB ≤ 64 MiB`);
});

test('hugePages: false keeps small pages', async () => {
  const { peakKiB, peakHugeKiB, size } = await peakResident(64 * MiB, { hugePages: false });
  assert.equal(size, 64 * MiB);
  assert.equal(peakHugeKiB, 0);
  assert.ok(peakKiB * 1024 <= 64 * MiB, `resident ${peakKiB} KiB ≤ 64 MiB`);
});

test('a smaller window: 4 MiB resident bound over 256 MiB, across many mapping windows', async () => {
  const options = { chunkSize: 256 * 1024, maxResident: 4 * MiB, maxRecordSize: 64 * 1024, windowSize: 16 * MiB };
  const { peakKiB, peakHugeKiB, size } = await peakResident(256 * MiB, options);
  assert.equal(size, 256 * MiB);
  assert.ok(peakKiB * 1024 <= 4 * MiB, `resident ${peakKiB} KiB ≤ 4 MiB`);
  assert.equal(peakHugeKiB, 0, 'chunks smaller than a huge page keep small pages');
});

test('a writer opened with durability takes small pages from its first record', async (t) => {
  if (!(await hugePagesAvailable())) {
    t.skip('this kernel or filesystem maps no file with huge pages: nothing to tell apart');
    return;
  }
  const { peakHugeKiB, size } = await peakResident(64 * MiB, { durability: {} });
  assert.equal(size, 64 * MiB);
  assert.equal(peakHugeKiB, 0, `${peakHugeKiB} KiB mapped as huge pages`);
});

test('while a writer that syncs lives, the other writers take small pages; once it is gone, huge pages again', async (t) => {
  if (!(await hugePagesAvailable())) {
    t.skip('this kernel or filesystem maps no file with huge pages: nothing to tell apart');
    return;
  }
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    // Small pages of its own (a default writer's first chunk would be huge pages, made before its first
    // sync), so that only the other writer's mapping decides what it maps with.
    const syncer = open(path, { format: 'framed', hugePages: false });
    let other: { peakHugeKiB: number };
    try {
      await syncer.appendDurable('a record, made durable: from now on this writer syncs');
      const result = await runChild('residentProbe', [path, String(64 * MiB), '{}']);
      assert.equal(result.code, 0, result.stderr);
      other = result.messages[0] as { peakHugeKiB: number };
    } finally {
      syncer.close();
    }
    assert.equal(
      other.peakHugeKiB,
      0,
      `with a syncing writer alive, ${other.peakHugeKiB} KiB were mapped as huge pages`,
    );
    const after = await runChild('residentProbe', [path, String(64 * MiB), '{}']);
    assert.equal(after.code, 0, after.stderr);
    const { peakHugeKiB } = after.messages[0] as { peakHugeKiB: number };
    assert.ok(peakHugeKiB >= 2048, `once it closed, ${peakHugeKiB} KiB were mapped as huge pages`);
  } finally {
    cleanup();
  }
});

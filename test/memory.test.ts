import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { runChild } from './helpers/children.js';
import { tempDir } from './helpers/files.js';

const MiB = 1024 * 1024;

async function peakResident(total: number, options: object): Promise<{ peakKiB: number; size: number }> {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    const result = await runChild('residentProbe', [path, String(total), JSON.stringify(options)]);
    assert.equal(result.code, 0, result.stderr);
    const { peakKiB } = result.messages[0] as { peakKiB: number };
    return { peakKiB, size: statSync(path).size };
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

test('a smaller window: 4 MiB resident bound over 256 MiB, across many mapping windows', async () => {
  const options = { chunkSize: 256 * 1024, maxResident: 4 * MiB, maxRecordSize: 64 * 1024, windowSize: 16 * MiB };
  const { peakKiB, size } = await peakResident(256 * MiB, options);
  assert.equal(size, 256 * MiB);
  assert.ok(peakKiB * 1024 <= 4 * MiB, `resident ${peakKiB} KiB ≤ 4 MiB`);
});

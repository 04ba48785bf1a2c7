/**
 * Property: whatever a power cut does to the parts of a framed log above its
 * durable watermark, recovery keeps every record below the watermark, and
 * never returns damaged bytes as a record.
 *
 * A log is written, synced part-way (the watermark W), and written on. The
 * files as they are then are copied, and the copy is damaged as a power cut
 * could leave them:
 * - in the data file, any 512-byte sectors at or above W (pieces of pages;
 *   a sector is what a disk writes atomically) lost (the file cut), zeroed,
 *   garbled, or replaced by an older version of the same bytes (taken after
 *   the sync: the bytes below W never change once synced, so no version of
 *   them is older than the sync's);
 * - the control file, which the kernel writes back whenever it likes, as it
 *   is, as it was at creation, or as it was half-way;
 * - and the machine rebooted: the copy's boot ids are not this boot's.
 * Recovery then runs as the next writer's `open()` would, and the copy is
 * read back.
 *
 * What this cannot show: that the bytes below W really were on the disk
 * (that is the kernel's and the device's part, tried for real in
 * powerLoss.test.ts when root). Raw logs have no checksums: damaged bytes
 * there cannot be told from records, so this holds for framed logs only.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { open, read, recover, stat } from '../src/index.js';
import { HeaderField, Offset, SLOT_SIZE, SlotField, SlotOffset } from '../src/layout/control.js';
import { tempDir } from './helpers/files.js';

const SECTOR = 512;
const PAGE = 4096;

type DamageKind = 'zero' | 'garble' | 'older' | 'cut';

interface Damage {
  /** Page, counted from the one holding the watermark. */
  page: number;
  /** First sector in it, and how many sectors. */
  sector: number;
  sectors: number;
  kind: DamageKind;
  /** Which older version (an index into the versions taken after the sync). */
  version: number;
}

interface Case {
  records: Uint8Array[];
  /** Records appended before the sync. */
  synced: number;
  damages: Damage[];
  control: 'current' | 'creation' | 'half-way';
}

const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    records: fc.array(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ minLength: 500, maxLength: 6000 })), {
      minLength: 1,
      maxLength: 30,
    }),
    syncedFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    damages: fc.array(
      fc.record({
        page: fc.nat({ max: 40 }),
        sector: fc.nat({ max: PAGE / SECTOR - 1 }),
        sectors: fc.integer({ min: 1, max: 16 }),
        kind: fc.constantFrom<DamageKind>('zero', 'garble', 'older', 'cut'),
        version: fc.nat(),
      }),
      { maxLength: 6 },
    ),
    control: fc.constantFrom<Case['control']>('current', 'creation', 'half-way'),
  })
  .map(({ records, syncedFraction, damages, control }) => ({
    records,
    synced: Math.max(1, Math.round(syncedFraction * records.length)),
    damages,
    control,
  }));

/** Another boot's ids in a control file image: the header's and every slot's tag. */
function fromAnotherBoot(control: Buffer): Buffer {
  const image = Buffer.from(control);
  randomBytes(HeaderField.BOOT_ID.size).copy(image, Offset.BOOT_ID);
  const slots = image.readUInt32LE(Offset.SLOT_COUNT);
  for (let i = 0; i < slots; i++) {
    const at = Offset.SLOTS + i * SLOT_SIZE + SlotOffset.BOOT_TAG;
    randomBytes(SlotField.BOOT_TAG.size).copy(image, at);
  }
  return image;
}

/** The data file after the power cut: `damages` applied at or above `durable` only. */
function damaged(current: Buffer, versions: Buffer[], durable: number, damages: Damage[]): Buffer {
  let data = Buffer.from(current);
  const firstPage = Math.floor(durable / PAGE);
  for (const d of damages) {
    const start = Math.max(durable, (firstPage + d.page) * PAGE + d.sector * SECTOR);
    const end = Math.min(data.length, start + d.sectors * SECTOR);
    if (start >= data.length) continue;
    if (d.kind === 'cut') {
      data = data.subarray(0, start);
      continue;
    }
    if (end <= start) continue;
    if (d.kind === 'zero') data.fill(0, start, end);
    if (d.kind === 'garble') randomBytes(end - start).copy(data, start);
    if (d.kind === 'older' && versions.length > 0) {
      const older = versions[d.version % versions.length] as Buffer;
      data.fill(0, start, end);
      older.copy(data, start, start, Math.min(end, older.length));
    }
  }
  return data;
}

test('property: after a power cut, recovery keeps every record below the durable watermark and returns no damaged bytes as a record', async () => {
  const { dir, cleanup } = tempDir();
  let run = 0;
  try {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (c) => {
        run++;
        const path = `${dir}/log-${run}`;
        const log = open(path, { format: 'framed', chunkSize: 64 * 1024 });
        const controlAtCreation = readFileSync(`${path}.ctl`);
        let controlHalfWay = controlAtCreation;
        const appended = new Map<number, Uint8Array>();
        const versions: Buffer[] = [];
        let durable: number;
        let current: Buffer;
        let control: Buffer;
        try {
          for (let i = 0; i < c.synced; i++)
            appended.set(log.append(c.records[i] as Uint8Array), c.records[i] as Uint8Array);
          await log.sync();
          durable = log.durable;
          for (let i = c.synced; i < c.records.length; i++) {
            versions.push(readFileSync(path));
            appended.set(log.append(c.records[i] as Uint8Array), c.records[i] as Uint8Array);
            if (i === Math.floor((c.synced + c.records.length) / 2)) controlHalfWay = readFileSync(`${path}.ctl`);
          }
          current = readFileSync(path);
          control = readFileSync(`${path}.ctl`);
        } finally {
          log.close();
        }
        // The files as the power cut left them, at a new path.
        const cut = `${path}-after`;
        writeFileSync(cut, damaged(current, versions, durable, c.damages));
        const controlImage = { current: control, creation: controlAtCreation, 'half-way': controlHalfWay }[c.control];
        writeFileSync(`${cut}.ctl`, fromAnotherBoot(controlImage));

        recover(cut);
        const found = [...read(cut)];
        let last = -1;
        for (const record of found) {
          assert.ok(record.pos > last, `positions increase (${record.pos} after ${last})`);
          last = record.pos;
          const expected = appended.get(record.pos);
          assert.ok(expected !== undefined, `a record at ${record.pos}, where none was appended`);
          assert.deepEqual(Buffer.from(record.data), Buffer.from(expected), `the record at ${record.pos} is damaged`);
        }
        const kept = new Set(found.map((r) => r.pos));
        for (const [pos] of appended) {
          if (pos < durable) assert.ok(kept.has(pos), `the record at ${pos}, below the watermark ${durable}, was lost`);
        }
        // The log goes on: a writer appends after the recovered end.
        const info = stat(cut);
        assert.ok(info.durability.durable <= info.cursor);
        const next = open(cut);
        const pos = next.append('after the power cut');
        next.close();
        assert.equal([...read(cut, { from: pos })].length, 1);
      }),
      { numRuns: Number(process.env.MMLOG_POWER_PROPERTY_RUNS ?? 60) },
    );
  } finally {
    cleanup();
  }
});

for (const format of ['framed', 'raw'] as const) {
  test(`segmented (${format}): a control file older than its segments after a reboot — recovery finds every later segment, and the next writer appends after them`, () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = `${dir}/log`;
      const log = open(path, { format, segmentSize: 64 * 1024 });
      const records: string[] = [];
      const first = 'first\n';
      log.append(first);
      records.push(first);
      const stale = readFileSync(`${path}/mmlog.ctl`);
      // Enough to fill several segments: the control file on disk still shows the first one active.
      for (let i = 0; i < 5000; i++) {
        const line = `record ${i} ${'x'.repeat(i % 97)}\n`;
        log.append(line);
        records.push(line);
      }
      log.syncSync();
      const segments = stat(path).segments.length;
      log.close();
      assert.ok(segments >= 4, `${segments} segments`);
      writeFileSync(`${path}/mmlog.ctl`, fromAnotherBoot(stale));

      const report = recover(path);
      assert.ok(report.segmentsAdopted >= segments - 1, `${report.segmentsAdopted} segments adopted of ${segments}`);
      const text = (data: Uint8Array) => Buffer.from(data).toString('utf8');
      const found = [...read(path)].map((r) => text(r.data));
      // Raw reads are byte ranges, and each roll leaves a blank filler line at a segment's head.
      const lines =
        format === 'raw'
          ? found
              .join('')
              .split(/(?<=\n)/)
              .filter((l) => l.trim() !== '')
          : found;
      assert.deepEqual(lines, records);
      const next = open(path);
      next.append('after\n');
      next.close();
      const again = [...read(path)].map((r) => text(r.data));
      assert.equal(again.join('').endsWith('after\n'), true);
      assert.ok(again.join('').includes(records.at(-1) as string), 'the next writer appended after the last segment');
    } finally {
      cleanup();
    }
  });
}

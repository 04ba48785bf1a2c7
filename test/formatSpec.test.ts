/**
 * docs/format.md is the specification of the on-disk format; the layout
 * modules (src/layout/control.ts, src/layout/frame.ts) are the code every
 * other module reads it through. This test reads every table of the document
 * and holds each row equal to a layout declaration — offset, size, type and
 * the field's identity, through explicit name maps — and holds every
 * declaration of the layout modules to a row. A row with no mapping, a
 * mapping with no row, and a layout export no check covers all fail.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { open } from '../src/index.js';
import * as control from '../src/layout/control.js';
import * as directory from '../src/layout/directory.js';
import * as frame from '../src/layout/frame.js';
import { NATIVE_CRC_THRESHOLD } from '../src/native/crc32c.js';
import { repoRoot, tempDir } from './helpers/files.js';

const DOC_PATH = join(repoRoot(), 'docs', 'format.md');
const doc = readFileSync(DOC_PATH, 'utf8');
/** The document with every run of white space made one space, for sentences that wrap. */
const prose = doc.replace(/\s+/g, ' ');

// ---------------------------------------------------------------- parsing

interface Row {
  /** Cells by column name, with Markdown emphasis and code marks removed. */
  cells: Record<string, string>;
  /** Cells as written, by column name. */
  raw: Record<string, string>;
  /** 1-based line number in docs/format.md, for messages. */
  line: number;
}

interface Table {
  heading: string;
  columns: string[];
  rows: Row[];
}

function splitRow(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
}

function clean(cell: string): string {
  return cell.replaceAll('**', '').replaceAll('`', '').trim();
}

/** Every table of the document, each under the text of the heading above it. */
function parseTables(markdown: string): Map<string, Table> {
  const lines = markdown.split('\n');
  const tables = new Map<string, Table>();
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const heads = /^#+\s+(.*)$/.exec(lines[i]);
    if (heads !== null) {
      heading = clean(heads[1]);
      continue;
    }
    if (!lines[i].startsWith('|') || !/^\|[\s:|-]+\|$/.test(lines[i + 1] ?? '')) continue;
    assert.ok(!tables.has(heading), `docs/format.md: two tables under the heading '${heading}'`);
    const columns = splitRow(lines[i]).map(clean);
    const rows: Row[] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j].startsWith('|'); j++) {
      const values = splitRow(lines[j]);
      assert.equal(
        values.length,
        columns.length,
        `docs/format.md:${j + 1}: ${values.length} cells in a table of ${columns.length} columns`,
      );
      const cells: Record<string, string> = {};
      const raw: Record<string, string> = {};
      columns.forEach((column, k) => {
        cells[column] = clean(values[k]);
        raw[column] = values[k].trim();
      });
      rows.push({ cells, raw, line: j + 1 });
    }
    tables.set(heading, { heading, columns, rows });
    i = j - 1;
  }
  return tables;
}

const tables = parseTables(doc);

function table(heading: string): Table {
  const found = tables.get(heading);
  assert.ok(found !== undefined, `docs/format.md has no table under the heading '${heading}'`);
  return found;
}

/** A whole number written in a cell ("64", "-1"). */
function integer(row: Row, column: string): number {
  const text = row.cells[column];
  assert.ok(/^-?\d+$/.test(text), `docs/format.md:${row.line}: ${column} '${text}' is not a number`);
  return Number(text);
}

/** "256 MiB − 64", "1 GiB", "4096": a byte count as the document writes it. */
function quantity(text: string): number {
  const unit = { '': 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
  const match = /^(\d+)\s*(KiB|MiB|GiB)?(?:\s*−\s*(\d+))?$/.exec(text.trim());
  assert.ok(match !== null, `'${text}' is not a byte count`);
  return Number(match[1]) * unit[(match[2] ?? '') as keyof typeof unit] - Number(match[3] ?? 0);
}

function where(row: Row): string {
  return `docs/format.md:${row.line} (${row.cells.Field ?? row.cells.Flag ?? row.cells.Record ?? ''})`;
}

/** Headings of the tables this test checks: a table under any other heading fails (it would go unchecked). */
const CHECKED_TABLES = [
  'Page 0: header',
  'Flags',
  'Segment fill',
  'Pages 1…: writer slots',
  'Slot values',
  'Formats',
  'Frame header',
  'lenWord',
  'Record types',
  'META frame',
  'Segmented logs',
  'Segment ring',
];

// ---------------------------------------------------------------- coverage

/**
 * Layout declarations some check below has held to the document: export
 * names, and `Export.KEY` for each key of an exported object.
 */
const covered = new Set<string>();

/** Exports of the layout modules that are not part of the format, and why. */
const NOT_FORMAT: Record<string, string> = {
  offsetsOf:
    'a helper deriving offsets from field specs; the offsets it yields are checked as Offset, SlotOffset, MetaOffset',
};

// ---------------------------------------------------------------- field tables

/** Doc field name → layout name, for each table of fields. */
const HEADER_NAMES = {
  magic: 'MAGIC',
  version: 'VERSION',
  controlSize: 'CONTROL_SIZE',
  format: 'FORMAT',
  chunkSize: 'CHUNK_SIZE',
  maxRecordSize: 'MAX_RECORD_SIZE',
  slotCount: 'SLOT_COUNT',
  logIdLo: 'LOG_ID_LO',
  logIdHi: 'LOG_ID_HI',
  createdAt: 'CREATED_AT',
  dataStart: 'DATA_START',
  pageSize: 'PAGE_SIZE',
  cursor: 'CURSOR',
  allocated: 'ALLOCATED',
  spaceShort: 'SPACE_SHORT',
  flags: 'FLAGS',
  committed: 'COMMITTED',
  durable: 'DURABLE',
  syncRequested: 'SYNC_REQUESTED',
  durableSeq: 'DURABLE_SEQ',
  syncLeader: 'SYNC_LEADER',
  syncErrno: 'SYNC_ERRNO',
  syncs: 'STAT_SYNCS',
  syncTotalMs: 'STAT_SYNC_TOTAL_MS',
  syncLastMs: 'STAT_SYNC_LAST_MS',
  syncMaxMs: 'STAT_SYNC_MAX_MS',
  notifySeq: 'NOTIFY_SEQ',
  waiters: 'WAITERS',
  bootId: 'BOOT_ID',
  growths: 'STAT_GROWTHS',
  trims: 'STAT_TRIMS',
  slotsReclaimed: 'STAT_SLOTS_RECLAIMED',
  claimsAbandoned: 'STAT_CLAIMS_ABANDONED',
  claimsPadded: 'STAT_CLAIMS_PADDED',
  segmentSize: 'SEGMENT_SIZE',
  rollEvery: 'ROLL_EVERY',
  retainSegments: 'RETAIN_SEGMENTS',
  retainBytes: 'RETAIN_BYTES',
  retainAge: 'RETAIN_AGE',
  recycleSegments: 'RECYCLE_SEGMENTS',
  segmentFill: 'SEGMENT_FILL',
  firstSegment: 'FIRST_SEGMENT',
  segmentRing: 'SEGMENT_RING',
} as const satisfies Record<string, keyof typeof control.HeaderField>;

const SEGMENT_ENTRY_NAMES = {
  segment: 'SEGMENT',
  activatedAt: 'ACTIVATED_AT',
  sealEnd: 'SEAL_END',
  sealedAt: 'SEALED_AT',
  firstRecord: 'FIRST_RECORD',
} as const satisfies Record<string, keyof typeof control.SegmentEntryField>;

const SLOT_NAMES = {
  pid: 'PID',
  threadId: 'THREAD_ID',
  startTime: 'START_TIME',
  claimFloor: 'CLAIM_FLOOR',
  claimPos: 'CLAIM_POS',
  claimLen: 'CLAIM_LEN',
  openedAt: 'OPENED_AT',
  role: 'ROLE',
  syncing: 'SYNCING',
  bootTag: 'BOOT_TAG',
} as const satisfies Record<string, keyof typeof control.SlotField>;

const FRAME_NAMES = { lenWord: 'LEN_WORD', crc: 'CRC' } as const satisfies Record<
  string,
  keyof typeof frame.FrameField
>;

const META_NAMES = {
  lenWord: 'LEN_WORD',
  crc: 'CRC',
  magic: 'MAGIC',
  version: 'VERSION',
  logIdLo: 'LOG_ID_LO',
  logIdHi: 'LOG_ID_HI',
  createdAt: 'CREATED_AT',
} as const satisfies Record<string, keyof typeof frame.MetaField>;

const RESERVED = 'reserved';

/**
 * Checks a table of fields (Offset, Size, Type, Field) against `fields`
 * through `names`: every row maps to a field with its offset, size and type
 * (or is `reserved`, typed `—`); every field has exactly one row; the rows
 * tile `[start, end)` in order, with no gap and no overlap. Returns the
 * reserved ranges. A row whose size is not a number (the payload of a
 * frame) must be listed in `variable`, which checks it; it takes no bytes of
 * the tiling.
 */
function checkFieldTable(
  heading: string,
  exportName: string,
  fields: Record<string, control.FieldSpec>,
  names: Record<string, string>,
  start: number,
  end: number,
  variable: Record<string, (row: Row) => void> = {},
): { start: number; end: number }[] {
  const rows = table(heading).rows;
  const seen = new Map<string, Row>();
  const reserved: { start: number; end: number }[] = [];
  let at = start;
  for (const row of rows) {
    const name = row.cells.Field;
    const offset = integer(row, 'Offset');
    assert.equal(offset, at, `${where(row)}: starts at ${offset}, but the row before it ends at ${at}`);
    if (Object.hasOwn(variable, name)) {
      variable[name](row);
      continue;
    }
    const size = integer(row, 'Size');
    assert.ok(size > 0, `${where(row)}: size ${size}`);
    at = offset + size;
    if (name === RESERVED) {
      assert.equal(row.cells.Type, '—', `${where(row)}: a reserved range has no type`);
      reserved.push({ start: offset, end: at });
      continue;
    }
    assert.ok(
      Object.hasOwn(names, name),
      `${where(row)}: field '${name}' maps to nothing in ${exportName} (add it to the test's name map)`,
    );
    const key = names[name];
    const field = fields[key];
    assert.ok(field !== undefined, `${where(row)}: ${exportName}.${key} does not exist`);
    assert.ok(!seen.has(key), `${where(row)}: ${exportName}.${key} has two rows (also line ${seen.get(key)?.line})`);
    seen.set(key, row);
    assert.equal(
      offset,
      field.offset,
      `${where(row)}: offset ${offset}, but ${exportName}.${key} is at ${field.offset}`,
    );
    assert.equal(size, field.size, `${where(row)}: size ${size}, but ${exportName}.${key} has ${field.size} bytes`);
    assert.equal(
      row.cells.Type,
      field.type,
      `${where(row)}: type ${row.cells.Type}, but ${exportName}.${key} is ${field.type}`,
    );
    covered.add(`${exportName}.${key}`);
  }
  assert.equal(at, end, `docs/format.md '${heading}': the rows end at ${at}, not at ${end}`);
  for (const key of Object.keys(fields)) {
    assert.ok(seen.has(key), `${exportName}.${key} has no row in docs/format.md '${heading}'`);
  }
  for (const name of Object.keys(names)) {
    assert.ok(
      rows.some((row) => row.cells.Field === name),
      `the test maps '${name}' but docs/format.md '${heading}' has no such row`,
    );
  }
  return reserved;
}

/** Checks that an offsets export (Offset, SlotOffset, MetaOffset) is exactly the offsets of its field specs. */
function checkOffsets(exportName: string, offsets: Record<string, number>, fields: Record<string, control.FieldSpec>) {
  for (const [key, field] of Object.entries(fields)) {
    assert.equal(offsets[key], field.offset, `${exportName}.${key}`);
    covered.add(`${exportName}.${key}`);
  }
}

// ---------------------------------------------------------------- tests

test('docs/format.md has exactly the tables this test checks', () => {
  assert.deepEqual([...tables.keys()].sort(), [...CHECKED_TABLES].sort());
});

test('control file: size, header page and cache lines', () => {
  const size = /Size: `(\d+) \+ (\d+) × slotCount` bytes \(([\d,]+) with the default (\d+) slots\)/.exec(prose);
  assert.ok(size !== null, 'docs/format.md: the control file size sentence is missing or reworded');
  assert.equal(Number(size[1]), control.HEADER_PAGE_SIZE, 'header page size');
  assert.equal(Number(size[1]), control.Offset.SLOTS, 'slots start after the header page');
  assert.equal(Number(size[2]), control.SLOT_SIZE, 'slot size');
  assert.equal(Number(size[4]), control.DEFAULT_SLOT_COUNT, 'default slot count');
  assert.equal(Number(size[3].replaceAll(',', '')), control.controlSize(control.DEFAULT_SLOT_COUNT), 'default size');
  for (const slots of [1, 7, 4096]) assert.equal(control.controlSize(slots), Number(size[1]) + Number(size[2]) * slots);
  assert.match(prose, new RegExp(`separate ${control.CACHE_LINE}-byte cache lines`));
  covered.add('HEADER_PAGE_SIZE').add('Offset.SLOTS').add('DEFAULT_SLOT_COUNT').add('controlSize').add('CACHE_LINE');

  const fields: Record<string, control.FieldSpec> = control.HeaderField;
  checkOffsets('Offset', control.Offset, fields);
  checkFieldTable('Page 0: header', 'HeaderField', fields, HEADER_NAMES, 0, control.HEADER_PAGE_SIZE);
  // A bold offset starts a new cache-line group (see the layout module).
  for (const row of table('Page 0: header').rows) {
    if (row.raw.Offset.startsWith('**')) {
      assert.equal(integer(row, 'Offset') % control.CACHE_LINE, 0, `${where(row)}: a bold offset starts a cache line`);
    }
  }
});

test('control header: the values and limits its rows state', () => {
  const rows = new Map(table('Page 0: header').rows.map((row) => [row.cells.Field, row]));
  const meaning = (field: string) => rows.get(field)?.cells.Meaning ?? '';
  assert.equal(meaning('magic'), control.MAGIC.toString('latin1'));
  assert.equal(control.MAGIC.length, control.HeaderField.MAGIC.size);
  covered.add('MAGIC');
  assert.match(meaning('version'), new RegExp(`^${control.FORMAT_VERSION}\\.`));
  covered.add('FORMAT_VERSION');
  const slots = /^Number of writer slots, (\d+) to (\d+)$/.exec(meaning('slotCount'));
  assert.ok(slots !== null, `slotCount: '${meaning('slotCount')}'`);
  assert.equal(Number(slots[1]), control.Limit.MIN_SLOT_COUNT);
  assert.equal(Number(slots[2]), control.Limit.MAX_SLOT_COUNT);
  const records = /^Largest payload, (\d+) to (.+)$/.exec(meaning('maxRecordSize'));
  assert.ok(records !== null, `maxRecordSize: '${meaning('maxRecordSize')}'`);
  assert.equal(quantity(records[2]), control.Limit.MAX_RECORD_SIZE);
  const chunk = /at most (.+)$/.exec(meaning('chunkSize'));
  assert.ok(chunk !== null, `chunkSize: '${meaning('chunkSize')}'`);
  assert.equal(quantity(chunk[1]), control.Limit.MAX_CHUNK_SIZE);
  const page = /at least (\d+)$/.exec(meaning('pageSize'));
  assert.ok(page !== null, `pageSize: '${meaning('pageSize')}'`);
  assert.equal(Number(page[1]), control.Limit.MIN_PAGE_SIZE);
  for (const key of Object.keys(control.Limit)) covered.add(`Limit.${key}`);
  // The framed length field must hold the largest record.
  assert.ok(control.Limit.MAX_RECORD_SIZE <= frame.LENGTH_MASK);
});

test('control header: flags', () => {
  const names = {
    DATA_READY: 'DATA_READY',
    PANICKED: 'PANICKED',
    SYNC_FAILED: 'SYNC_FAILED',
  } as const satisfies Record<string, keyof typeof control.Flag>;
  const rows = table('Flags').rows;
  for (const row of rows) {
    const name = row.cells.Flag;
    assert.ok(Object.hasOwn(names, name), `${where(row)}: flag '${name}' maps to nothing in Flag`);
    const key = names[name as keyof typeof names];
    assert.equal(integer(row, 'Value'), control.Flag[key], `${where(row)}: value`);
    assert.equal(integer(row, 'Value'), 2 ** integer(row, 'Bit'), `${where(row)}: value is not bit ${row.cells.Bit}`);
    covered.add(`Flag.${key}`);
  }
  for (const key of Object.keys(control.Flag)) {
    assert.ok(covered.has(`Flag.${key}`), `Flag.${key} has no row in docs/format.md 'Flags'`);
  }
});

test('control file: writer slots', () => {
  const start = /Slot `i` starts at `(\d+) \+ (\d+) × i` and fills one (\d+)-byte cache line/.exec(prose);
  assert.ok(start !== null, 'docs/format.md: the slot position sentence is missing or reworded');
  for (const i of [0, 1, 127]) {
    assert.equal(control.slotOffset(i), Number(start[1]) + Number(start[2]) * i, `slot ${i}`);
  }
  assert.equal(control.SLOT_SIZE, Number(start[3]));
  assert.equal(control.SLOT_SIZE, control.CACHE_LINE);
  const creator = /Slot (\d+) is held by the creator while it initialises the data file/.exec(prose);
  assert.ok(creator !== null, "docs/format.md: the creator's slot sentence is missing or reworded");
  assert.equal(Number(creator[1]), control.CREATOR_SLOT);
  covered.add('slotOffset').add('SLOT_SIZE').add('CREATOR_SLOT');

  const fields: Record<string, control.FieldSpec> = control.SlotField;
  checkOffsets('SlotOffset', control.SlotOffset, fields);
  checkFieldTable('Pages 1…: writer slots', 'SlotField', fields, SLOT_NAMES, 0, control.SLOT_SIZE);
});

test('control file: the values slot fields take', () => {
  const values: Record<string, { value: number; covers: string }> = {
    'pid free': { value: control.FREE_PID, covers: 'FREE_PID' },
    'pid ended': { value: control.ENDED_PID, covers: 'ENDED_PID' },
    'claimFloor idle': { value: control.IDLE, covers: 'IDLE' },
    'claimPos idle': { value: control.IDLE, covers: 'IDLE' },
    'role none': { value: control.SlotRole.NONE, covers: 'SlotRole.NONE' },
    'role writer': { value: control.SlotRole.WRITER, covers: 'SlotRole.WRITER' },
    'role reader': { value: control.SlotRole.READER, covers: 'SlotRole.READER' },
    'syncing leads': { value: control.SyncingBit.LEADS, covers: 'SyncingBit.LEADS' },
    'syncing syncs': { value: control.SyncingBit.SYNCS, covers: 'SyncingBit.SYNCS' },
  };
  const rows = table('Slot values').rows;
  for (const row of rows) {
    const name = `${row.cells.Field} ${row.cells.Name}`;
    assert.ok(Object.hasOwn(SLOT_NAMES, row.cells.Field), `${where(row)}: '${row.cells.Field}' is not a slot field`);
    assert.ok(Object.hasOwn(values, name), `${where(row)}: '${name}' maps to nothing in the layout`);
    assert.equal(integer(row, 'Value'), values[name].value, `${where(row)}: ${values[name].covers}`);
    covered.add(values[name].covers);
  }
  for (const [name, { covers }] of Object.entries(values)) {
    assert.ok(
      rows.some((row) => `${row.cells.Field} ${row.cells.Name}` === name),
      `${covers} ('${name}') has no row in docs/format.md 'Slot values'`,
    );
  }
  for (const key of Object.keys(control.SlotRole)) {
    assert.ok(covered.has(`SlotRole.${key}`), `SlotRole.${key} has no row in docs/format.md 'Slot values'`);
  }
});

test('control header: segment fill values', () => {
  const names = { allocate: 'ALLOCATE', zeros: 'ZEROS' } as const satisfies Record<
    string,
    keyof typeof control.SegmentFill
  >;
  const rows = table('Segment fill').rows;
  for (const row of rows) {
    const name = row.cells.Name;
    assert.ok(Object.hasOwn(names, name), `${where(row)}: '${name}' maps to nothing in SegmentFill`);
    const key = names[name as keyof typeof names];
    assert.equal(integer(row, 'Value'), control.SegmentFill[key], `${where(row)}: value`);
    covered.add(`SegmentFill.${key}`);
  }
  for (const key of Object.keys(control.SegmentFill)) {
    assert.ok(covered.has(`SegmentFill.${key}`), `SegmentFill.${key} has no row in docs/format.md 'Segment fill'`);
  }
});

test('data file: formats', () => {
  const rows = table('Formats').rows;
  for (const row of rows) {
    const format = row.cells.Format;
    assert.ok(Object.hasOwn(control.FORMAT_ID, format), `${where(row)}: format '${format}' is not in FORMAT_ID`);
    const name = format as control.FormatName;
    assert.equal(integer(row, 'Id'), control.FORMAT_ID[name], `${where(row)}: id`);
    assert.equal(integer(row, 'dataStart'), frame.DATA_START[name], `${where(row)}: dataStart`);
    covered.add(`FORMAT_ID.${name}`).add(`DATA_START.${name}`);
  }
  for (const name of Object.keys(control.FORMAT_ID)) {
    assert.ok(covered.has(`FORMAT_ID.${name}`), `FORMAT_ID.${name} has no row in docs/format.md 'Formats'`);
  }
});

test('framed format: the frame header, lenWord and record types', () => {
  const fields: Record<string, control.FieldSpec> = frame.FrameField;
  checkFieldTable('Frame header', 'FrameField', fields, FRAME_NAMES, 0, frame.HEADER_SIZE, {
    payload: (row) => {
      assert.equal(integer(row, 'Offset'), frame.HEADER_SIZE, `${where(row)}: the payload follows the header`);
      assert.equal(row.cells.Size, 'len', `${where(row)}: the payload is len bytes`);
      assert.equal(row.cells.Type, 'bytes', `${where(row)}: the payload is bytes`);
    },
  });
  assert.equal(frame.LEN_WORD_OFFSET, frame.FrameField.LEN_WORD.offset);
  assert.equal(frame.CRC_OFFSET, frame.FrameField.CRC.offset);
  covered.add('HEADER_SIZE').add('LEN_WORD_OFFSET').add('CRC_OFFSET');

  const aligned = /each starting at a multiple of (\d+)/.exec(prose);
  assert.ok(aligned !== null, 'docs/format.md: the frame alignment sentence is missing or reworded');
  assert.equal(Number(aligned[1]), frame.ALIGNMENT);
  const occupies = /a frame occupies `\(len \+ (\d+)\) & ~(\d+)` bytes/.exec(prose);
  assert.ok(occupies !== null, 'docs/format.md: the frame size formula is missing or reworded');
  for (let len = 0; len <= 100; len++) {
    assert.equal(frame.frameSize(len), (len + Number(occupies[1])) & ~Number(occupies[2]), `frameSize(${len})`);
  }
  covered.add('ALIGNMENT').add('frameSize');
  // A raw record is its bytes; a framed one its frame (what a segment must hold two of).
  for (const len of [0, 1, 7, 8, 100]) {
    assert.equal(frame.recordFootprint('framed', len), frame.frameSize(len));
    assert.equal(frame.recordFootprint('raw', len), len);
  }
  covered.add('recordFootprint');
  // Not a layout constant, but the append protocol states it.
  const short = /A payload under (\d+) bytes is copied, checksummed and committed in JavaScript/.exec(prose);
  assert.ok(
    short !== null,
    'docs/format.md: the append protocol no longer says which payloads are committed in JavaScript',
  );
  assert.equal(Number(short[1]), NATIVE_CRC_THRESHOLD);

  const bits = new Map(table('lenWord').rows.map((row) => [row.cells.Field, row]));
  assert.deepEqual([...bits.keys()].sort(), ['length', 'type']);
  const range = (field: string) => {
    const match = /^(\d+)–(\d+)$/.exec(bits.get(field)?.cells.Bits ?? '');
    assert.ok(match !== null, `lenWord ${field}: bits`);
    return [Number(match[1]), Number(match[2])];
  };
  const [lengthLow, lengthHigh] = range('length');
  assert.equal(lengthLow, 0);
  assert.equal(frame.LENGTH_MASK, 2 ** (lengthHigh + 1) - 1, 'LENGTH_MASK');
  const [typeLow, typeHigh] = range('type');
  assert.equal(typeLow, lengthHigh + 1);
  assert.equal(typeHigh, 31);
  assert.equal(frame.TYPE_SHIFT, typeLow, 'TYPE_SHIFT');
  covered.add('LENGTH_MASK').add('TYPE_SHIFT');

  const names = { DATA: 'DATA', PADDING: 'PADDING', META: 'META', LOST: 'LOST' } as const satisfies Record<
    string,
    keyof typeof frame.RecordType
  >;
  for (const row of table('Record types').rows) {
    const name = row.cells.Record;
    assert.ok(Object.hasOwn(names, name), `${where(row)}: record type '${name}' maps to nothing in RecordType`);
    const key = names[name as keyof typeof names];
    assert.equal(integer(row, 'Type'), frame.RecordType[key], `${where(row)}: type`);
    covered.add(`RecordType.${key}`);
    if (key === 'PADDING') {
      const most = /At most (.+?) each/.exec(row.cells.Meaning);
      assert.ok(most !== null, `${where(row)}: the largest padding frame`);
      assert.equal(quantity(most[1]), frame.MAX_PADDING_SIZE, `${where(row)}: MAX_PADDING_SIZE`);
      assert.ok(frame.MAX_PADDING_SIZE - frame.HEADER_SIZE <= frame.LENGTH_MASK);
      covered.add('MAX_PADDING_SIZE');
    }
  }
  for (const key of Object.keys(frame.RecordType)) {
    assert.ok(covered.has(`RecordType.${key}`), `RecordType.${key} has no row in docs/format.md 'Record types'`);
  }
});

test('framed format: the META frame', () => {
  const intro = /The first frame, at position (\d+), is the META frame: (\d+) bytes, a payload of (\d+)\./.exec(prose);
  assert.ok(intro !== null, 'docs/format.md: the META frame sentence is missing or reworded');
  assert.equal(Number(intro[1]), frame.META_POSITION);
  assert.equal(Number(intro[2]), frame.frameSize(frame.META_PAYLOAD_SIZE));
  assert.equal(Number(intro[3]), frame.META_PAYLOAD_SIZE);
  assert.equal(frame.FRAMED_DATA_START, frame.META_POSITION + Number(intro[2]));
  assert.match(prose, new RegExp(`User records start at ${frame.FRAMED_DATA_START}\\.`));
  covered.add('META_POSITION').add('META_PAYLOAD_SIZE').add('FRAMED_DATA_START');

  const fields: Record<string, control.FieldSpec> = frame.MetaField;
  const end = frame.META_POSITION + frame.frameSize(frame.META_PAYLOAD_SIZE);
  checkOffsets('MetaOffset', frame.MetaOffset, fields);
  checkFieldTable('META frame', 'MetaField', fields, META_NAMES, frame.META_POSITION, end);
  assert.deepEqual(frame.MetaField.LEN_WORD, frame.FrameField.LEN_WORD);
  assert.deepEqual(frame.MetaField.CRC, frame.FrameField.CRC);

  const rows = new Map(table('META frame').rows.map((row) => [row.cells.Field, row]));
  const value = (field: string) => rows.get(field)?.cells.Value ?? '';
  const lenWord = /(0x[0-9a-f]+)$/i.exec(value('lenWord'));
  assert.ok(lenWord !== null, 'META lenWord value');
  assert.equal(Number(lenWord[1]), frame.lenWordOf(frame.RecordType.META, frame.META_PAYLOAD_SIZE));
  assert.equal(value('magic'), frame.META_MAGIC);
  assert.equal(frame.META_MAGIC.length, frame.MetaField.MAGIC.size);
  assert.equal(value('version'), String(control.FORMAT_VERSION));
  covered.add('lenWordOf').add('META_MAGIC');
});

test('every reserved range is zero in a fresh log', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'fresh.log');
    const log = open(path, { format: 'framed', slots: 4 });
    try {
      log.append('a record');
      const ctl = readFileSync(`${path}.ctl`);
      const data = readFileSync(path);
      const zero = (bytes: Buffer, what: string) =>
        assert.ok(
          bytes.every((b) => b === 0),
          `${what} is not zero`,
        );
      const headerEnd = control.HEADER_PAGE_SIZE;
      const header = checkFieldTable('Page 0: header', 'HeaderField', control.HeaderField, HEADER_NAMES, 0, headerEnd);
      for (const range of header)
        zero(ctl.subarray(range.start, range.end), `control bytes [${range.start}, ${range.end})`);
      // A log nobody synced: no durable watermark, no leader, no failure, no sync statistics.
      zero(ctl.subarray(control.Offset.DURABLE, control.Offset.DURABLE + 32), 'the group-commit line');
      zero(ctl.subarray(control.Offset.STAT_SYNCS, control.Offset.STAT_SYNC_MAX_MS + 8), 'the sync statistics');
      zero(ctl.subarray(control.Offset.SEGMENT_SIZE, control.Offset.SLOTS), 'the segment fields of a single-file log');
      const slotEnd = control.SLOT_SIZE;
      const slot = checkFieldTable('Pages 1…: writer slots', 'SlotField', control.SlotField, SLOT_NAMES, 0, slotEnd);
      for (let i = 0; i < 4; i++) {
        for (const range of slot) {
          const base = control.slotOffset(i);
          zero(ctl.subarray(base + range.start, base + range.end), `slot ${i} bytes [${range.start}, ${range.end})`);
        }
      }
      const metaEnd = frame.FRAMED_DATA_START;
      const meta = checkFieldTable(
        'META frame',
        'MetaField',
        frame.MetaField,
        META_NAMES,
        frame.META_POSITION,
        metaEnd,
      );
      for (const range of meta)
        zero(data.subarray(range.start, range.end), `META bytes [${range.start}, ${range.end})`);
    } finally {
      log.close();
    }
  } finally {
    cleanup();
  }
});

test('segmented logs: the directory, the segment size and the segment ring', () => {
  const rows = new Map(table('Page 0: header').rows.map((row) => [row.cells.Field, row]));
  const size = /from (.+) to (.+)\. 0: a single-file log/.exec(rows.get('segmentSize')?.cells.Meaning ?? '');
  assert.ok(size !== null, 'segmentSize: the limits are missing or reworded');
  assert.equal(quantity(size[1]), control.Limit.MIN_SEGMENT_SIZE);
  assert.equal(quantity(size[2]), control.Limit.MAX_SEGMENT_SIZE);

  const names = new Map(table('Segmented logs').rows.map((row) => [row.cells.Name, row]));
  assert.ok(names.has(directory.CONTROL_NAME), 'the control file name');
  assert.ok(names.has(directory.ACTIVE_NAME), 'the active segment link');
  assert.ok(names.has(`${directory.CONSUMERS_NAME}/NAME${directory.CONSUMER_SUFFIX}`), 'the consumer files');
  assert.ok(names.has(`${'N'.repeat(directory.SEGMENT_NAME_DIGITS)}${directory.SEGMENT_SUFFIX}`), 'segment names');
  assert.match(prose, new RegExp(`its base position \`k × segmentSize\`, ${directory.SEGMENT_NAME_DIGITS} digits`));
  const pool = `${directory.RECYCLE_PREFIX}${'N'.repeat(directory.SEGMENT_NAME_DIGITS)}${directory.SEGMENT_SUFFIX}`;
  assert.ok(names.has(pool), 'the recycling pool files');
  assert.ok(names.has(`${pool}.PID${directory.RECYCLE_TAKEN_SUFFIX}`), 'a pool file being taken');
  const recycle = /from (\d+) to (\d+);/.exec(rows.get('recycleSegments')?.cells.Meaning ?? '');
  assert.ok(recycle !== null, 'recycleSegments: the limits are missing or reworded');
  assert.equal(Number(recycle[1]), 1);
  assert.equal(Number(recycle[2]), control.Limit.MAX_RECYCLE_SEGMENTS);
  const index = names.get(directory.SEGMENT_INDEX_NAME)?.cells.What ?? '';
  assert.match(index, new RegExp(`at ${directory.SEGMENT_INDEX_ENTRY_SIZE} × k, two little-endian u32`));
  for (const key of Object.keys(directory)) covered.add(`directory.${key}`);

  const ring = /Segment `k` uses entry `k mod (\d+)`, at `(\d+) \+ (\d+) × \(k mod \d+\)`/.exec(prose);
  assert.ok(ring !== null, 'docs/format.md: the segment ring sentence is missing or reworded');
  assert.equal(Number(ring[1]), control.SEGMENT_RING_SIZE);
  assert.equal(Number(ring[2]), control.Offset.SEGMENT_RING);
  assert.equal(Number(ring[3]), control.SEGMENT_ENTRY_SIZE);
  assert.equal(control.SEGMENT_RING_SIZE * control.SEGMENT_ENTRY_SIZE, control.HeaderField.SEGMENT_RING.size);
  for (const k of [0, 1, 31, 32, 1000]) {
    assert.equal(control.segmentEntryOffset(k), Number(ring[2]) + Number(ring[3]) * (k % Number(ring[1])));
  }
  covered.add('SEGMENT_RING_SIZE').add('SEGMENT_ENTRY_SIZE').add('segmentEntryOffset');
  const fields: Record<string, control.FieldSpec> = control.SegmentEntryField;
  checkOffsets('SegmentEntryOffset', control.SegmentEntryOffset, fields);
  checkFieldTable('Segment ring', 'SegmentEntryField', fields, SEGMENT_ENTRY_NAMES, 0, control.SEGMENT_ENTRY_SIZE);
});

test('every declaration of the layout modules is documented', () => {
  const missing: string[] = [];
  const named = Object.entries(directory).map(([name, value]) => [`directory.${name}`, value] as const);
  for (const name of named.map(([n]) => n)) if (!covered.has(name)) missing.push(name);
  for (const [name, value] of [...Object.entries(control), ...Object.entries(frame)]) {
    if (Object.hasOwn(NOT_FORMAT, name)) continue;
    const isRecord = typeof value === 'object' && value !== null && !Buffer.isBuffer(value);
    if (!isRecord) {
      if (!covered.has(name)) missing.push(name);
      continue;
    }
    for (const key of Object.keys(value)) if (!covered.has(`${name}.${key}`)) missing.push(`${name}.${key}`);
  }
  assert.deepEqual(missing, [], 'layout declarations that no row of docs/format.md is checked against');
});

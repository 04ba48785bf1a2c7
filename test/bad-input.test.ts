import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { ErrorCode, MmlogError, open, verify } from '../src/index.js';
import { contentFingerprint, fingerprint, tempDir } from './helpers/files.js';
import { readControl } from './helpers/logFile.js';

/** A log with a few records, and fingerprints of both its files. */
function existingLog(dir: string, format: 'raw' | 'framed' = 'raw') {
  const path = `${dir}/log`;
  const log = open(path, { format });
  for (let i = 0; i < 100; i++) log.append(`line ${i}\n`);
  log.close();
  return {
    path,
    data: fingerprint(path),
    dataContent: contentFingerprint(path),
    control: fingerprint(`${path}.ctl`),
  };
}

/** Overwrites a u32 of a control image. */
function u32(image: Buffer, offset: number, value: number): Buffer {
  image.writeUInt32LE(value, offset);
  return image;
}

function assertUntouched(files: { path: string; data: string; control: string }): void {
  assert.equal(fingerprint(files.path), files.data, 'data file unchanged');
  assert.equal(fingerprint(`${files.path}.ctl`), files.control, 'control file unchanged');
}

/** After a writer opened the log (its slot changed), the data and the cursor are what they were. */
function assertNoRecordWritten(files: { path: string; dataContent: string }, cursor: number): void {
  assert.equal(contentFingerprint(files.path), files.dataContent, 'data file unchanged');
  assert.equal(readControl(files.path).cursor, cursor, 'cursor unchanged');
}

test('append() of anything but a string or Uint8Array is a TypeError, and writes nothing', () => {
  const { dir, cleanup } = tempDir();
  try {
    const files = existingLog(dir);
    const cursor = readControl(files.path).cursor;
    const log = open(files.path);
    const values: unknown[] = [123, null, undefined, {}, [1, 2], new Uint16Array(4), new ArrayBuffer(4), Symbol('x')];
    for (const value of values) {
      assert.throws(() => log.append(value as string), TypeError);
    }
    log.close();
    assertNoRecordWritten(files, cursor);
  } finally {
    cleanup();
  }
});

for (const format of ['raw', 'framed'] as const)
  test(`append() of bytes that lie about themselves, or whose buffer was transferred (${format}): a TypeError before any claim, or the true bytes`, () => {
    const { dir, cleanup } = tempDir();
    try {
      const files = existingLog(dir, format);
      const cursor = readControl(files.path).cursor;
      const log = open(files.path);
      const detached = new Uint8Array(64);
      structuredClone(detached.buffer, { transfer: [detached.buffer] });
      // One of another realm (a vm context), whose ArrayBuffer is not this realm's.
      const foreign = new Uint8Array(runInNewContext('new ArrayBuffer(64)') as ArrayBuffer);
      structuredClone(foreign.buffer, { transfer: [foreign.buffer] });
      const dataView = new DataView(new ArrayBuffer(8));
      Object.setPrototypeOf(dataView, Uint8Array.prototype);
      for (const [name, value] of [
        // A Proxy passes instanceof and can claim any length: the copy would then write past the claim.
        [
          'a Proxy of a Uint8Array',
          new Proxy(new Uint8Array(200), { get: (t, k) => (k === 'byteLength' ? 8 : Reflect.get(t, k)) }),
        ],
        ['an object with the prototype of Uint8Array', Object.create(Uint8Array.prototype)],
        ['a DataView with the prototype of Uint8Array', dataView],
        ['a detached Uint8Array', detached],
        ["a Uint8Array over another realm's detached buffer", foreign],
      ] as const) {
        assert.throws(() => log.append(value as Uint8Array), TypeError, name);
      }
      log.close();
      assertNoRecordWritten(files, cursor);

      // An own byteLength that lies: the record is its true bytes, and the records around it are whole.
      const again = open(files.path);
      const liar = new Uint8Array(200).fill(0x61);
      Object.defineProperty(liar, 'byteLength', { value: 8 });
      const at = again.append(liar);
      const after = again.append(new Uint8Array(0));
      again.append('last\n');
      again.close();
      assert.equal(after - at, format === 'framed' ? 208 : 200);
      assert.equal(verify(files.path).ok, true);
    } finally {
      cleanup();
    }
  });

test('a record over the maximum is a RangeError naming the limit, and writes nothing', () => {
  const { dir, cleanup } = tempDir();
  try {
    const files = existingLog(dir, 'framed');
    const cursor = readControl(files.path).cursor;
    const log = open(files.path, { maxResident: 128 << 20 });
    assert.throws(() => log.append(new Uint8Array(log.maxRecordSize + 1)), {
      name: 'RangeError',
      message: new RegExp(`maxRecordSize \\(${log.maxRecordSize} bytes\\)`),
    });
    assert.throws(() => log.append('é'.repeat(log.maxRecordSize / 2 + 1)), RangeError);
    log.close();
    assertNoRecordWritten(files, cursor);
  } finally {
    cleanup();
  }
});

test('a missing directory is the ENOENT error, shaped like fs errors', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/no/such/dir/log`;
    assert.throws(
      () => open(path),
      (error: NodeJS.ErrnoException) => {
        assert.equal(error.code, 'ENOENT');
        assert.equal(error.errno, -2);
        assert.equal(error.syscall, 'open');
        assert.equal(error.path, path);
        return true;
      },
    );
  } finally {
    cleanup();
  }
});

test('a control file that is not ours, of another version, or truncated: stable code, nothing modified', () => {
  const { dir, cleanup } = tempDir();
  try {
    const files = existingLog(dir);
    const original = readFileSync(`${files.path}.ctl`);
    const cases: [string, (b: Buffer) => Buffer, string][] = [
      ['not ours', () => Buffer.from('hello, I am a text file\n'), ErrorCode.NOT_A_LOG],
      ['empty', () => Buffer.alloc(0), ErrorCode.TRUNCATED],
      ['another version', (b) => u32(b, 8, 2), ErrorCode.VERSION],
      ['truncated in the header', (b) => b.subarray(0, 100), ErrorCode.TRUNCATED],
      ['truncated in the slots', (b) => b.subarray(0, 5000), ErrorCode.TRUNCATED],
      ['longer than it says', (b) => Buffer.concat([b, Buffer.alloc(64)]), ErrorCode.TRUNCATED],
      ['impossible format id', (b) => u32(b, 16, 9), ErrorCode.CORRUPT],
      ['impossible chunk size', (b) => u32(b, 20, 1000), ErrorCode.CORRUPT],
      ['huge chunk size', (b) => u32(b, 20, 2 ** 31), ErrorCode.CORRUPT],
      ['huge maximum record', (b) => u32(b, 24, 2 ** 30), ErrorCode.CORRUPT],
      ['wrong data start', (b) => u32(b, 48, 8), ErrorCode.CORRUPT],
      [
        'negative cursor',
        (b) => {
          b.writeBigInt64LE(-5n, 64);
          return b;
        },
        ErrorCode.CORRUPT,
      ],
      ['panicked', (b) => u32(b, 136, b.readUInt32LE(136) | 2), ErrorCode.PANICKED],
    ];
    for (const [name, damage, code] of cases) {
      writeFileSync(`${files.path}.ctl`, damage(Buffer.from(original)));
      const damaged = { ...files, control: fingerprint(`${files.path}.ctl`) };
      assert.throws(() => open(files.path), { name: 'MmlogError', code }, name);
      assertUntouched(damaged);
    }
  } finally {
    cleanup();
  }
});

test('property: any garbage control file is refused with an MmlogError and left as it was', () => {
  const { dir, cleanup } = tempDir();
  try {
    const files = existingLog(dir);
    const original = readFileSync(`${files.path}.ctl`);
    const codes = new Set<string>(Object.values(ErrorCode));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 13000 }),
          // A valid file with a few bytes of its header overwritten.
          fc
            .array(fc.tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 255 })), { minLength: 1 })
            .map((edits) => {
              const b = Buffer.from(original);
              for (const [at, value] of edits) b[at] = value;
              return new Uint8Array(b);
            }),
        ),
        (bytes) => {
          writeFileSync(`${files.path}.ctl`, bytes);
          const before = fingerprint(`${files.path}.ctl`);
          const dataBefore = fingerprint(files.path);
          try {
            open(files.path).close();
            // Accepted: only possible if the edits left a valid header; the records are untouched.
            assert.equal(contentFingerprint(files.path), files.dataContent);
            return true;
          } catch (error) {
            assert.ok(error instanceof MmlogError, String(error));
            assert.ok(codes.has(error.code));
            // Refused: neither file was touched, not even its mtime.
            assert.equal(fingerprint(`${files.path}.ctl`), before);
            assert.equal(fingerprint(files.path), dataBefore);
            return true;
          }
        },
      ),
      { numRuns: 500 },
    );
  } finally {
    cleanup();
  }
});

test('out-of-range options are RangeErrors at open, wrong types TypeErrors; no file is created', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    const ranges: object[] = [
      { chunkSize: 1000 },
      { chunkSize: 64 * 1024 + 1 },
      { chunkSize: 2 ** 31 },
      { maxRecordSize: 0 },
      { maxRecordSize: 2 ** 28 },
      { maxRecordSize: 1.5 },
      { maxResident: 1 << 20 },
      { slots: 0 },
      { slots: 5000 },
      { windowSize: (8 << 20) + 4096 },
      { format: 'xml' },
      { creationTimeout: -1 },
    ];
    for (const options of ranges) assert.throws(() => open(path, options), RangeError, JSON.stringify(options));
    const types: unknown[] = [{ chunkSize: '8m' }, { bogus: 1 }, { hugePages: 'yes' }, { hugePages: 1 }, 'raw'];
    for (const options of types) assert.throws(() => open(path, options as object), TypeError, JSON.stringify(options));
    assert.throws(() => open(42 as unknown as string), TypeError);
    assert.throws(() => open(''), TypeError);
    assert.throws(() => readFileSync(path), { code: 'ENOENT' });
  } finally {
    cleanup();
  }
});

test('opening an existing log with different fixed settings is refused, nothing modified', () => {
  const { dir, cleanup } = tempDir();
  try {
    const files = existingLog(dir, 'raw');
    assert.throws(() => open(files.path, { format: 'framed' }), { code: ErrorCode.OPTION_MISMATCH });
    assert.throws(() => open(files.path, { chunkSize: 1 << 20 }), { code: ErrorCode.OPTION_MISMATCH });
    assertUntouched(files);
    open(files.path, { format: 'raw' }).close();
  } finally {
    cleanup();
  }
});

test('use after close is an ERR_MMLOG_CLOSED error; close is idempotent', () => {
  const { dir, cleanup } = tempDir();
  try {
    const log = open(`${dir}/log`);
    log.close();
    log.close();
    assert.throws(() => log.append('x'), { code: ErrorCode.CLOSED });
    assert.throws(() => log.trim(), { code: ErrorCode.CLOSED });
  } finally {
    cleanup();
  }
});

test('a data file that vanished after records were written is reported, not silently recreated', () => {
  const { dir, cleanup } = tempDir();
  try {
    const files = existingLog(dir);
    rmSync(files.path);
    assert.throws(() => open(files.path), { code: ErrorCode.DATA_MISSING });
  } finally {
    cleanup();
  }
});

test('framed data without a control file asks for recovery instead of guessing', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    writeFileSync(path, Buffer.alloc(256, 7));
    const before = fingerprint(path);
    assert.throws(() => open(path, { format: 'framed' }), { code: ErrorCode.NEEDS_RECOVERY });
    assert.equal(fingerprint(path), before);
  } finally {
    cleanup();
  }
});

test("open() of a log's control file (app.log.ctl, a directory's mmlog.ctl) is ERR_MMLOG_WRONG_DATA, never adopted as raw data", () => {
  const { dir, cleanup } = tempDir();
  try {
    open(`${dir}/app.log`).close();
    open(`${dir}/seg`, { segmentSize: 64 * 1024 }).close();
    for (const path of [`${dir}/app.log.ctl`, `${dir}/seg/mmlog.ctl`]) {
      const before = fingerprint(path);
      for (const options of [{}, { format: 'framed' as const }]) {
        assert.throws(() => open(path, options), { code: ErrorCode.WRONG_DATA, message: /control file of a log/ });
      }
      assert.equal(fingerprint(path), before, `${path} unchanged`);
      assert.equal(existsSync(`${path}.ctl`), false, 'no control file made for it');
    }
  } finally {
    cleanup();
  }
});

test('a raw log adopts an existing text file and appends after its bytes', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/app.log`;
    writeFileSync(path, 'written by someone else\n');
    const log = open(path);
    assert.equal(log.append('appended\n'), 24);
    log.close();
    assert.equal(readFileSync(path, 'utf8'), 'written by someone else\nappended\n');
  } finally {
    cleanup();
  }
});

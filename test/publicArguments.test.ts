/**
 * Every public function refuses bad arguments the way `open()` does, at the
 * call and before any file is opened: TypeError for a path that is not a
 * non-empty string, options that are not a plain object, an unknown option
 * name or a value of the wrong type; RangeError for a value out of range.
 * A table of known cases, then random junk (fast-check).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { ErrorCode, follow, Log, MmlogError, open, read, recover, stat, verify } from '../src/index.js';
import { destination } from '../src/integrations/pino.js';
import { contentFingerprint, fingerprint, tempDir } from './helpers/files.js';

/** One public function, called with a path and its options (verify: its `onProgress`). */
interface Target {
  name: string;
  /** The option names it takes, as documented (written out here, not taken from src/). */
  known: string[];
  /** Whether its second argument is an options object (verify's is a callback, stat has none). */
  takesOptions: boolean;
  /** Calls it; whatever it opened is closed again. read and follow are not iterated: they must refuse at the call. */
  call(path: unknown, options: unknown): void;
}

const OPEN_KEYS = [
  'format',
  'chunkSize',
  'maxRecordSize',
  'maxResident',
  'slots',
  'creationTimeout',
  'windowSize',
  'hugePages',
  'mode',
  'onRecovery',
];
const READ_KEYS = ['from', 'onCorrupt', 'onSkip', 'onLost', 'readOnly'];

// biome-ignore lint/suspicious/noExplicitAny: the point is to call them with anything
type Loose = (...args: any[]) => any;

const targets: Target[] = [
  { name: 'open', known: OPEN_KEYS, takesOptions: true, call: (p, o) => (open as Loose)(p, o).close() },
  { name: 'read', known: READ_KEYS, takesOptions: true, call: (p, o) => (read as Loose)(p, o) },
  { name: 'follow', known: [...READ_KEYS, 'signal'], takesOptions: true, call: (p, o) => (follow as Loose)(p, o) },
  { name: 'stat', known: [], takesOptions: false, call: (p) => (stat as Loose)(p) },
  { name: 'verify', known: [], takesOptions: false, call: (p, o) => (verify as Loose)(p, o) },
  { name: 'recover', known: ['repairCorruption'], takesOptions: true, call: (p, o) => (recover as Loose)(p, o) },
  {
    name: 'destination',
    known: OPEN_KEYS,
    takesOptions: true,
    // destination(path) or destination({ dest, ...options }).
    call: (p, o) => (destination as Loose)(o === undefined ? p : { ...(o as object), dest: p }).end(),
  },
];

function byName(name: string): Target {
  const target = targets.find((t) => t.name === name);
  assert.ok(target, name);
  return target;
}

/** A raw and a framed log with a few records, a path where no log is, and how to tell nothing changed. */
function fixture(dir: string) {
  const logs = (['raw', 'framed'] as const).map((format) => {
    const path = `${dir}/${format}`;
    const log = open(path, { format });
    for (let i = 0; i < 20; i++) log.append(`${format} line ${i}\n`);
    log.close();
    return path;
  });
  const files = readdirSync(dir).sort();
  const prints = () => logs.flatMap((p) => [fingerprint(p), fingerprint(`${p}.ctl`)]);
  const contents = () => logs.map((p) => contentFingerprint(p));
  return { logs, missing: `${dir}/missing`, files, prints, contents };
}

/** Asserts that `call` throws exactly a TypeError or RangeError (not a subclass, not an fs error). */
function assertRefused(call: () => void, expected: typeof TypeError | typeof RangeError | undefined, what: string) {
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown !== undefined, `${what}: accepted`);
  const kind = (thrown as object).constructor;
  assert.ok(kind === TypeError || kind === RangeError, `${what}: threw ${String(thrown)}`);
  if (expected !== undefined) assert.equal(kind, expected, `${what}: threw ${String(thrown)}`);
}

const BAD_PATHS: unknown[] = [
  undefined,
  null,
  42,
  true,
  '',
  'a\0b',
  {},
  [],
  Buffer.from('log'),
  new URL('file:///tmp/log'),
  Symbol('log'),
];
const BAD_OPTION_OBJECTS: unknown[] = ['raw', 42, null, true, [], new Date(), () => ({}), new Map(), Object.create({})];

/** Per target: options that are refused, and with which error. */
const BAD_OPTIONS: Record<string, [unknown, typeof TypeError | typeof RangeError][]> = {
  open: [
    [{ bogus: 1 }, TypeError],
    [{ chunksize: 1 << 20 }, TypeError],
    [{ format: 42 }, TypeError],
    [{ format: 'xml' }, RangeError],
    [{ chunkSize: '8m' }, TypeError],
    [{ chunkSize: 1000 }, RangeError],
    [{ slots: 1.5 }, RangeError],
    [{ hugePages: 'yes' }, TypeError],
    [{ mode: 0o400 }, RangeError],
    [{ onRecovery: 5 }, TypeError],
  ],
  read: [
    [{ bogus: 1 }, TypeError],
    [{ From: 0 }, TypeError],
    [{ signal: new AbortController().signal }, TypeError],
    [{ from: '5' }, TypeError],
    [{ from: 10n }, TypeError],
    [{ from: -1 }, RangeError],
    [{ from: 1.5 }, RangeError],
    [{ from: Number.NaN }, RangeError],
    [{ from: 2 ** 53 }, RangeError],
    [{ onCorrupt: 'ignore' }, RangeError],
    [{ onCorrupt: true }, TypeError],
    [{ onSkip: 'log' }, TypeError],
    [{ onLost: 'warn' }, TypeError],
    [{ readOnly: 'yes' }, TypeError],
    [{ readOnly: 1 }, TypeError],
  ],
  follow: [
    [{ bogus: 1 }, TypeError],
    [{ from: -1 }, RangeError],
    [{ onCorrupt: 'ignore' }, RangeError],
    [{ signal: {} }, TypeError],
    [{ signal: 'abort' }, TypeError],
    [{ readOnly: 0 }, TypeError],
  ],
  recover: [
    [{ bogus: 1 }, TypeError],
    [{ repairCorruption: 'yes' }, TypeError],
    // Internal to open(): a caller must not have a live writer's claims treated as dead.
    [{ ownSlot: 0 }, TypeError],
  ],
  verify: [
    ['progress', TypeError],
    [{}, TypeError],
    [42, TypeError],
  ],
  destination: [
    [{ bogus: 1 }, TypeError],
    [{ chunkSize: -1 }, RangeError],
    [{ onRecovery: 'warn' }, TypeError],
  ],
};

test('table: each public function refuses bad paths and options with TypeError or RangeError; nothing is created or changed', () => {
  const { dir, cleanup } = tempDir();
  try {
    const { logs, missing, files, prints } = fixture(dir);
    const before = prints();
    for (const target of targets) {
      for (const path of BAD_PATHS) {
        assertRefused(() => target.call(path, undefined), TypeError, `${target.name}(${String(path)})`);
      }
      const cases = [...(BAD_OPTIONS[target.name] ?? [])];
      if (target.takesOptions && target.name !== 'destination') {
        for (const options of BAD_OPTION_OBJECTS) cases.push([options, TypeError]);
      }
      for (const [options, expected] of cases) {
        for (const path of [...logs, missing]) {
          assertRefused(() => target.call(path, options), expected, `${target.name}(${path}, ${String(options)})`);
        }
      }
    }
    assert.deepEqual(readdirSync(dir).sort(), files, 'no file was created');
    assert.deepEqual(prints(), before, 'no file was changed, not even its mtime');
  } finally {
    cleanup();
  }
});

test('an unknown option is refused in the words open() uses, naming the options the function takes', () => {
  assert.throws(() => read('/nonexistent/log', { form: 0 } as object), {
    name: 'TypeError',
    message: /^unknown option 'form' of read\(\) \(it takes from, onCorrupt, onSkip, onLost, readOnly, ifGone\)$/,
  });
  assert.throws(() => open('/nonexistent/log', { bogus: 1 } as object), {
    name: 'TypeError',
    message: /^unknown option 'bogus' of open\(\)/,
  });
  assert.throws(() => recover('/nonexistent/log', { repair: true } as object), {
    name: 'TypeError',
    message: /^unknown option 'repair' of recover\(\) \(it takes repairCorruption\)$/,
  });
  assert.throws(() => stat(42 as unknown as string), {
    name: 'TypeError',
    message: 'path must be a string, got number',
  });
});

test('a Log is made by open() only: its constructor refuses anything else', () => {
  const Loose = Log as unknown as new (...args: unknown[]) => Log;
  assert.throws(() => new Loose(), TypeError);
  assert.throws(() => new Loose('/tmp/x', '/tmp/x.ctl', 1, { identity: { format: 'raw' } }, {}, 0), {
    name: 'TypeError',
    message: /made by open\(\)/,
  });
});

/** Values no option of any function accepts (each takes a number, string, boolean, function or AbortSignal). */
const neverValid = fc.oneof(
  fc.constant(null),
  fc.bigInt(),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
  fc.date(),
  fc.string().map((s) => Symbol(s)),
);

function isPlainObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Options of `target` that are certainly wrong: not an object, an unknown name, or a value no option takes. */
function junkOptions(target: Target): fc.Arbitrary<unknown> {
  const known = fc.dictionary(fc.constantFrom(...(target.known.length > 0 ? target.known : ['x'])), fc.anything(), {
    maxKeys: 3,
  });
  const unknownKey = fc
    .string({ minLength: 1 })
    .filter((k) => !target.known.includes(k) && k !== '__proto__' && k !== 'dest');
  const withUnknown = fc
    .tuple(target.known.length > 0 ? known : fc.constant({}), unknownKey, fc.anything())
    .map(([rest, key, value]) => Object.assign({}, rest, { [key]: value }));
  const options: fc.Arbitrary<unknown>[] = [withUnknown];
  if (target.name !== 'destination') {
    options.push(fc.anything().filter((v) => v !== undefined && !isPlainObject(v)));
  }
  if (target.known.length > 0) {
    const wrongValue = fc
      .tuple(known, fc.constantFrom(...target.known), neverValid)
      .map(([rest, key, value]) => Object.assign({}, rest, { [key]: value }));
    options.push(wrongValue);
  }
  if (target.name === 'verify') {
    // Its second argument is onProgress: anything but a function (or undefined) is junk.
    return fc.anything().filter((v) => v !== undefined && typeof v !== 'function');
  }
  return fc.oneof(...options);
}

test('property: random junk given to any public function is refused with only TypeError or RangeError; no file is created or changed', () => {
  const { dir, cleanup } = tempDir();
  try {
    const { logs, missing, files, prints } = fixture(dir);
    const before = prints();
    const goodPath = fc.constantFrom(...logs, missing);
    const junkPath = fc.oneof(
      fc.anything().filter((v) => typeof v !== 'string'),
      fc.constant(''),
      fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${dir}/${a}\0${b}`),
    );
    const call = fc.oneof(
      // A bad path, whatever the options.
      fc.tuple(fc.constantFrom(...targets), junkPath, fc.oneof(fc.constant(undefined), fc.anything())),
      // A good path with bad options.
      ...targets.filter((t) => t.name !== 'stat').map((t) => fc.tuple(fc.constant(t), goodPath, junkOptions(t))),
    );
    fc.assert(
      fc.property(call, ([target, path, options]) => {
        assertRefused(() => target.call(path, options), undefined, `${target.name}`);
      }),
      { numRuns: 3000 },
    );
    assert.deepEqual(readdirSync(dir).sort(), files, 'no file was created');
    assert.deepEqual(prints(), before, 'no file was changed, not even its mtime');
  } finally {
    cleanup();
  }
});

test('property: random values of real options on existing logs either work or fail with TypeError, RangeError or a coded MmlogError', () => {
  const { dir, cleanup } = tempDir();
  try {
    const { logs, files, contents } = fixture(dir);
    const before = contents();
    const codes = new Set<string>(Object.values(ErrorCode));
    // Values of every type the options take, and ones likely to mean something here: small
    // positions (most inside a framed record: refused as no boundary), formats, policies.
    const value = fc.oneof(
      fc.anything(),
      fc.integer({ min: -10, max: 1 << 21 }),
      fc.integer({ min: 1, max: 400 }),
      fc.boolean(),
      fc.string(),
      fc.constantFrom('raw', 'framed', 'skip', 'throw'),
    );
    // follow is left out: accepted, it would wait for records; destination is open.
    const runnable = targets.filter((t) => t.takesOptions && t.name !== 'follow' && t.name !== 'destination');
    const call = fc
      .constantFrom(...runnable)
      .chain((target) =>
        fc.tuple(fc.constant(target), fc.constantFrom(...logs), fc.dictionary(fc.constantFrom(...target.known), value)),
      );
    const seen = new Map<string, number>();
    const count = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
    fc.assert(
      fc.property(call, ([target, path, options]) => {
        try {
          target.call(path, options);
          // read returns its records lazily: a log's own errors come from the iteration.
          if (target.name === 'read') for (const _ of read(path, options as object));
          count('accepted');
        } catch (error) {
          const kind = (error as object).constructor;
          if (kind === TypeError || kind === RangeError) return void count(kind.name);
          assert.ok(error instanceof MmlogError, `${target.name}(${String(Object.keys(options))}): ${String(error)}`);
          assert.ok(codes.has(error.code), error.code);
          count('MmlogError');
        }
      }),
      {
        numRuns: 400,
        // Each outcome at least once, whatever the seed.
        examples: [
          [[byName('read'), logs[1], {}]],
          [[byName('read'), logs[1], { from: 12 }]],
          [[byName('open'), logs[0], { format: 'framed' }]],
          [[byName('recover'), logs[0], { repairCorruption: 1 }]],
          [[byName('open'), logs[0], { slots: 0 }]],
        ],
      },
    );
    // Not vacuous: the calls both worked and were refused, in each of the ways allowed.
    for (const what of ['accepted', 'TypeError', 'RangeError', 'MmlogError'])
      assert.ok(seen.get(what), `${what}: ${[...seen]}`);
    assert.deepEqual(readdirSync(dir).sort(), files, 'no file was created');
    assert.deepEqual(contents(), before, 'no byte of the data changed');
  } finally {
    cleanup();
  }
});

test('nested options (retention, durability) are read once, as checked: a getter that changes its answer afterwards changes nothing', () => {
  const { dir, cleanup } = tempDir();
  try {
    /** An options object whose `key` is `good` at the first read and `bad` at every later one. */
    const turning = (key: string, good: unknown, bad: unknown) => {
      let reads = 0;
      return Object.defineProperty({}, key, { enumerable: true, get: () => (reads++ === 0 ? good : bad) });
    };
    const segmented = open(`${dir}/segmented`, { segmentSize: 1 << 20, retention: turning('maxSegments', 3, -5) });
    segmented.append('x\n');
    segmented.close();
    // The control file holds what was checked: the log opens again, and stat reads it.
    open(`${dir}/segmented`).close();
    assert.equal(stat(`${dir}/segmented`).retention.maxSegments, 3);
    const syncing = open(`${dir}/syncing`, { durability: turning('intervalMs', 100, 'x') });
    syncing.append('y\n');
    syncing.close();
  } finally {
    cleanup();
  }
});

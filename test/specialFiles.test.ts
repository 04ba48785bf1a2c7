import assert from 'node:assert/strict';
import { execFileSync, fork } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { test } from 'node:test';
import { ErrorCode, open } from '../src/index.js';
import { segmentPath } from '../src/storage/logPaths.js';
import { childScript, collect } from './helpers/children.js';
import { fingerprint, tempDir } from './helpers/files.js';

const EVERY_ENTRY_POINT = ['open', 'read', 'verify', 'stat', 'recover'];

interface Outcome {
  name: string;
  ok: boolean;
  error?: string;
  code?: string;
  message?: string;
}

/** Runs the entry points on `path` in a child; a child still running after `timeoutMs` is killed and fails the test. */
async function probe(path: string, names: string[], timeoutMs = 20_000): Promise<Outcome[]> {
  const child = fork(childScript('entryPoints'), [path, names.join(',')], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const result = await collect(child);
  clearTimeout(timer);
  assert.equal(result.signal, null, `the entry points returned within ${timeoutMs} ms (none blocked)`);
  assert.equal(result.code, 0, result.stderr);
  return result.messages[0] as Outcome[];
}

/** Every entry point was refused with ERR_MMLOG_NOT_A_FILE, with a message matching `message`. */
function assertAllRefused(outcomes: Outcome[], message: RegExp): void {
  assert.equal(outcomes.length, EVERY_ENTRY_POINT.length);
  for (const outcome of outcomes) {
    assert.equal(outcome.ok, false, `${outcome.name} refused`);
    assert.equal(outcome.error, 'MmlogError', `${outcome.name}: ${outcome.message}`);
    assert.equal(outcome.code, ErrorCode.NOT_A_FILE, `${outcome.name}: ${outcome.message}`);
    assert.match(outcome.message ?? '', message, outcome.name);
  }
}

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

test('a FIFO at PATH.ctl: every entry point refuses it at once instead of blocking on it', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    mkfifo(`${path}.ctl`);
    assertAllRefused(await probe(path, EVERY_ENTRY_POINT), /is a FIFO/);
    assert.equal(existsSync(path), false, 'no data file was created');
  } finally {
    cleanup();
  }
});

test('a FIFO at PATH (the data file) of an existing log is refused by every entry point', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    for (const format of ['raw', 'framed'] as const) {
      const log = open(path, { format });
      log.append('a record\n');
      log.close();
      renameSync(path, `${dir}/moved-${format}`);
      mkfifo(path);
      const control = fingerprint(`${path}.ctl`);
      assertAllRefused(await probe(path, EVERY_ENTRY_POINT), /is a FIFO/);
      assert.equal(fingerprint(`${path}.ctl`), control, 'the control file is untouched');
      execFileSync('rm', ['-f', path, `${path}.ctl`]);
    }
  } finally {
    cleanup();
  }
});

test('PATH a symbolic link: refused, nothing written through it, nothing created beside it', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const target = `${dir}/target.txt`;
    writeFileSync(target, 'a file someone else owns\n');
    const before = fingerprint(target);
    const path = `${dir}/log`;
    symlinkSync(target, path);
    const outcomes = await probe(path, ['append']);
    assert.deepEqual(outcomes[0], {
      name: 'append',
      ok: false,
      error: 'MmlogError',
      code: ErrorCode.NOT_A_FILE,
      message: outcomes[0].message,
    });
    assert.match(outcomes[0].message ?? '', /is a symbolic link/);
    assert.equal(fingerprint(target), before, 'the link target is untouched');
    assert.equal(existsSync(`${path}.ctl`), false, 'no control file was created');
    assert.equal(readlinkSync(path), target);
  } finally {
    cleanup();
  }
});

test('a log reached through symbolic links to both of its files is refused, and left as it was', async () => {
  const { dir, cleanup } = tempDir();
  try {
    mkdirSync(`${dir}/real`);
    const real = `${dir}/real/log`;
    for (const format of ['raw', 'framed'] as const) {
      const log = open(real, { format });
      log.append('a record\n');
      log.close();
      const files = [fingerprint(real), fingerprint(`${real}.ctl`)];
      const path = `${dir}/link-${format}`;
      symlinkSync(real, path);
      symlinkSync(`${real}.ctl`, `${path}.ctl`);
      assertAllRefused(await probe(path, EVERY_ENTRY_POINT), /is a symbolic link/);
      // The data file alone a link, the control file a real one (a copy).
      execFileSync('rm', [`${path}.ctl`]);
      writeFileSync(`${path}.ctl`, readFileSync(`${real}.ctl`));
      assertAllRefused(await probe(path, EVERY_ENTRY_POINT), /is a symbolic link/);
      assert.deepEqual([fingerprint(real), fingerprint(`${real}.ctl`)], files, 'the real files are untouched');
      execFileSync('rm', ['-f', real, `${real}.ctl`]);
    }
  } finally {
    cleanup();
  }
});

test('a dangling symbolic link at PATH.ctl is reported as a link at once, not as a creation timeout', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    symlinkSync(`${dir}/nowhere`, `${path}.ctl`);
    const started = Date.now();
    assertAllRefused(await probe(path, EVERY_ENTRY_POINT), /is a symbolic link/);
    assert.ok(Date.now() - started < 10_000, 'no waiting for a creator');
    assert.equal(existsSync(path), false, 'no data file was created');
    assert.equal(existsSync(`${dir}/nowhere`), false, 'nothing was created at the link target');
  } finally {
    cleanup();
  }
});

test('a directory at PATH or PATH.ctl is refused with the same error', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    mkdirSync(`${path}.ctl`);
    assertAllRefused(await probe(path, EVERY_ENTRY_POINT), /is a directory/);
    execFileSync('rmdir', [`${path}.ctl`]);
    mkdirSync(path);
    const outcome = (await probe(path, ['open']))[0];
    assert.equal(outcome.code, ErrorCode.NOT_A_FILE, outcome.message);
    assert.match(outcome.message ?? '', /is a directory/);
  } finally {
    cleanup();
  }
});

test("a directory at the next segment's name: the last writer's close leaves it and throws nothing; the writer that reaches it refuses it", () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = `${dir}/log`;
    const segment = 64 * 1024;
    const log = open(path, { format: 'framed', segmentSize: segment });
    log.append('first');
    // What an administrator left where the segment after the active one would go.
    const next = segmentPath(path, segment);
    rmSync(next, { force: true });
    mkdirSync(next);
    log.append('second');
    log.close();
    assert.ok(statSync(next).isDirectory(), 'left as it was');
    const again = open(path);
    assert.throws(
      () => {
        for (let i = 0; i < 1000; i++) again.append(`filler ${i} ${'x'.repeat(100)}`);
      },
      { code: ErrorCode.NOT_A_FILE },
    );
    again.close();
  } finally {
    cleanup();
  }
});

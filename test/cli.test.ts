import assert from 'node:assert/strict';
import { fork, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type LogStat, open, type VerifyReport } from '../src/index.js';
import { childScript, waitForOutput } from './helpers/children.js';
import { tempDir } from './helpers/files.js';

const cliPath = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/** Runs the CLI to completion. */
function mmlog(...args: string[]) {
  const result = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A log at `dir/name` holding `records`, closed. Returns the path and each record's position. */
function makeLog(dir: string, name: string, format: 'raw' | 'framed', records: string[]) {
  const path = `${dir}/${name}`;
  const log = open(path, { format });
  const positions = records.map((r) => log.append(r));
  log.close();
  return { path, positions };
}

const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i}\n`);

/** Flips one bit of the byte at `pos` of the file. */
function flipByte(path: string, pos: number): void {
  const fd = openSync(path, 'r+');
  const byte = Buffer.alloc(1);
  readSync(fd, byte, 0, 1, pos);
  byte[0] ^= 0x01;
  writeSync(fd, byte, 0, 1, pos);
  closeSync(fd);
}

test('cat prints exactly what was appended, raw and framed, and --json gives positions', () => {
  const { dir, cleanup } = tempDir();
  try {
    const records = [...lines(50), 'no newline at the end'];
    const raw = makeLog(dir, 'raw', 'raw', records);
    const framed = makeLog(dir, 'framed', 'framed', records);
    for (const { path } of [raw, framed]) {
      const result = mmlog('cat', path);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, records.join(''));
    }
    const json = mmlog('cat', '--json', framed.path);
    const parsed = json.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      parsed,
      records.map((data, i) => ({ pos: framed.positions[i], data })),
    );
    const rawJson = mmlog('cat', raw.path, '--json');
    const rawParsed = rawJson.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      rawParsed,
      records.map((data, i) => ({ pos: raw.positions[i], data })),
      'raw --json: one object per line, at its byte offset',
    );
  } finally {
    cleanup();
  }
});

test('cat --from resumes exactly at a record', () => {
  const { dir, cleanup } = tempDir();
  try {
    const records = lines(20);
    const framed = makeLog(dir, 'framed', 'framed', records);
    const result = mmlog('cat', framed.path, '--from', String(framed.positions[15]));
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, records.slice(15).join(''));
    const raw = makeLog(dir, 'raw', 'raw', records);
    assert.equal(mmlog('cat', raw.path, '--from', String(raw.positions[7])).stdout, records.slice(7).join(''));
    const bad = mmlog('cat', framed.path, '--from', String(framed.positions[15] + 8));
    assert.notEqual(bad.status, 0);
    assert.match(
      bad.stderr,
      /^mmlog: position \d+ is not the start of a record \(it lies inside the record at \d+\): '.*' \[ERR_MMLOG_NOT_A_BOUNDARY\]\n$/,
    );
  } finally {
    cleanup();
  }
});

test('stat --json shows the cursor and a live writer, then the same writer dead after SIGKILL', async () => {
  const { dir, cleanup } = tempDir();
  const path = `${dir}/log`;
  const child = fork(childScript('holder'), [path], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  try {
    await new Promise((resolve) => child.once('message', resolve));
    const alive = mmlog('stat', '--json', path);
    assert.equal(alive.status, 0, alive.stderr);
    const info = JSON.parse(alive.stdout) as LogStat;
    assert.equal(info.format, 'raw');
    assert.equal(info.cursor, 'held open by a child\n'.length);
    assert.equal(info.committed, info.cursor);
    const writer = info.writers.find((w) => w.pid === child.pid);
    assert.ok(writer, `the child's slot is listed: ${alive.stdout}`);
    assert.equal(writer.state, 'alive');
    assert.equal(writer.role, 'writer');
    assert.match(mmlog('stat', path).stdout, new RegExp(`${child.pid}.*alive`));

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const dead = JSON.parse(mmlog('stat', '--json', path).stdout) as LogStat;
    assert.equal(dead.writers.find((w) => w.pid === child.pid)?.state, 'dead');
  } finally {
    child.kill('SIGKILL');
    cleanup();
  }
});

test('verify: exit 0 on a healthy log; exit 1 with the corrupt range after a payload byte is flipped', () => {
  const { dir, cleanup } = tempDir();
  try {
    const records = lines(10);
    const { path, positions } = makeLog(dir, 'log', 'framed', records);
    const healthy = mmlog('verify', path);
    assert.equal(healthy.status, 0, healthy.stderr);
    assert.match(healthy.stdout, /OK/);
    assert.match(healthy.stdout, /records:\s+10/);

    const damaged = positions[4];
    flipByte(path, damaged + 8);
    const result = mmlog('verify', '--json', path);
    assert.equal(result.status, 1);
    const report = JSON.parse(result.stdout) as VerifyReport;
    assert.equal(report.ok, false);
    assert.equal(report.records, 9);
    assert.deepEqual(report.corrupt, [{ start: damaged, end: positions[5] }]);
    assert.match(mmlog('verify', path).stdout, new RegExp(`corrupt:\\s+${damaged}\\.\\.${positions[5]}`));
    const quiet = mmlog('verify', '--quiet', path);
    assert.equal(quiet.status, 1);
    assert.equal(quiet.stdout, '');

    // cat prints what comes before the damage, then one line naming it.
    const cat = mmlog('cat', path);
    assert.equal(cat.status, 1);
    assert.equal(cat.stdout, records.slice(0, 4).join(''));
    assert.equal(
      cat.stderr,
      `mmlog: corrupt record at position ${damaged} (next valid record at ${positions[5]}): '${path}' [ERR_MMLOG_CORRUPT]\n`,
    );
    const skipped = mmlog('cat', '--skip-corrupt', path);
    assert.equal(skipped.status, 0, skipped.stderr);
    assert.equal(skipped.stdout, [...records.slice(0, 4), ...records.slice(5)].join(''));
  } finally {
    cleanup();
  }
});

test('recover --repair-corruption pads over a corrupt record below the committed watermark', () => {
  const { dir, cleanup } = tempDir();
  try {
    const { path, positions } = makeLog(dir, 'log', 'framed', lines(10));
    // Reading the whole (healthy) log raises the committed watermark to its end…
    assert.equal(mmlog('cat', path).status, 0);
    // …so damage that happens later lies below it.
    flipByte(path, positions[4] + 8);
    assert.equal(mmlog('verify', '--quiet', path).status, 1);
    const result = mmlog('recover', '--repair-corruption', '--json', path);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(mmlog('verify', '--quiet', path).status, 0);
  } finally {
    cleanup();
  }
});

test('recover prints what it did and exits 0', () => {
  const { dir, cleanup } = tempDir();
  try {
    const { path } = makeLog(dir, 'log', 'framed', lines(5));
    const result = mmlog('recover', path);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /framed log/);
    assert.match(result.stdout, /cursor unchanged/);
    const json = JSON.parse(mmlog('recover', '--json', path).stdout);
    assert.equal(json.corrupt.length, 0);
    assert.equal(json.cursorAfter, json.cursorBefore);
  } finally {
    cleanup();
  }
});

test('tail -n 3 prints the last three records (raw: lines)', () => {
  const { dir, cleanup } = tempDir();
  try {
    const records = lines(40);
    for (const format of ['raw', 'framed'] as const) {
      const { path } = makeLog(dir, format, format, records);
      const result = mmlog('tail', '-n', '3', path);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, records.slice(-3).join(''));
      assert.equal(mmlog('tail', path).stdout, records.slice(-10).join(''), 'default: 10');
      assert.equal(mmlog('tail', '-n', '100', path).stdout, records.join(''));
    }
  } finally {
    cleanup();
  }
});

test('tail -f prints a record appended after it started, and exits 0 on SIGTERM', async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const format of ['raw', 'framed'] as const) {
      const { path } = makeLog(dir, format, format, lines(5));
      const child = spawn(process.execPath, [cliPath, 'tail', '-f', '-n', '2', path], { stdio: 'pipe' });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const output = waitForOutput(child.stdout, (text) => text.includes('late record'));
      await waitForOutput(child.stdout, (text) => text.includes('line 4\n'));
      const log = open(path);
      log.append('late record\n');
      log.close();
      assert.equal(await output, 'line 3\nline 4\nlate record\n');
      child.kill('SIGTERM');
      assert.equal(await exited, 0, stderr);
      assert.equal(stderr, '');
    }
  } finally {
    cleanup();
  }
});

test('a reader that goes away (cat | head) ends cat quietly', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const { path } = makeLog(dir, 'log', 'framed', lines(100_000, 'x'.repeat(100)));
    const child = spawn(process.execPath, [cliPath, 'cat', path], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitForOutput(child.stdout, (text) => text.length > 0);
    child.stdout.destroy();
    assert.equal(await exited, 0);
    assert.equal(stderr, '');
  } finally {
    cleanup();
  }
});

test('errors are one line starting with mmlog and a non-zero exit status', () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const cmd of ['cat', 'tail', 'stat', 'verify', 'recover']) {
      const missing = mmlog(cmd, `${dir}/missing`);
      assert.notEqual(missing.status, 0, cmd);
      assert.match(missing.stderr, /^mmlog: no such log .*ENOENT.*\n$/, cmd);
      assert.equal(missing.stderr.split('\n').length, 2, `${cmd}: one line`);
    }
    const unknown = mmlog('frobnicate', 'x');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^mmlog: unknown command 'frobnicate' \(see 'mmlog --help'\)\n$/);
    const { path } = makeLog(dir, 'log', 'raw', lines(1));
    const cases = [
      ['cat', path, '--bogus'],
      ['cat'],
      ['tail', path, '-n', 'ten'],
      ['cat', path, '--from', '-5'],
      ['stat', path, 'extra'],
    ];
    for (const args of cases) {
      const result = mmlog(...args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, new RegExp(`^mmlog ${args[0]}: .+\\n$`), args.join(' '));
    }
    assert.equal(mmlog().status, 2);
  } finally {
    cleanup();
  }
});

test('--help for mmlog and each command exits 0 and shows the usage; --version prints it', () => {
  for (const cmd of ['cat', 'tail', 'stat', 'verify', 'recover']) {
    const result = mmlog(cmd, '--help');
    assert.equal(result.status, 0, cmd);
    assert.match(result.stdout, new RegExp(`^Usage: mmlog ${cmd} PATH`), cmd);
    assert.match(result.stdout, /Example:/, cmd);
    assert.equal(mmlog('help', cmd).stdout, result.stdout);
  }
  const top = mmlog('--help');
  assert.equal(top.status, 0);
  assert.match(top.stdout, /^Usage: mmlog <command>/);
  assert.equal(mmlog('help').stdout, top.stdout);
  const unknown = mmlog('help', 'frobnicate');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /^mmlog: unknown command 'frobnicate' \(see 'mmlog --help'\)\n$/);
  const version = mmlog('--version');
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
});

/**
 * The npm package as users get it. A copy of this checkout is packed with
 * `npm pack` (which runs `prepare` and `prepack`: the TypeScript and one
 * prebuilt addon per supported Node ABI), then:
 *
 * - the tarball's file list: what the library, its prebuilds and a source
 *   build need, and none of the tests, benchmarks, CI or build leftovers;
 * - installed into a fresh app with `--ignore-scripts` (pnpm's default is
 *   not to run install scripts) and `--prefer-offline` (the registry is asked
 *   only for what `npm install` of this checkout did not cache: installing
 *   from its lock file fetches tarballs, not the package documents a fresh
 *   app's install resolves versions from), `import('mmlog')` appends and
 *   reads back a record on this Node and on Node 22 and 24 from
 *   `~/.cache/mmlog/node` (scripts/with-node.sh; `.ci/run` installs both first):
 *   the prebuilt addon of each ABI is what loads;
 * - with no addon for the running Node, the import fails with
 *   `ERR_MMLOG_NATIVE_ADDON` and advice, `npx mmlog` prints that one line and
 *   exits 1, and the advice (`npm rebuild mmlog`) builds it from source;
 * - package-lock.json is what `npm install` would write for package.json.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot, tempDir } from './helpers/files.js';

const ROOT = repoRoot();

/** The supported Node.js lines and the ABI (`process.versions.modules`) of each: one prebuild per ABI. */
const PREBUILT: { major: number; abi: string }[] = [
  { major: 22, abi: '127' },
  { major: 24, abi: '137' },
];

const prebuildPath = (abi: string) => `prebuilds/linux-x64/mmlog.abi${abi}.glibc.node`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Run {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs and asserts success, showing the output when it failed. */
function must(command: string, args: string[], cwd: string): Run {
  const result = run(command, args, cwd);
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/**
 * The newest Node.js binary of each line installed by scripts/with-node.sh,
 * from the same cache directory.
 */
function cachedNode(major: number): string | undefined {
  const cache =
    process.env.MMLOG_NODE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mmlog', 'node');
  if (!existsSync(cache)) return undefined;
  const versions = readdirSync(cache)
    .filter((name) => name.startsWith(`${major}.`) && existsSync(join(cache, name, 'bin', 'node')))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const newest = versions.at(-1);
  return newest === undefined ? undefined : join(cache, newest, 'bin', 'node');
}

/**
 * Run in the app by each Node: imports mmlog, appends a framed record long
 * enough for the native CRC step, reads it back, and prints what happened
 * and which addon file node-gyp-build picked, as one JSON line.
 */
const CHECK = `
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const out = { node: process.version, abi: process.versions.modules };
try {
  const { open, read } = await import('mmlog');
  const pkg = join(process.cwd(), 'node_modules', 'mmlog');
  out.addon = createRequire(join(pkg, 'package.json'))('node-gyp-build').resolve(pkg).slice(pkg.length + 1);
  const dir = mkdtempSync(join(tmpdir(), 'mmlog-packaging-'));
  try {
    const path = join(dir, 'app.log');
    const log = open(path, { format: 'framed' });
    out.payload = 'a record appended by Node ' + process.version + ' through the installed package';
    out.pos = log.append(out.payload);
    log.close();
    out.records = [...read(path)].map((r) => ({ pos: r.pos, data: Buffer.from(r.data).toString() }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} catch (error) {
  out.error = { code: error.code, message: error.message };
}
console.log(JSON.stringify(out));
`;

interface CheckResult {
  node: string;
  abi: string;
  addon?: string;
  payload?: string;
  pos?: number;
  records?: { pos: number; data: string }[];
  error?: { code?: string; message: string };
}

let work: { dir: string; cleanup: () => void };
/** The packed tarball. */
let tarball: string;
/** The app the tarball is installed into. */
let app: string;

before(() => {
  work = tempDir('mmlog-packaging-');
  // Pack a copy: `npm pack` compiles and builds prebuilds in the directory it packs.
  const pkg = join(work.dir, 'pkg');
  const listed = must('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT).stdout;
  for (const file of listed.split('\0').filter((f) => f !== '')) {
    if (!existsSync(join(ROOT, file))) continue; // deleted in the work tree
    mkdirSync(dirname(join(pkg, file)), { recursive: true });
    cpSync(join(ROOT, file), join(pkg, file), { verbatimSymlinks: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
  // A build directory, as every checkout has one: it must stay out of the package.
  mkdirSync(join(pkg, 'build', 'Release'), { recursive: true });
  writeFileSync(join(pkg, 'build', 'Release', 'mmlog.node'), 'not an addon');
  must('npm', ['pack', '--pack-destination', work.dir], pkg);
  const packed = readdirSync(work.dir).filter((name) => name.endsWith('.tgz'));
  assert.equal(packed.length, 1, `npm pack made ${packed.join(', ')}`);
  tarball = join(work.dir, packed[0]);
  assert.ok(!existsSync(join(pkg, 'prebuilds')), 'postpack leaves no prebuilds/ behind');

  app = join(work.dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  writeFileSync(join(app, 'check.mjs'), CHECK);
  must('npm', ['install', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
});

after(() => work?.cleanup());

function check(node: string): CheckResult {
  const result = run(node, ['check.mjs'], app);
  assert.equal(result.status, 0, `${node} check.mjs:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout) as CheckResult;
}

function assertWorks(result: CheckResult, addon: string): void {
  assert.equal(result.error, undefined, `Node ${result.node}: ${result.error?.message}`);
  assert.equal(result.addon, addon, `Node ${result.node} loaded ${result.addon}`);
  assert.deepEqual(result.records, [{ pos: result.pos, data: result.payload }]);
}

test('the package holds the library, LICENSE, README, a prebuild per ABI and what a source build needs, and nothing else', () => {
  const files = must('tar', ['-tzf', tarball], work.dir)
    .stdout.split('\n')
    .filter((line) => line !== '' && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''));
  const nativeSources = readdirSync(join(ROOT, 'native')).map((name) => `native/${name}`);
  for (const required of [
    'package.json',
    'LICENSE',
    'README.md',
    'binding.gyp',
    'dist/src/index.js',
    'dist/src/index.d.ts',
    'dist/src/cli/main.js',
    'dist/src/integrations/pino.js',
    'dist/src/native/binding.js',
    ...nativeSources,
  ]) {
    assert.ok(files.includes(required), `${required} is missing from the package`);
  }
  const prebuilds = files.filter((file) => file.startsWith('prebuilds/')).sort();
  assert.deepEqual(prebuilds, PREBUILT.map(({ abi }) => prebuildPath(abi)).sort());
  const unwanted = files.filter((file) =>
    /^(test|bench|build|\.ci|node_modules|dist\/test|dist\/bench|scripts)\/|^\.git/.test(file),
  );
  assert.deepEqual(unwanted, [], 'tests, benchmarks, CI, build output or git files in the package');
  const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
  assert.match(license, /^MIT License\n\nCopyright \(c\) 2026 mmlog contributors\n/);
  assert.equal(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).license, 'MIT');
});

test('installed with --ignore-scripts, each supported Node loads its prebuilt addon and appends and reads', (t) => {
  const nodes = new Map<string, string>(); // version → binary
  if (PREBUILT.some(({ abi }) => abi === process.versions.modules)) nodes.set(process.version, process.execPath);
  for (const { major } of PREBUILT) {
    const node = cachedNode(major);
    if (node === undefined) {
      const reason = `no Node ${major} in ~/.cache/mmlog/node (\`scripts/with-node.sh ${major} true\` installs it)`;
      console.log(`# skipped Node ${major}: ${reason}`);
      continue;
    }
    nodes.set(must(node, ['--version'], app).stdout.trim(), node);
  }
  if (nodes.size === 0) {
    const reason = `Node ${process.versions.node.split('.')[0]} has no prebuild and no Node 22 or 24 was found`;
    console.log(`# skipped: ${reason}`);
    t.skip(reason);
    return;
  }
  for (const [version, node] of nodes) {
    const result = check(node);
    assert.equal(result.node, version);
    const prebuilt = PREBUILT.find(({ abi }) => abi === result.abi);
    assert.ok(prebuilt, `Node ${version} (ABI ${result.abi}) is not a supported line`);
    assertWorks(result, prebuildPath(prebuilt.abi));
  }
});

test('with no addon for this Node, import and `npx mmlog` give one line of advice, and `npm rebuild mmlog` follows it', () => {
  const installed = join(app, 'node_modules', 'mmlog');
  if (existsSync(join(installed, prebuildPath(process.versions.modules)))) {
    // The install script uses the prebuild: it compiles nothing.
    must('npm', ['rebuild', 'mmlog'], app);
    assert.ok(!existsSync(join(installed, 'build')), 'the install script compiled although a prebuild matched');
    renameSync(join(installed, 'prebuilds'), join(work.dir, 'prebuilds-aside'));
  }
  const failed = check(process.execPath);
  assert.equal(failed.error?.code, 'ERR_MMLOG_NATIVE_ADDON', JSON.stringify(failed));
  assert.match(failed.error?.message ?? '', /`npm rebuild mmlog`/);
  assert.match(failed.error?.message ?? '', /python3, make and g\+\+/);

  const cli = run('npx', ['--no-install', 'mmlog', 'stat', join(app, 'no.log')], app);
  assert.equal(cli.status, 1, cli.stderr);
  assert.equal(cli.stdout, '');
  assert.match(cli.stderr, /^mmlog: .*`npm rebuild mmlog`.*\[ERR_MMLOG_NATIVE_ADDON\]\n$/);
  assert.doesNotMatch(cli.stderr, /\n\s+at /, 'a stack trace');

  must('npm', ['rebuild', 'mmlog'], app);
  assert.ok(statSync(join(installed, 'build', 'Release', 'mmlog.node')).isFile());
  assertWorks(check(process.execPath), 'build/Release/mmlog.node');
});

test('package-lock.json is what `npm install` writes for package.json', () => {
  const dir = join(work.dir, 'lock');
  mkdirSync(dir);
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(ROOT, file), join(dir, file));
  must(
    'npm',
    ['install', '--package-lock-only', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
    dir,
  );
  assert.equal(
    readFileSync(join(dir, 'package-lock.json'), 'utf8'),
    readFileSync(join(ROOT, 'package-lock.json'), 'utf8'),
    'package-lock.json is out of date: run `npm install` and commit it',
  );
});

test('scripts/with-node.sh installs a Node line into an empty cache, also when run by the prepack of an `npm pack`', () => {
  const { dir, cleanup } = tempDir();
  try {
    const outerPack = join(dir, 'outer-pack');
    mkdirSync(outerPack);
    // `npm pack --pack-destination D` hands D to its lifecycle scripts as npm_config_pack_destination.
    const env = { ...process.env, MMLOG_NODE_CACHE: join(dir, 'cache'), npm_config_pack_destination: outerPack };
    const result = run(join(ROOT, 'scripts', 'with-node.sh'), ['22', 'node', '-p', 'process.versions.node'], dir, env);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout.trim(), /^22\.\d+\.\d+$/);
    assert.deepEqual(readdirSync(outerPack), [], "nothing lands in the outer pack's destination");
  } finally {
    cleanup();
  }
});

/**
 * `mmlog` itself never loads the NATS client: only `mmlog/nats` (and the
 * CLI's ship and replay, by a dynamic import when run) does. Walks the
 * static imports of the built modules, and checks a process that imports
 * `mmlog` and runs `mmlog stat` has no @nats-io module loaded.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const DIST_SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** Every bare specifier reachable from `entry` by static imports (dynamic `import()` not followed). */
function staticPackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /^\s*(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm,
    )) {
      const spec = (m[1] ?? m[2]) as string;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else packages.add(spec);
    }
  };
  visit(entry);
  return packages;
}

test('importing mmlog (and the CLI) does not statically reach @nats-io; mmlog/nats does', () => {
  const nats = (set: Set<string>) => [...set].filter((p) => p.startsWith('@nats-io/'));
  assert.deepEqual(nats(staticPackages(resolve(DIST_SRC, 'index.js'))), []);
  assert.deepEqual(nats(staticPackages(resolve(DIST_SRC, 'cli/main.js'))), []);
  assert.ok(nats(staticPackages(resolve(DIST_SRC, 'integrations/nats/index.js'))).length > 0, 'the walk sees them');
});

/** The @nats-io modules a Node.js process resolves while importing `modules` (a resolve hook reports them). */
function natsModulesLoaded(modules: string[]): string[] {
  const hook = `export async function resolve(s, c, next) {
    const r = await next(s, c);
    if (r.url.includes('/@nats-io/')) console.error('LOADED ' + r.url);
    return r;
  }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  const main = modules.map((m) => `await import(${JSON.stringify(m)});`).join('');
  const result = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', main],
    { encoding: 'utf8' },
  );
  assert.equal(result.status, 0, result.stderr);
  return result.stderr.split('\n').filter((line) => line.startsWith('LOADED '));
}

test('a process that imports mmlog loads no @nats-io module; one that imports mmlog/nats does', () => {
  assert.deepEqual(natsModulesLoaded([resolve(DIST_SRC, 'index.js'), resolve(DIST_SRC, 'cli/commandList.js')]), []);
  assert.ok(natsModulesLoaded([resolve(DIST_SRC, 'integrations/nats/index.js')]).length > 0, 'the hook sees them');
});

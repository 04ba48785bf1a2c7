/**
 * Imports point one way (ARCHITECTURE.md): each module of src/ may import
 * only modules of its own layer or of layers below it, and writing and
 * reading, which share a layer, not each other. A new directory or
 * top-level module must be given a layer here.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Layer of each directory or top-level module, bottom (0) to top. */
const LAYERS: Record<string, number> = {
  layout: 0,
  'errors.ts': 0,
  util: 0,
  native: 1,
  'options.ts': 1,
  control: 2,
  storage: 3,
  writing: 4,
  reading: 4,
  durability: 5,
  admin: 5,
  'open.ts': 5,
  integrations: 6,
  'index.ts': 7,
  cli: 7,
};

/** Same-layer groups that must not import each other. */
const APART = [['writing', 'reading']];

function groupOf(file: string): string {
  return relative(SRC, file).split('/')[0];
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('imports point one way: every src module imports only its own layer or layers below', () => {
  const violations: string[] = [];
  for (const file of sources(SRC)) {
    const from = groupOf(file);
    assert.ok(from in LAYERS, `${relative(SRC, file)}: its directory has no layer in test/layers.test.ts`);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(dirname(file), match[1]);
      const to = groupOf(target.replace(/\.js$/, '.ts'));
      if (to === from) continue;
      const where = `${relative(SRC, file)} imports ${match[1]}`;
      if (LAYERS[to] > LAYERS[from]) violations.push(`${where} (layer ${LAYERS[to]} above ${LAYERS[from]})`);
      if (APART.some((pair) => pair.includes(from) && pair.includes(to))) violations.push(`${where} (kept apart)`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the layout modules are pure: they import nothing but each other', () => {
  for (const file of sources(join(SRC, 'layout'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/from\s+'([^']+)'/g)) {
      assert.match(match[1], /^\.\/[a-zA-Z]+\.js$/, `${relative(SRC, file)} imports ${match[1]}`);
    }
  }
});

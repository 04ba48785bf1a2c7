import assert from 'node:assert/strict';
import { test } from 'node:test';
import { native } from '../src/native/binding.js';
import { runChild } from './helpers/children.js';
import { tempDir } from './helpers/files.js';

interface Findings {
  failures: string[];
  fastCalls: boolean;
  fastCallCount: number;
  propertyFastCalls: number;
  appendFastCalls: number;
}

async function runChecks(execArgv: string[]): Promise<Findings> {
  const { dir, cleanup } = tempDir();
  try {
    const result = await runChild('hotPathChecks', [dir], { execArgv });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.messages.length, 1, result.stderr);
    return result.messages[0] as Findings;
  } finally {
    cleanup();
  }
}

test('hot path, fast API calls: strings of every kind are written as Buffer.from would, checksums match, bad arguments give -1', async (t) => {
  const findings = await runChecks([]);
  assert.deepEqual(findings.failures, []);
  if (!native.fastCalls) {
    t.diagnostic(
      `V8 ${process.versions.v8} is not the one the fast-call declarations are for: ordinary callbacks only`,
    );
    assert.equal(findings.fastCallCount, 0);
    return;
  }
  // Optimized code really calls the fast functions: in the property (measure,
  // copy and checksum of its flat strings: at least one call per case of
  // 3,000)…
  assert.ok(findings.propertyFastCalls > 3000, `fast calls in the property: ${findings.propertyFastCalls}`);
  // …and in appends: the claim (fetchAdd64) and the copy, after the first few thousand.
  assert.ok(findings.appendFastCalls > 100_000, `fast calls from 100,000 appends: ${findings.appendFastCalls}`);
});

test('hot path, ordinary callbacks (--no-turbo-fast-api-calls): the same results', async () => {
  const findings = await runChecks(['--no-turbo-fast-api-calls']);
  assert.deepEqual(findings.failures, []);
  assert.equal(findings.fastCallCount, 0);
});

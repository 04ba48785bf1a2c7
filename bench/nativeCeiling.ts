/**
 * `npm run bench:native-ceiling`: how fast any appender through a shared
 * file mapping can go on this machine, against one `write(2)` per record —
 * the bound to read the warm rows of `npm run bench` against. It compiles
 * bench/nativeCeiling.c (a C program, see its header; `cc` is needed, as for
 * the addon) and runs the four warm workloads of `npm run bench` with three
 * writers in turn: `write(2)` on `O_APPEND`, a framed appender (claim,
 * copy, CRC32C, commit) and a raw one (claim, copy), all in C, no
 * JavaScript. Repetitions are the outer loop and the order of the writers
 * rotates; ratios are taken within a repetition and their median printed.
 *
 * The baseline here is C's `write(2)`, cheaper than Node's `fs.writeSync` by
 * the JavaScript and binding around the same system call, so a ratio here is
 * a lower bound of the same ratio against `fs.writeSync`.
 *
 *   npm run bench:native-ceiling [-- --reps N]
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WARM_WORKLOADS, workloadTitle } from './config.js';
import { duration, ratio } from './report/format.js';
import { table } from './report/table.js';
import { median } from './stats.js';

const SOURCE = fileURLToPath(new URL('nativeCeiling.c', import.meta.url));
const WRITERS = ['write', 'framed', 'raw'] as const;
type Writer = (typeof WRITERS)[number];

function parseReps(argv: readonly string[]): number {
  if (argv.length === 0) return 5;
  const reps = Number(argv[1]);
  if (argv.length !== 2 || argv[0] !== '--reps' || !Number.isInteger(reps) || reps < 1) {
    throw new Error('usage: npm run bench:native-ceiling [-- --reps N]');
  }
  return reps;
}

function main(): void {
  const reps = parseReps(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'mmlog-native-ceiling-'));
  try {
    const binary = join(dir, 'nativeCeiling');
    execFileSync('cc', ['-O2', '-pthread', '-o', binary, SOURCE], { stdio: 'inherit' });
    // ns per record, by workload and writer, one entry per repetition.
    const times = WARM_WORKLOADS.map(() => new Map<Writer, number[]>(WRITERS.map((w) => [w, []])));
    for (let rep = 0; rep < reps; rep++) {
      WARM_WORKLOADS.forEach((w, i) => {
        for (let k = 0; k < WRITERS.length; k++) {
          const writer = WRITERS[(k + rep) % WRITERS.length];
          const args = [w.procs, w.count, w.size, writer, join(dir, 'log')].map(String);
          const ns = Number(execFileSync(binary, args, { encoding: 'utf8' }).trim());
          times[i].get(writer)?.push(ns);
          process.stderr.write(`rep ${rep + 1} ${workloadTitle(w)} ${writer}: ${ns} ns\n`);
        }
      });
    }
    const rows = WARM_WORKLOADS.map((w, i) => {
      const of = (writer: Writer): number[] => times[i].get(writer) ?? [];
      const over = (writer: Writer): number => median(of('write').map((base, r) => base / of(writer)[r]));
      return [
        workloadTitle(w),
        duration(median(of('write'))),
        `${duration(median(of('framed')))} (${ratio(over('framed'))})`,
        `${duration(median(of('raw')))} (${ratio(over('raw'))})`,
      ];
    });
    console.log(
      `Node-free ceiling, ${reps} repetitions: time per record (wall time ÷ all records), median; ` +
        'in parentheses the median of the same-repetition ratios to write(2)',
    );
    console.log(table(['Workload', 'write(2) O_APPEND', 'framed, C', 'raw, C'], rows));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();

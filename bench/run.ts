/**
 * `npm run bench`: runs every method on every workload, several times,
 * prints a table per workload, and writes the results (JSON always; in a
 * complete full run also docs/benchmarks.{md,json,svg}). See `--help`.
 * @module
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchConfig, parseArgs, type Workload, workloadKey, workloadTitle } from './config.js';
import { machineInfo } from './machine.js';
import { BASELINE_ID, isMmlogRow, METHODS } from './methods/index.js';
import type { Method } from './methods/types.js';
import { describeReadBench, type ReadBenchResult, type ResultsWithRead, runReadBench } from './readBench.js';
import { writeJson } from './report/json.js';
import { writeMarkdown } from './report/markdown.js';
import { renderSvg } from './report/svg.js';
import { markdownTable } from './report/table.js';
import { describeRss, type RssResult, runRssScenario } from './rss.js';
import { type RunOutcome, runOnce } from './runner.js';
import { addRatios, summarize } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

function describeOutcome(outcome: RunOutcome, calls: number): string {
  if (outcome.status !== 'ok') return `${outcome.status.toUpperCase()}: ${outcome.reason}`;
  const late = outcome.late ? ' (a writer started late)' : '';
  return `${(outcome.wallNs / 1e6).toFixed(1)} ms, ${(outcome.wallNs / calls).toFixed(0)} ns/call${late}`;
}

/** Runs every repetition; repetitions are the outer loop so drift hits all methods alike. */
async function measure(
  config: BenchConfig,
  methods: readonly Method[],
  dir: string,
): Promise<Map<Workload, Map<string, RunOutcome[]>>> {
  const results = new Map<Workload, Map<string, RunOutcome[]>>();
  for (const w of config.workloads) results.set(w, new Map(methods.map((m) => [m.id, []])));
  const total = config.reps * config.workloads.length * methods.length;
  let done = 0;
  for (let rep = 0; rep < config.reps; rep++) {
    for (const workload of config.workloads) {
      for (const method of methods) {
        const runs = results.get(workload)!.get(method.id)!;
        // A method the filesystem refuses stays refused: do not ask again.
        const outcome =
          runs[0]?.status === 'unsupported' ? runs[0] : await runOnce(workload, method, dir, config.warmupMs);
        runs.push(outcome);
        done++;
        const calls = workload.procs * workload.count;
        log(
          `[${done}/${total}] rep ${rep + 1} ${workloadTitle(workload)} ${method.name}: ${describeOutcome(outcome, calls)}`,
        );
      }
    }
  }
  return results;
}

/** Rewrites docs/benchmarks.{json,md,svg} from docs/benchmarks.json (after editing the analysis or the chart code). */
function render(): void {
  const path = join(ROOT, 'docs/benchmarks.json');
  const results = JSON.parse(readFileSync(path, 'utf8')) as ResultsWithRead;
  writeJson(results, [path]);
  writeDocs(results);
  log('rewrote docs/benchmarks.{json,md,svg} from docs/benchmarks.json');
}

function writeDocs(results: ResultsWithRead): void {
  writeFileSync(join(ROOT, 'docs/benchmarks.svg'), renderSvg(results));
  writeMarkdown(results, join(ROOT, 'docs/benchmarks.md'));
}

const READ_USAGE = `  --read      only the reading and verification section (with --quick: ~64 MiB logs, 2 repetitions);
              a full --read updates that section of docs/benchmarks.{md,json}. Full and quick runs
              include the section unless --methods is given`;

/** `--read`: only the reading section; a full one replaces the `read` key of docs/benchmarks.json. */
function writeReadOnly(results: ResultsWithRead, writeToDocs: boolean): void {
  const outputs = [join(ROOT, 'bench/results/latest.json')];
  writeJson(results, outputs);
  if (writeToDocs) {
    const docsPath = join(ROOT, 'docs/benchmarks.json');
    const docs = JSON.parse(readFileSync(docsPath, 'utf8')) as ResultsWithRead;
    docs.read = results.read;
    writeJson(docs, [docsPath]);
    writeMarkdown(docs, join(ROOT, 'docs/benchmarks.md'));
    outputs.push(docsPath, 'docs/benchmarks.md');
  }
  log(`\nwrote ${outputs.join(', ')}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) process.once('exit', () => console.log(READ_USAGE));
  const readOnly = argv.includes('--read');
  const config = parseArgs(argv.filter((arg) => arg !== '--read'));
  if (readOnly && config.mode !== 'full' && config.mode !== 'quick')
    throw new Error('--read combines only with --quick and --reps');
  if (config.mode === 'render') return render();
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
  const methods = config.methods === undefined ? METHODS : METHODS.filter((m) => config.methods!.includes(m.id));
  if (methods.length === 0 && config.mode !== 'rss') throw new Error('no method matches --methods');
  const began = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'mmlog-bench-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    const machine = machineInfo(dir);
    log(
      `mmlog bench (${config.mode}): ${machine.cpus} × ${machine.cpuModel}, Linux ${machine.kernel}, Node ${machine.node}`,
    );
    log(`bench directory ${dir} on ${machine.filesystem}`);
    const runRead = async (): Promise<ReadBenchResult> => {
      log('\nReading and verification…');
      const quick = config.mode === 'quick';
      const reps = argv.includes('--reps') ? config.reps : quick ? 2 : 5;
      const read = await runReadBench(dir, { quick, reps, command, machine });
      console.log(`\n${describeReadBench(read)}`);
      return read;
    };
    if (readOnly) {
      const read = await runRead();
      const durationS = (Date.now() - began) / 1000;
      const base = { mode: config.mode, command, machine, reps: read.reps, durationS, methods: [], workloads: [] };
      writeReadOnly({ ...base, rss: undefined, read }, config.writeDocs);
      log(`total ${durationS.toFixed(1)} s`);
      return;
    }
    const measured = await measure(config, methods, dir);

    const workloads = config.workloads.map((w) => {
      const runsByMethod = measured.get(w)!;
      const rows = methods.map((m) => summarize(m.id, m.name, runsByMethod.get(m.id)!));
      addRatios(rows, runsByMethod, BASELINE_ID, isMmlogRow);
      return { ...w, key: workloadKey(w), title: workloadTitle(w), rows };
    });
    for (const w of workloads) console.log(`\n### ${w.title} (median of ${config.reps})\n\n${markdownTable(w.rows)}`);

    let rss: RssResult | undefined;
    if (config.rss) {
      log('\nRSS scenario: 4 GiB of 4 KiB records through one mmlog writer…');
      rss = await runRssScenario(dir);
      console.log(`\n${describeRss(rss)}`);
    }
    const read = config.methods === undefined ? await runRead() : undefined;

    const results: ResultsWithRead = {
      mode: config.mode,
      command,
      machine,
      reps: config.reps,
      durationS: (Date.now() - began) / 1000,
      methods: methods.map((m) => ({ id: m.id, name: m.name, note: m.note })),
      workloads,
      rss,
      read,
    };
    const outputs = [join(ROOT, 'bench/results/latest.json')];
    if (config.writeDocs) outputs.push(join(ROOT, 'docs/benchmarks.json'));
    writeJson(results, outputs);
    if (config.writeDocs) writeDocs(results);
    log(
      `\nwrote ${[...outputs, ...(config.writeDocs ? ['docs/benchmarks.svg', 'docs/benchmarks.md'] : [])].join(', ')}`,
    );
    log(`total ${results.durationS.toFixed(1)} s`);
  } finally {
    cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

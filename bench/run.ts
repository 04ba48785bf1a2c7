/**
 * `npm run bench`: runs every method on every warm workload, and mmlog
 * framed and `fs.writeSync` on every cold one, several times, prints a
 * table per workload, and writes the results (JSON always; in a complete
 * full run also this Node major version's entry of docs/benchmarks.json,
 * and docs/benchmarks.{md,svg} from every version's). See `--help`.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchConfig, parseArgs, type Workload, workloadKey, workloadTitle } from './config.js';
import { DURABLE_USAGE, runDurable } from './durable.js';
import { machineInfo } from './machine.js';
import { BASELINE_ID, COLD_METHOD_IDS, METHODS } from './methods/index.js';
import type { Method } from './methods/types.js';
import { describeReadBench, type ReadBenchResult, type ResultsWithRead, runReadBench } from './readBench.js';
import { type DocsResults, nodeMajor, readDocs, withRun, writeJson } from './report/json.js';
import { writeMarkdown } from './report/markdown.js';
import { renderSvg } from './report/svg.js';
import { coldTable, markdownTable, stretchesTable } from './report/table.js';
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

/** The methods a workload runs: all selected ones, or in a cold workload those of them it compares. */
function methodsOf(workload: Workload, methods: readonly Method[]): readonly Method[] {
  return workload.cold === true ? methods.filter((m) => COLD_METHOD_IDS.includes(m.id)) : methods;
}

/** Runs every repetition; repetitions are the outer loop so drift hits all methods alike. */
async function measure(
  config: BenchConfig,
  workloads: readonly Workload[],
  methods: readonly Method[],
  dir: string,
): Promise<Map<Workload, Map<string, RunOutcome[]>>> {
  const results = new Map<Workload, Map<string, RunOutcome[]>>();
  for (const w of workloads) results.set(w, new Map(methodsOf(w, methods).map((m) => [m.id, []])));
  const total = config.reps * workloads.reduce((n, w) => n + methodsOf(w, methods).length, 0);
  let done = 0;
  for (let rep = 0; rep < config.reps; rep++) {
    for (const workload of workloads) {
      const options = { warmupMs: config.warmupMs, cold: workload.cold === true, coldFirst: config.coldFirst };
      for (const method of methodsOf(workload, methods)) {
        const runs = results.get(workload)!.get(method.id)!;
        // A method the filesystem refuses stays refused: do not ask again.
        const outcome = runs[0]?.status === 'unsupported' ? runs[0] : await runOnce(workload, method, dir, options);
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

const DOCS_JSON = join(ROOT, 'docs/benchmarks.json');

/** Rewrites docs/benchmarks.{json,md,svg} from docs/benchmarks.json (after editing the analysis or the chart code). */
function render(): void {
  const docs = readDocs(DOCS_JSON);
  writeJson(docs, [DOCS_JSON]);
  writeDocs(docs);
  log('rewrote docs/benchmarks.{json,md,svg} from docs/benchmarks.json');
}

/** docs/benchmarks.{md,svg} from every Node version's results. */
function writeDocs(docs: DocsResults): void {
  writeFileSync(join(ROOT, 'docs/benchmarks.svg'), renderSvg(docs));
  writeMarkdown(docs, join(ROOT, 'docs/benchmarks.md'));
}

const READ_USAGE = `  --read      only the reading and verification section (with --quick: ~64 MiB logs, 2 repetitions);
              a full --read updates that section of docs/benchmarks.{md,json}. Full and quick runs
              include the section unless --methods is given`;

/**
 * `--read`: only the reading section; a full one replaces the `read` key of
 * this Node major version's entry of docs/benchmarks.json (an entry of its
 * own, with no write results, if this version has none yet).
 */
function writeReadOnly(results: ResultsWithRead, writeToDocs: boolean): void {
  const outputs = [join(ROOT, 'bench/results/latest.json')];
  writeJson(results, outputs);
  if (writeToDocs) {
    const docs = readDocs(DOCS_JSON);
    const mine = docs.nodes[nodeMajor(results.machine.node)];
    const merged = withRun(docs, mine === undefined ? results : { ...mine, read: results.read });
    writeJson(merged, [DOCS_JSON]);
    writeDocs(merged);
    outputs.push(DOCS_JSON, 'docs/benchmarks.{md,svg}');
  }
  log(`\nwrote ${outputs.join(', ')}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.once('exit', () => console.log(`${READ_USAGE}\n${DURABLE_USAGE}`));
  } else if (argv.includes('--durable')) {
    return runDurable(argv.filter((arg) => arg !== '--durable'));
  }
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
    log(`bench directory ${dir} on ${machine.filesystem}; free page reporting: ${machine.freePageReporting}`);
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
    // A cold workload none of whose methods is selected is left out.
    const selected = config.workloads.filter((w) => methodsOf(w, methods).length > 0);
    const measured = await measure(config, selected, methods, dir);

    const workloads = selected.map((w) => {
      const runsByMethod = measured.get(w)!;
      const rows = methodsOf(w, methods).map((m) => summarize(m.id, m.name, runsByMethod.get(m.id)!));
      addRatios(rows, runsByMethod, BASELINE_ID);
      return { ...w, key: workloadKey(w), title: workloadTitle(w), rows };
    });
    for (const w of workloads) {
      const text = w.cold === true ? coldTable(w.rows, w.count) : markdownTable(w.rows);
      console.log(`\n### ${w.title} (median of ${config.reps})\n\n${text}`);
    }
    const cold = workloads.filter((w) => w.cold === true);
    if (cold.length > 0) {
      console.log(`\n### cold: time per append of a fresh writer, by stretch of its calls\n\n${stretchesTable(cold)}`);
    }

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
    writeJson(results, outputs);
    if (config.writeDocs) {
      // This Node major version's entry only; the other versions' results stay.
      const docs = withRun(readDocs(DOCS_JSON), results);
      writeJson(docs, [DOCS_JSON]);
      writeDocs(docs);
      outputs.push(DOCS_JSON, 'docs/benchmarks.svg', 'docs/benchmarks.md');
    }
    log(`\nwrote ${outputs.join(', ')}`);
    log(`total ${results.durationS.toFixed(1)} s`);
  } finally {
    cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

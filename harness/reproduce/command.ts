/** `parabench reproduce`: runs each document's experiments through runBench and writes its report. */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunResults } from '../results/records.js';
import { checkWritable, writeAtomically } from '../results/write.js';
import { runBench, type BenchIo, type BenchOptions } from '../run/bench.js';
import { buildReport, type RunRecord } from './build.js';
import type { DocumentPlan, Experiment, ReproduceSettings } from '../../scenarios/documents/document.js';
import type { DocumentName } from '../../scenarios/documents/names.js';
import { reproduction } from './registry.js';
import { renderReport } from './render.js';

/** What `parabench reproduce` was asked, validated by the CLI. */
export interface ReproduceOptions {
  readonly documents: readonly DocumentName[];
  readonly quick: boolean;
  /** Document 002's time scale; undefined keeps its default (1, or 0.05 with --quick). */
  readonly timeScale: number | undefined;
  readonly outDir: string;
  readonly cacheDir: string;
  /** Overrides every experiment's measured trials per row, where the experiment allows. */
  readonly iterations: number | undefined;
  readonly warmup: number | undefined;
}

/**
 * The bench options of one experiment. Rounds: `--iterations`/`--warmup` where given, else the
 * experiment's own, else 3 measured after 1 warm-up (1 and none with --quick).
 */
export function benchOptions(experiment: Experiment, document: DocumentPlan, options: ReproduceOptions, cores: number): BenchOptions {
  const defaults = experiment.rounds ?? { iterations: options.quick ? 1 : 3, warmup: options.quick ? 0 : 1 };
  const iterations = experiment.fixedRounds === true ? defaults.iterations : (options.iterations ?? defaults.iterations);
  const warmup = experiment.fixedRounds === true ? defaults.warmup : (options.warmup ?? defaults.warmup);
  return {
    scenarios: [experiment.scenario],
    strategies: experiment.strategies,
    workers: experiment.workers,
    concurrency: experiment.concurrency ?? [cores],
    perWorker: 1,
    chunkSizes: experiment.chunkSizes ?? [1],
    sampleIntervalsMs: [250],
    // The documents' explanations (threads against processes, where the CPU went) are read off these.
    explain: true,
    paramSweeps: experiment.paramSweeps ?? {},
    params: experiment.params ?? {},
    items: experiment.items,
    mode: options.quick ? 'quick' : 'normal',
    input: experiment.input,
    incremental: experiment.incremental ?? false,
    iterations,
    warmup,
    outDir: join(options.outDir, 'runs'),
    cacheDir: experiment.cacheDir ?? options.cacheDir,
    trialTimeoutSeconds: 600,
    machineName: undefined,
    runName: `${document.name.id}-${experiment.id}`,
    replaceResults: true, // runs/ holds reproduce's own runs: the next reproduction replaces the last
    taskTimeoutMs: undefined,
    workerHeapMb: undefined,
    formats: ['json'],
    ...(experiment.rowKeys === undefined ? {} : { rowKeys: experiment.rowKeys }),
  };
}

/**
 * Runs every document asked for, one experiment after another, and writes per document
 * `<out>/<id>-<slug>.md` and `.json`; the bench results of each experiment go to `<out>/runs/`.
 * Exit code: 0, 1 when a row failed, 130 when interrupted.
 */
export async function runReproduce(options: ReproduceOptions, io: BenchIo): Promise<number> {
  await checkWritable(options.outDir);
  const cores = availableParallelism();
  const workDir = await mkdtemp(join(tmpdir(), 'parabench-reproduce-'));
  let exitCode = 0;
  const durations: string[] = [];
  try {
    for (const name of options.documents) {
      const settings: ReproduceSettings = { quick: options.quick, timeScale: options.timeScale, cores, workDir: join(workDir, name.id), cacheDir: resolve(options.cacheDir) };
      const plan = reproduction(name.id, settings);
      const started = performance.now();
      const results = new Map<string, RunResults>();
      const runs: RunRecord[] = [];
      io.print(`Document ${name.id} (${name.slug}): ${plan.experiments.length} experiment(s)`);
      for (const experiment of plan.experiments) {
        await experiment.before?.();
        const experimentStarted = performance.now();
        const outcome = await runBench(benchOptions(experiment, plan, options, cores), io);
        results.set(experiment.id, outcome.results);
        runs.push({ experiment: experiment.id, path: outcome.jsonPath, wallSeconds: (performance.now() - experimentStarted) / 1000 });
        if (outcome.exitCode === 130) return 130;
        if (outcome.exitCode !== 0) exitCode = 1;
      }
      const wallSeconds = (performance.now() - started) / 1000;
      const report = buildReport(plan, results, runs, wallSeconds);
      const base = join(options.outDir, `${name.id}-${name.slug}`);
      const markdown = renderReport(report);
      await writeAtomically(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
      await writeAtomically(`${base}.md`, markdown);
      io.print(markdown);
      io.print(`report:    ${base}.md`);
      io.print(`json:      ${base}.json`);
      durations.push(`${name.id} ${wallSeconds.toFixed(1)} s`);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  io.print(`reproduce took: ${durations.join(', ')}`);
  return exitCode;
}

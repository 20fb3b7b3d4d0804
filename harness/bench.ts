import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import type { StrategyDefinition } from '../strategies/executor.js';
import { isStrategyPath, loadStrategy } from '../strategies/registry.js';
import { scenarios } from '../scenarios/registry.js';
import { checkSweeps, paramsAsFlags, scenarioParams } from '../scenarios/flags.js';
import type { Scenario, ScenarioOptions, ScenarioService } from '../scenarios/scenario.js';
import { timeMethod as detectTimeMethod, type TimeMethod } from './child-times.js';
import { readContext } from './context.js';
import { killGroup, measureProcess, type ProcessMeasurement } from './measure.js';
import { runNotes, scenarioNotes } from './notes.js';
import { Progress } from './progress.js';
import { exporters, DEFAULT_FORMATS } from './exporters/registry.js';
import { checkWritable, SCHEMA_VERSION, writeAtomically, type Row, type RunResults, type ScenarioResult, type TrialRecord } from './results.js';
import { planRows, roundOrder, type RowPlan, type Sweep } from './rows.js';
import { summarize } from './stats.js';
import { finishRow, withSpeedups } from './summarise.js';
import { primeSampler } from './tree-sampler.js';
import { checkOutputs, type Reference } from './verify.js';

/** Everything `parabench bench` needs, validated by the CLI. */
export interface BenchOptions extends Sweep {
  readonly scenarios: readonly string[];
  readonly strategies: readonly string[];
  /** Items per scenario, one run of the scenario per size; undefined means the scenario's default for the mode. */
  readonly items: readonly number[] | undefined;
  readonly mode: 'normal' | 'quick' | 'full';
  readonly input: string | undefined;
  readonly incremental: boolean;
  readonly iterations: number;
  readonly warmup: number;
  readonly outDir: string;
  readonly cacheDir: string;
  readonly trialTimeoutSeconds: number;
  readonly machineName: string | undefined;
  /** Name of the results files, without extension; defaults to `<scenario>-<timestamp>`. */
  readonly runName: string | undefined;
  /** Scenario flags the user gave, by name; each scenario takes the ones it declares. */
  readonly params: Readonly<Record<string, string>>;
  /** `--task-timeout` in milliseconds, handed to every trial. */
  readonly taskTimeoutMs: number | undefined;
  /** `--worker-heap-mb`, handed to every trial (whose own heap it limits too). */
  readonly workerHeapMb: number | undefined;
  /** Exporter names (see harness/exporters/registry.ts); default terminal, json and markdown. */
  readonly formats?: readonly string[];
}

/** Where output goes: injected so renderers stay pure and tests can capture everything. */
export interface BenchIo {
  print(text: string): void;
}

const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));
const VERSION = '0.1.0';

/** The exact command of one trial: what the harness spawns, and what a user can `time`. */
export function trialCommand(
  scenario: string,
  plan: RowPlan,
  scenarioOptions: ScenarioOptions,
  limits: { taskTimeoutMs?: number | undefined; workerHeapMb?: number | undefined } = {},
): string[] {
  const { taskTimeoutMs, workerHeapMb } = limits;
  return [
    process.execPath,
    ...(workerHeapMb === undefined ? [] : [`--max-old-space-size=${workerHeapMb}`]),
    CLI,
    'trial',
    '--scenario', scenario,
    '--strategy', plan.strategy,
    '--workers', String(plan.workers),
    '--concurrency', String(plan.concurrency),
    '--chunk-size', String(plan.chunkSize),
    '--items', String(scenarioOptions.items),
    '--cache-dir', scenarioOptions.cacheDir,
    ...(scenarioOptions.input === undefined ? [] : ['--input', scenarioOptions.input]),
    ...(scenarioOptions.incremental ? ['--incremental', '--row-key', plan.key.replace(/\//g, '-')] : []),
    ...paramsAsFlags({ ...scenarioOptions.params, ...plan.params }),
    ...(taskTimeoutMs === undefined ? [] : ['--task-timeout', String(taskTimeoutMs / 1000)]),
    ...(workerHeapMb === undefined ? [] : ['--worker-heap-mb', String(workerHeapMb)]),
  ];
}

/** Handles Ctrl-C and SIGTERM: ends the running trial's group, saves, exits 130; a second signal ends at once. */
class Interruption {
  runningPid: number | undefined;
  interrupted = false;
  #onSignal = (): void => {
    if (this.interrupted) process.exit(130);
    this.interrupted = true;
    if (this.runningPid !== undefined) killGroup(this.runningPid);
  };
  constructor() {
    process.on('SIGINT', this.#onSignal);
    process.on('SIGTERM', this.#onSignal);
  }
  dispose(): void {
    process.off('SIGINT', this.#onSignal);
    process.off('SIGTERM', this.#onSignal);
  }
}

function itemsFor(scenario: Scenario<unknown>, options: BenchOptions): readonly number[] {
  if (options.items !== undefined) return options.items;
  if (options.input !== undefined) return [Number.MAX_SAFE_INTEGER];
  return [scenario.items[options.mode]];
}

function recordTrial(
  round: number,
  warmup: boolean,
  m: ProcessMeasurement,
  reference: Reference | undefined,
): TrialRecord {
  const r = m.report;
  let problem: string | null = null;
  if (m.timedOut) problem = 'trial timed out (see --trial-timeout)';
  else if (r === undefined) problem = `trial exited with ${m.signal ?? `code ${String(m.exitCode)}`} without a report${m.stderrTail ? `: ${m.stderrTail.split('\n').slice(-3).join(' ')}` : ''}`;
  else if (r.status === 'error') problem = r.error ?? 'trial failed';
  else if (m.exitCode !== 0) problem = `trial exited with code ${String(m.exitCode)}`;
  else if (reference !== undefined) problem = checkOutputs(reference, r.digests, r.failures);
  return {
    round,
    warmup,
    exitCode: m.exitCode,
    signal: m.signal,
    realSeconds: m.realSeconds,
    userSeconds: m.userSeconds,
    sysSeconds: m.sysSeconds,
    timeMethod: m.timeMethod,
    bootSeconds: r?.bootSeconds ?? null,
    prepareSeconds: r?.prepareSeconds ?? null,
    startupSeconds: r?.startupSeconds ?? null,
    workSeconds: r?.workSeconds ?? null,
    workUserSeconds: r?.workUserSeconds ?? null,
    workSysSeconds: r?.workSysSeconds ?? null,
    shutdownSeconds: r?.shutdownSeconds ?? null,
    peakRssBytes: m.peakRssBytes,
    items: r?.items ?? null,
    itemFailures: r?.failures ?? [],
    counters: r?.counters ?? {},
    boundSeconds: r?.boundSeconds ?? null,
    events: r?.events ?? [],
    verified: problem === null && reference !== undefined,
    problem,
    timeline: m.timeline,
  };
}

/** Variables that make every Node start slower; measured with and without them. */
const START_UP_ENV = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'] as const;

/** Measures `node -e 0` a few times: the fixed cost of starting a runtime. */
async function bareNodeStart(method: TimeMethod, env: NodeJS.ProcessEnv = process.env): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const m = await measureProcess({ command: [process.execPath, '-e', '0'], timeMethod: method, sampleIntervalMs: 0, timeoutSeconds: 60, env });
    samples.push(m.realSeconds);
  }
  return samples;
}

/** The same bare start without NODE_OPTIONS and NODE_EXTRA_CA_CERTS, when either is set. */
async function bareNodeStartWithoutSlowEnv(method: TimeMethod): Promise<number[] | undefined> {
  if (!START_UP_ENV.some((name) => process.env[name] !== undefined)) return undefined;
  const env = { ...process.env };
  for (const name of START_UP_ENV) delete env[name];
  return bareNodeStart(method, env);
}

/**
 * Runs every scenario: rows interleaved round by round, each trial a fresh process,
 * every output verified, results written after each scenario.
 */
export async function runBench(options: BenchOptions, io: BenchIo): Promise<{ results: RunResults; jsonPath: string; exitCode: number }> {
  // Check every scenario's flags before the first trial, so a bad value costs no waiting.
  for (const name of options.scenarios) {
    const scenario = scenarios[name];
    if (scenario !== undefined) {
      scenarioParams(scenario, options.params);
      checkSweeps(scenario, options.paramSweeps);
    }
  }
  await checkWritable(options.outDir);
  const method = detectTimeMethod();
  await primeSampler();
  const context = readContext(method, options.machineName);
  const definitions = new Map<string, StrategyDefinition>();
  for (const name of options.strategies) {
    const definition = await loadStrategy(name);
    definitions.set(isStrategyPath(name) ? resolve(name) : name, definition);
  }
  const plans = planRows(definitions, options);
  const bare = await bareNodeStart(method);
  const stamp = context.startedAt.replace(/[:.]/g, '-');
  const base = options.runName ?? `${options.scenarios.length > 1 ? 'all' : options.scenarios[0]}-${stamp}`;
  const jsonPath = join(options.outDir, `${base}.json`);
  const chosen = (options.formats ?? DEFAULT_FORMATS).map((name) => {
    const exporter = exporters[name];
    if (exporter === undefined) throw new Error(`unknown format "${name}"`);
    return exporter;
  });
  const bareSummary = await summarize(bare);
  const bareClean = await bareNodeStartWithoutSlowEnv(method);
  const bareCleanSummary = bareClean === undefined ? undefined : await summarize(bareClean);
  const done: ScenarioResult[] = [];
  /** The first file of each exporter that wrote any, by its label, for the closing lines. */
  const written = new Map<string, string>();
  const interruption = new Interruption();
  const snapshot = (): RunResults => ({
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'parabench', version: VERSION },
    context,
    parameters: {
      scenarios: options.scenarios,
      strategies: options.strategies,
      workers: options.workers,
      concurrency: options.concurrency,
      perWorker: options.perWorker,
      mode: options.mode,
      chunkSizes: options.chunkSizes,
      iterations: options.iterations,
      warmup: options.warmup,
      incremental: options.incremental,
      sampleIntervals: options.sampleIntervals,
      ...(options.taskTimeoutMs === undefined ? {} : { taskTimeoutSeconds: options.taskTimeoutMs / 1000 }),
      ...(options.workerHeapMb === undefined ? {} : { workerHeapMb: options.workerHeapMb }),
      ...(options.items === undefined ? {} : { items: options.items }),
      ...options.params,
      ...Object.fromEntries(Object.entries(options.paramSweeps).map(([name, values]) => [name, values.join(',')])),
    },
    bareNodeStart: {
      samples: bare,
      summary: bareSummary,
      ...(bareClean === undefined || bareCleanSummary === undefined
        ? {}
        : { withoutStartUpEnv: { samples: bareClean, summary: bareCleanSummary } }),
    },
    scenarios: done,
    notes: runNotes(context, bareSummary, options.workers, bareCleanSummary),
    interrupted: interruption.interrupted,
  });
  const save = async (): Promise<void> => {
    const results = snapshot();
    for (const exporter of chosen) {
      const files = (await exporter.files?.(results, { outDir: options.outDir, baseName: base })) ?? [];
      for (const file of files) await writeAtomically(join(options.outDir, file.path), file.content);
      if (files[0] !== undefined && exporter.label !== undefined) written.set(exporter.label, join(options.outDir, files[0].path));
    }
  };

  try {
    for (const name of options.scenarios) {
      if (interruption.interrupted) break;
      const scenario = scenarios[name];
      if (scenario === undefined) throw new Error(`unknown scenario "${name}"`);
      for (const items of itemsFor(scenario, options)) {
        if (interruption.interrupted) break;
        const result = await runScenario(scenario, items, plans, options, method, context.cores, interruption);
        if (interruption.interrupted && result.rows.length === 0) break;
        done.push(result);
        await save();
        for (const exporter of chosen) if (exporter.printScenario !== undefined) io.print(exporter.printScenario(result));
      }
    }
    if (interruption.interrupted) await save();
  } finally {
    interruption.dispose();
  }
  for (const exporter of chosen) if (exporter.printRun !== undefined) io.print(exporter.printRun(snapshot()));
  io.print('');
  for (const [label, path] of written) io.print(`${`${label}:`.padEnd(11)}${path}`);
  const failed = done.some((s) => s.rows.some((row) => row.state === 'failed'));
  return { results: snapshot(), jsonPath, exitCode: interruption.interrupted ? 130 : failed ? 1 : 0 };
}

async function runScenario(
  scenario: Scenario<unknown>,
  requestedItems: number,
  plans: readonly RowPlan[],
  options: BenchOptions,
  method: TimeMethod,
  cores: number,
  interruption: Interruption,
): Promise<ScenarioResult> {
  const scenarioOptions: ScenarioOptions = {
    items: requestedItems,
    input: options.input === undefined ? undefined : resolve(options.input),
    incremental: options.incremental,
    chunkSize: options.chunkSizes[0] ?? 1,
    cacheDir: resolve(options.cacheDir),
    rowKey: 'reference',
    params: scenarioParams(scenario, options.params),
  };
  const setupFacts = await scenario.setup(scenarioOptions);
  const items = typeof setupFacts['items'] === 'number' ? setupFacts['items'] : scenarioOptions.items;
  const service = await scenario.service?.({ ...scenarioOptions, items });
  let stopped = false;
  try {
    const sized = { ...scenarioOptions, items, params: { ...scenarioOptions.params, ...service?.params } };
    // The command a report prints leaves out what the service supplied: it is gone after the run.
    const shown = { ...scenarioOptions, items };
    const rows = await runRows(scenario, plans, options, sized, method, cores, interruption, shown);
    stopped = true;
    const facts = { ...setupFacts, ...(await stopService(service)) };
    return { scenario: scenario.name, summary: scenario.summary, items, facts, rows, notes: scenarioNotes(rows, facts) };
  } finally {
    if (!stopped) await stopService(service); // a failed run must not leave the service running
  }
}

/** Stops a scenario's service and prefixes what it reports with `service.`. */
async function stopService(service: ScenarioService | undefined): Promise<Record<string, string | number | boolean>> {
  if (service === undefined) return {};
  const facts = await service.stop();
  return Object.fromEntries(Object.entries(facts).map(([name, value]) => [`service.${name}`, value]));
}

/** Runs every row's trials, interleaved round by round, and summarises them. */
async function runRows(
  scenario: Scenario<unknown>,
  plans: readonly RowPlan[],
  options: BenchOptions,
  sized: ScenarioOptions,
  method: TimeMethod,
  cores: number,
  interruption: Interruption,
  shown: ScenarioOptions = sized,
): Promise<Row[]> {
  const measure = (command: readonly string[], sampleIntervalMs: number): Promise<ProcessMeasurement> =>
    measureProcess({
      command: [...command, '--report-ipc'],
      timeMethod: method,
      sampleIntervalMs,
      timeoutSeconds: options.trialTimeoutSeconds,
      onSpawn: (pid) => (interruption.runningPid = pid),
    });

  // Outputs depend on swept scenario flags, so each combination has its own sequential reference.
  const references = new Map<string, Reference>();
  const referenceKey = (plan: RowPlan): string => JSON.stringify(plan.params);
  for (const plan of plans) {
    if (references.has(referenceKey(plan)) || plans.some((p) => p.strategy === 'sequential' && referenceKey(p) === referenceKey(plan))) continue;
    const reference: RowPlan = { ...plan, key: 'reference', label: 'reference', strategy: 'sequential', workers: 1, concurrency: 1 };
    const m = await measure(trialCommand(scenario.name, reference, { ...sized, incremental: false }, options), 0);
    if (m.report?.status !== 'ok') throw new Error(`the sequential reference run of ${scenario.name} failed: ${m.report?.error ?? m.stderrTail}`);
    references.set(referenceKey(plan), m.report.digests);
  }

  const trials = new Map<string, TrialRecord[]>(plans.map((plan) => [plan.key, []]));
  const commands = new Map(plans.map((plan) => [plan.key, trialCommand(scenario.name, plan, sized, options)]));
  const rounds = options.warmup + options.iterations;
  const progress = new Progress(rounds * plans.length, scenario.name);
  try {
    for (let round = 0; round < rounds && !interruption.interrupted; round += 1) {
      for (const plan of roundOrder(plans, round)) {
        if (interruption.interrupted) break;
        const list = trials.get(plan.key) as TrialRecord[];
        progress.tick(`${plan.label}, round ${round + 1}/${rounds}`);
        if (list.some((t) => t.problem !== null)) continue; // a failed row is not run again
        const m = await measure(commands.get(plan.key) as string[], plan.sampleIntervalMs);
        interruption.runningPid = undefined;
        if (interruption.interrupted) break;
        const isReference = !references.has(referenceKey(plan)) && plan.strategy === 'sequential';
        if (isReference && m.report?.status === 'ok' && m.exitCode === 0) references.set(referenceKey(plan), m.report.digests);
        list.push(recordTrial(round, round < options.warmup, m, references.get(referenceKey(plan))));
      }
    }
  } finally {
    progress.stop();
  }

  const rows: Row[] = [];
  for (const plan of plans) {
    const list = trials.get(plan.key) as TrialRecord[];
    if (interruption.interrupted && list.filter((t) => !t.warmup).length === 0) continue;
    // The recorded command leaves out what a service supplied (a server's port, dead by now): run on its own, it starts its own.
    rows.push(await finishRow(plan, trialCommand(scenario.name, plan, shown, options), list, cores));
  }
  return withSpeedups(rows);
}

/** `parabench bench`: every scenario's rows run, results written after each scenario, outputs printed. */
import { join, resolve } from 'node:path';
import type { StrategyDefinition } from '../../strategies/executor.js';
import { isStrategyPath, loadStrategy } from '../../strategies/registry.js';
import { loadScenario } from '../../scenarios/registry.js';
import { checkSweeps, scenarioParams } from '../../scenarios/support/flags.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { readContext, withoutHome, type LibraryVersions } from '../measure/context.js';
import { DEFAULT_FORMATS, loadExporters } from '../exporters/registry.js';
import { Interruption } from './interruption.js';
import { realLab, type Lab } from './lab.js';
import { SCHEMA_VERSION, type Row, type RowPlan, type RunResults, type ScenarioResult } from '../results/records.js';
import { checkWritable, writeAtomically } from '../results/write.js';
import { planRows, type Sweep } from './rows.js';
import { ROW_KINDS, rowKindOf, rowKindsChosen } from './row-kinds/registry.js';
import { remoteNotice } from './remote-notice.js';
import { claimBaseName, refuseBadRunName } from './run-name.js';
import { runScenario, type ChosenScenario, type ScenarioRunSettings } from './scenario-run.js';
import type { PlantedSlowdown } from './trial-command.js';
import { summarise } from '../statistics/summary.js';
import { DEFAULT_VIEW, type TerminalView } from '../terminal-view.js';
import { DEFAULT_FOREIGN_LOAD_WARN_CORES } from '../analysis/thread-profile.js';
import { fileNamePart, terminalText } from '../safe-text.js';
import { packageVersion } from '../results/tool-version.js';
import { defaultInstruments, EXPLAINING, loadInstruments } from '../instrument-registry.js';
import { sweptSettings } from '../settings/registry.js';

/** Everything `parabench bench` needs, validated by the CLI. */
export interface BenchOptions extends Sweep {
  /** Registry names, or absolute paths of scenario modules. */
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
  /** Name of the results files, without extension (a file name: see isFileName); defaults to `<scenario>-<timestamp>`. */
  readonly runName: string | undefined;
  /**
   * Whether this run's files replace files of the same name (reproduce's own runs); by default a
   * run takes its name exclusively: a `runName` in use is refused, a default name gets a suffix.
   */
  readonly replaceResults?: boolean;
  /** Scenario flags the user gave, by name; each scenario takes the ones it declares. */
  readonly params: Readonly<Record<string, string>>;
  /** `--task-timeout` in milliseconds, handed to every trial. */
  readonly taskTimeoutMs: number | undefined;
  /** `--worker-heap-mb`, handed to every trial (whose own heap it limits too). */
  readonly workerHeapMb: number | undefined;
  /** Cores of other processes' CPU above which a row is warned about (`--foreign-load-warn`); default 0.25. */
  readonly foreignLoadWarnCores?: number;
  /** Exporter names (see harness/exporters/registry.ts); default terminal, json and markdown. */
  readonly formats?: readonly string[];
  /** Keeps only these rows of the sweep, by key (an article's exact table); undefined keeps them all. */
  readonly rowKeys?: readonly string[];
  /** `--plant-slowdown`: a regression of known size in one strategy's rows, to calibrate compare. */
  readonly plantedSlowdown?: readonly PlantedSlowdown[];
  /** `--instruments`: instruments every trial reads beyond the built-in readings, by name. */
  readonly instruments?: readonly string[];
  /**
   * `--explain`: every trial reads threads by kind, GC, event loops and the libuv pool around its work
   * window (the "Where the CPU went" table, the timeline and the notes built on them). Off by default:
   * the readings cost a trial a few percent of its time (docs/measuring.md).
   */
  readonly explain?: boolean;
}

/** The planted slowdowns as the flag writes them: `worker-threads=10%,cluster=20%`. */
const plantedText = (planted: readonly PlantedSlowdown[]): string => planted.map((p) => `${p.strategy}=${Number((p.fraction * 100).toFixed(4))}%`).join(',');

/** Where output goes: injected so renderers stay pure and tests can capture everything. */
export interface BenchIo {
  print(text: string): void;
  /** How printed tables are laid out; default: compact, 100 characters wide. */
  readonly view?: TerminalView;
}


function itemsFor(scenario: Scenario<unknown>, options: BenchOptions): readonly number[] {
  if (options.items !== undefined) return options.items;
  if (options.input !== undefined) return [Number.MAX_SAFE_INTEGER];
  return [scenario.items[options.mode]];
}

/** sharp's and libvips' versions as the run's scenarios give them; none where no scenario of the run uses them. */
export function libraryVersions(chosen: readonly Pick<ChosenScenario, 'scenario'>[]): LibraryVersions {
  const facts: Record<string, string> = Object.assign({}, ...chosen.map(({ scenario }) => scenario.contextFacts?.() ?? {}));
  return {
    ...(facts['sharp'] === undefined ? {} : { sharp: facts['sharp'] }),
    ...(facts['libvips'] === undefined ? {} : { libvips: facts['libvips'] }),
  };
}

/** The slice of the options one scenario's run needs, with its flag values as checked once. */
function scenarioRunSettings(options: BenchOptions, params: Readonly<Record<string, string>>): ScenarioRunSettings {
  return {
    input: options.input,
    incremental: options.incremental,
    cacheDir: options.cacheDir,
    chunkSize: options.chunkSizes[0] ?? 1,
    params,
    trialTimeoutSeconds: options.trialTimeoutSeconds,
    warmup: options.warmup,
    iterations: options.iterations,
    taskTimeoutMs: options.taskTimeoutMs,
    workerHeapMb: options.workerHeapMb,
    ...sweptSettings(options),
    foreignLoadWarnCores: options.foreignLoadWarnCores,
    plantedSlowdown: options.plantedSlowdown,
    instruments: options.instruments,
    explain: options.explain === true,
  };
}

/**
 * Refuses two chosen modules of one name, or one named as a row kind of the harness: rows, results
 * and compare tell them apart by name, so their trials would be pooled or one taken for the other.
 * A usage error (code BAD_INPUT) naming both.
 */
function refuseSharedNames(flag: string, chosen: readonly (readonly [string, string])[], reserved: readonly string[] = []): void {
  const seen = new Map<string, string>();
  for (const [ref, name] of chosen) {
    const clash = reserved.includes(name) ? `the harness's own ${name} row` : seen.get(name);
    if (clash !== undefined) {
      throw Object.assign(new Error(`${flag} ${ref} is named "${name}", as ${clash} is: rows and results tell them apart by name, so give each a name of its own`), { code: 'BAD_INPUT' });
    }
    seen.set(name, ref);
  }
}

/** The planned rows named in `keys`, in plan order; every key must name a planned row. */
export function selectRows(plans: readonly RowPlan[], keys: readonly string[] | undefined): RowPlan[] {
  if (keys === undefined) return [...plans];
  const missing = keys.filter((key) => !plans.some((plan) => plan.key === key));
  if (missing.length > 0) throw new Error(`rows ${missing.join(', ')} are not in the sweep (it has ${plans.map((p) => p.key).join(', ')})`);
  return plans.filter((plan) => keys.includes(plan.key));
}

/**
 * Runs every scenario: rows interleaved round by round, each trial a fresh process,
 * every output verified, results written after each scenario. `lab` is where trials run: the
 * operating system itself, or in tests a scripted one.
 */
export async function runBench(options: BenchOptions, io: BenchIo, lab: Lab = realLab): Promise<{ results: RunResults; jsonPath: string; exitCode: number }> {
  refuseBadRunName(options.runName);
  // Every scenario's flags are checked here, once, before the first trial, so a bad value costs no
  // waiting; a scenario may be a module named by path, so it is loaded first.
  const chosenScenarios: ChosenScenario[] = [];
  for (const ref of options.scenarios) {
    const scenario = await loadScenario(ref);
    const params = scenarioParams(scenario, options.params);
    await scenario.check?.(params);
    checkSweeps(scenario, options.paramSweeps);
    chosenScenarios.push({ ref, scenario, params });
  }
  refuseSharedNames('--scenario', chosenScenarios.map(({ ref, scenario }): [string, string] => [ref, scenario.name]));
  await checkWritable(options.outDir);
  // The default set and those asked for: the harness's probes run around every trial, and the report renders their readings.
  const asked = [...(options.instruments ?? []), ...(options.explain === true ? EXPLAINING : [])];
  const instruments = [...new Set([...(await defaultInstruments()), ...(await loadInstruments(asked))])];
  const harnessProbes = () => instruments.flatMap((instrument) => (instrument.inHarness === undefined ? [] : [[instrument.name, instrument.inHarness()] as const]));
  const method = lab.timeMethod();
  await lab.primeSampler();
  const context = readContext(method, options.machineName, libraryVersions(chosenScenarios));
  const definitions = new Map<string, StrategyDefinition>();
  const kinds = rowKindsChosen(options.strategies);
  for (const name of options.strategies) {
    if (kinds.some((kind) => kind.name === name)) continue; // a row kind of the harness, not an Executor
    const definition = await loadStrategy(name);
    definitions.set(isStrategyPath(name) ? resolve(name) : name, definition);
  }
  refuseSharedNames('--strategy', [...definitions].map(([ref, definition]): [string, string] => [ref, definition.name]), ROW_KINDS.map((kind) => kind.name));
  const plans = selectRows(planRows(definitions, options, kinds), options.rowKeys);
  const bare = await lab.bareNodeStart(method);
  const stamp = context.startedAt.replace(/[:.]/g, '-');
  const only = chosenScenarios[0];
  const firstName = only === undefined ? 'none' : (only.scenario.describe?.(only.params).name ?? only.scenario.name);
  // Taken for good once the exporters are known (claimBaseName), before the first trial.
  let base = options.runName ?? `${chosenScenarios.length > 1 ? 'all' : fileNamePart(firstName, 80)}-${stamp}`;
  let jsonPath = join(options.outDir, `${base}.json`);
  const chosen = await loadExporters(options.formats ?? DEFAULT_FORMATS);
  /** The JSON exporter where the run writes JSON: it alone is written after every trial, and names the last file saved. */
  const json = chosen.find((exporter) => exporter.name === 'json');
  const bareSummary = await summarise(bare);
  const bareClean = await lab.bareNodeStartWithoutSlowEnv(method);
  const bareCleanSummary = bareClean === undefined ? undefined : await summarise(bareClean);
  const done: ScenarioResult[] = [];
  /** The first file of each exporter that wrote any, by its label, for the closing lines. */
  const written = new Map<string, string>();
  const guard = await lab.startGuard();
  const interruption = new Interruption();
  const snapshot = (): RunResults => ({
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'parabench', version: packageVersion() },
    context,
    parameters: {
      scenarios: options.scenarios.map(withoutHome),
      strategies: options.strategies,
      workers: options.workers,
      concurrency: options.concurrency,
      perWorker: options.perWorker,
      mode: options.mode,
      chunkSizes: options.chunkSizes,
      iterations: options.iterations,
      warmup: options.warmup,
      incremental: options.incremental,
      sampleIntervals: options.sampleIntervalsMs, // the results file keeps its field name
      foreignLoadWarnCores: options.foreignLoadWarnCores ?? DEFAULT_FOREIGN_LOAD_WARN_CORES,
      ...(options.taskTimeoutMs === undefined ? {} : { taskTimeoutSeconds: options.taskTimeoutMs / 1000 }),
      ...(options.workerHeapMb === undefined ? {} : { workerHeapMb: options.workerHeapMb }),
      ...(options.plantedSlowdown === undefined || options.plantedSlowdown.length === 0 ? {} : { plantedSlowdown: plantedText(options.plantedSlowdown) }),
      ...(options.items === undefined ? {} : { items: options.items }),
      // Every instrument that ran: the default set's and those asked for.
      ...(instruments.length === 0 ? {} : { instruments: instruments.map((instrument) => instrument.name) }),
      explain: options.explain === true,
      ...sweptSettings(options),
      ...Object.fromEntries(Object.entries(options.params).map(([name, value]) => [name, withoutHome(value)])),
      ...Object.fromEntries(Object.entries(options.paramSweeps).map(([name, values]) => [name, withoutHome(values.join(','))])),
    },
    bareNodeStart: {
      samples: bare,
      summary: bareSummary,
      ...(bareClean === undefined || bareCleanSummary === undefined
        ? {}
        : { withoutStartUpEnv: { samples: bareClean, summary: bareCleanSummary } }),
    },
    scenarios: done,
    interrupted: interruption.interrupted,
  });
  /** The last results file written whole, named when a later write fails. */
  let lastSaved: string | undefined;
  const write = async (path: string, content: string): Promise<void> => {
    try {
      await writeAtomically(path, content);
    } catch (error) {
      const kept = lastSaved === undefined ? 'no results file was written' : `${lastSaved} holds the rows completed before it`;
      throw new Error(`could not write results to ${path}: ${error instanceof Error ? error.message : String(error)}; ${kept}`);
    }
  };
  const save = async (): Promise<void> => {
    const results = snapshot();
    for (const exporter of chosen) {
      const files = (await exporter.files?.(results, { outDir: options.outDir, baseName: base })) ?? [];
      for (const file of files) await write(join(options.outDir, file.path), file.content);
      if (files[0] !== undefined && exporter.label !== undefined) written.set(exporter.label, join(options.outDir, files[0].path));
    }
    if (json !== undefined) lastSaved = jsonPath;
  };
  /** After every trial: the JSON alone, with the running scenario's rows so far, so a crash or a full disk loses at most one trial. */
  const checkpoint = async (partial: ScenarioResult): Promise<void> => {
    if (json === undefined) return;
    const results: RunResults = { ...snapshot(), scenarios: [...done, partial], interrupted: true };
    for (const file of (await json.files?.(results, { outDir: options.outDir, baseName: base })) ?? []) await write(join(options.outDir, file.path), file.content);
    lastSaved = jsonPath;
  };

  try {
    if (options.replaceResults !== true) {
      base = await claimBaseName(base, options.runName !== undefined, options.outDir, chosen, { ...snapshot(), interrupted: true });
      jsonPath = join(options.outDir, `${base}.json`);
      if (json !== undefined) lastSaved = jsonPath; // whole, with no row yet
    }
    for (const chosenScenario of chosenScenarios) {
      if (interruption.interrupted) break;
      const { scenario } = chosenScenario;
      // A row of the harness's own kind runs only in the scenarios its kind applies to (the ceiling: CPU-bound ones).
      const planned = plans.filter((plan) => rowKindOf(plan)?.appliesTo(scenario) ?? true);
      if (planned.length === 0) {
        const why = kinds.filter((kind) => !kind.appliesTo(scenario)).map((kind) => `${kind.name} is ${kind.appliesOnly}`);
        io.print(`${terminalText(scenario.name)}: skipped, no row left to run (${why.join('; ')}).`);
        continue;
      }
      for (const items of itemsFor(scenario, options)) {
        if (interruption.interrupted) break;
        const notice = remoteNotice(scenario.flags?.some((flag) => flag.name === 'base-url') ? chosenScenario.params['base-url'] : undefined, items, planned, options.warmup + options.iterations);
        if (notice !== undefined) io.print(terminalText(notice));
        const settings = scenarioRunSettings(options, chosenScenario.params);
        const result = await runScenario(chosenScenario, items, planned, settings, method, context.cores, interruption, { checkpoint, guard, lab, harnessProbes });
        if (interruption.interrupted && result.rows.length === 0) break;
        done.push(result);
        await save();
        for (const exporter of chosen) if (exporter.printScenario !== undefined) io.print(exporter.printScenario(result, io.view ?? DEFAULT_VIEW, { foreignLoadWarnCores: options.foreignLoadWarnCores ?? DEFAULT_FOREIGN_LOAD_WARN_CORES }));
      }
    }
    if (interruption.interrupted) await save();
  } finally {
    interruption.dispose();
    guard.close();
  }
  for (const exporter of chosen) if (exporter.printRun !== undefined) io.print(exporter.printRun(snapshot(), io.view ?? DEFAULT_VIEW));
  io.print('');
  for (const [label, path] of written) io.print(`${`${label}:`.padEnd(11)}${terminalText(path)}`);
  const failed = done.some((s) => s.rows.some((row) => row.state === 'failed'));
  const empty = done.flatMap((s) => s.rows.filter(everyItemFailed).map((row) => `${s.scenario} ${row.label}`));
  for (const name of empty) io.print(`every item of ${terminalText(name)} failed, in every trial: it measured nothing (see the item failures above); exit 1`);
  return { results: snapshot(), jsonPath, exitCode: interruption.interrupted ? 130 : failed || empty.length > 0 ? 1 : 0 };
}

/** A completed row none of whose items succeeded in any measured trial: its times describe no work. */
export function everyItemFailed(row: Row): boolean {
  const measured = row.trials.filter((t) => !t.warmup && t.problem === null);
  return row.state === 'completed' && measured.length > 0 && measured.every((t) => t.items !== null && t.items > 0 && t.itemFailures.length >= t.items);
}

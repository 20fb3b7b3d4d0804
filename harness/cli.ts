#!/usr/bin/env node
/** parabench's command line: flags in, one validated options object out to each command. */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { allScenarioFlags, attributeOf, flagClash, scenarioParams } from '../scenarios/support/flags.js';
import { MAX_ITEMS, type Scenario, type ScenarioFlag } from '../scenarios/scenario.js';
import { isScenarioPath, loadScenario, scenarios } from '../scenarios/registry.js';
import { absoluteTaskParams } from '../scenarios/task.js';
import { strategies } from '../strategies/registry.js';
import { registerReproduce } from './reproduce/cli.js';
import { INDEPENDENT, INDEPENDENT_SUMMARY } from './results/row-kinds.js';
import { glibcVersion, mallocProblem } from './run/malloc.js';
import { nodeFlagsProblem } from './run/node-flags.js';
import { endProcess, keepGoingWhenOutputCloses } from './run/process-output.js';
import { choiceList, positiveInteger, positiveIntegerList, UsageError } from './usage-error.js';
import { fileNamePart, FILE_NAME_RULE, isFileName, terminalText } from './safe-text.js';
import { BENCH_EXAMPLES, byDefault, flag, GROUPS, internal, orderGroups, scenarioOptions } from './cli/help.js';
import { packageVersion } from './results/tool-version.js';
import { PLANTED_SLOWDOWN_ENV } from '../strategies/pool/worker/task-runner.js';
import type { PlantedSlowdown } from './run/trial-command.js';

// The CLI only declares flags and hands validated options on; the commands live elsewhere
// and are imported lazily, so a trial process loads no more than it needs.

const scenarioNames = Object.keys(scenarios);
const strategyNames = Object.keys(strategies);
/** What `bench --strategy` takes: the strategies and the `independent` ceiling row (a row kind of the harness). */
const rowNames = [...strategyNames, INDEPENDENT];
const cores = availableParallelism();
/** Flags of every built-in scenario and of any scenario module named by path; set by `main` before parsing. */
let scenarioFlags = allScenarioFlags(Object.values(scenarios));

interface RawOptions {
  [flag: string]: string | boolean | undefined;
}

const text = (raw: RawOptions, name: string): string | undefined => {
  const value = raw[name];
  return typeof value === 'string' ? value : undefined;
};

function scenarioList(value: string): string[] {
  const benchmarks = Object.values(scenarios).filter((s) => s.diagnostic !== true && s.standalone !== true).map((s) => s.name);
  if (value === 'all') return benchmarks;
  return choiceList('--scenario', value, [...scenarioNames, 'all'], true).map((name) => (isScenarioPath(name) ? resolve(name) : name));
}

/**
 * The scenarios to run: `--task` selects the `task` scenario, so `--scenario` is then left out
 * (or names `task`); `--inputs` means nothing without `--task`.
 */
function chosenScenarios(raw: RawOptions, params: Readonly<Record<string, string>>): string[] {
  const named = text(raw, 'scenario');
  if (params['task'] !== undefined) {
    if (named !== undefined && named !== 'task') {
      throw new UsageError(`--task runs your function as the task scenario: leave out --scenario ${named} (or give --scenario task)`);
    }
    return ['task'];
  }
  if (params['inputs'] !== undefined) throw new UsageError('--inputs are the inputs of --task ./module.js#exportName: add --task');
  if (named?.split(',').includes('task') === true) throw new UsageError('the task scenario needs --task ./module.js#exportName and --inputs');
  return scenarioList(named ?? 'cpu');
}

/** A scenario module named by path, as given, with the scenario it exports. */
interface ScenarioModule {
  readonly path: string;
  readonly scenario: Scenario<unknown>;
}

/** Scenario modules named by path in argv (`--scenario ./x.js` or `--scenario=./x.js`), loaded so their flags can be declared. */
async function scenarioModulesIn(argv: readonly string[]): Promise<ScenarioModule[]> {
  const values = argv.flatMap((arg, i) => (arg === '--scenario' ? [argv[i + 1] ?? ''] : arg.startsWith('--scenario=') ? [arg.slice(11)] : []));
  const paths = values.flatMap((value) => value.split(',')).map((name) => name.trim()).filter((name) => name !== '' && isScenarioPath(name));
  return Promise.all(paths.map(async (path) => ({ path, scenario: await loadScenario(path) })));
}

/**
 * Refuses a scenario module's flag that parabench's own flags of `bench` or `trial` already take
 * (commander would throw "Cannot add option", or read two flags as one value), or the task
 * scenario's (`--task` selects that scenario): a usage error naming the module and the flag.
 */
function refuseFlagClashes(modules: readonly ScenarioModule[], formats: FormatChoices): void {
  const own = program(() => undefined, formats, [], []).commands.filter((command) => command.name() === 'bench' || command.name() === 'trial');
  const reserved = [...own.flatMap((command) => command.options.map((option) => option.long?.replace(/^--/, '') ?? '')), 'help', ...(scenarios['task']?.flags ?? []).map((flag) => flag.name)];
  for (const { path, scenario } of modules) {
    for (const flag of scenario.flags ?? []) {
      const problem = flagClash(flag, reserved);
      if (problem !== undefined) throw new UsageError(`--scenario ${path}: ${problem}`);
    }
  }
}

/** The values given for scenario flags, by flag name (commander stores them camel-cased). */
function givenParams(raw: RawOptions): Record<string, string> {
  const given: Record<string, string> = {};
  for (const flag of scenarioFlags) {
    const value = text(raw, attributeOf(flag.name));
    if (value !== undefined) given[flag.name] = value;
  }
  return given;
}

/** Splits given flags into single values and sweeps (a list given to a flag that may be swept). */
function splitSweeps(given: Record<string, string>): { params: Record<string, string>; paramSweeps: Record<string, string[]> } {
  const params: Record<string, string> = {};
  const paramSweeps: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(given)) {
    const sweepable = scenarioFlags.some((flag) => flag.name === name && flag.sweep === true);
    const values = [...new Set(value.split(',').map((v) => v.trim()))];
    if (sweepable && values.length > 1) paramSweeps[name] = values;
    else params[name] = value;
  }
  return { params, paramSweeps };
}

/** libuv's own bounds on UV_THREADPOOL_SIZE (it clamps anything else silently, so parabench refuses it). */
const UV_THREADPOOL_MAX = 1024;

/** `--uv-threadpool 1,2,4`: distinct pool sizes libuv accepts, or a UsageError naming the valid range. */
function uvThreadpoolSizes(value: string | undefined): number[] {
  if (value === undefined) return [];
  const sizes = value.split(',').map((part) => {
    const size = Number(part.trim());
    if (!/^\d+$/.test(part.trim()) || size < 1 || size > UV_THREADPOOL_MAX) {
      throw new UsageError(`--uv-threadpool takes whole numbers from 1 to ${UV_THREADPOOL_MAX} (libuv's valid range for UV_THREADPOOL_SIZE), got "${part.trim()}"`);
    }
    return size;
  });
  return [...new Set(sizes)];
}

/** `--malloc default,retain`: distinct allocator settings, or a UsageError; anything but `default` needs glibc. */
function mallocSettings(value: string | undefined): string[] {
  if (value === undefined) return [];
  const settings = [...new Set(value.split(',').map((part) => part.trim()))];
  for (const setting of settings) {
    const problem = mallocProblem(setting);
    if (problem !== undefined) throw new UsageError(problem);
  }
  if (settings.some((setting) => setting !== 'default') && glibcVersion() === undefined) {
    throw new UsageError(`--malloc sets glibc's GLIBC_TUNABLES, but this Node does not run on glibc (${process.platform}): leave --malloc out here`);
  }
  return settings;
}

/** `--node-flags none,--single-threaded-gc`: distinct values this Node starts with, or a UsageError naming the one it refused. */
function nodeFlagSets(value: string | undefined): string[] {
  if (value === undefined) return [];
  const values = [...new Set(value.split(',').map((part) => part.trim().replace(/\s+/g, ' ')))];
  for (const flags of values) {
    const problem = nodeFlagsProblem(flags);
    if (problem !== undefined) throw new UsageError(problem);
  }
  return values;
}

/** The strategies of a bench run; the ceiling row joins the default set and must fit at least one chosen scenario. */
async function benchStrategies(value: string | undefined, scenarioNames: readonly string[]): Promise<string[]> {
  const chosen = choiceList('--strategy', value ?? rowNames.join(','), rowNames, true);
  if (value === undefined || !chosen.includes(INDEPENDENT)) return chosen;
  const loaded = await Promise.all(scenarioNames.map((name) => loadScenario(name)));
  if (!loaded.some((scenario) => scenario.hasCeiling === true)) {
    const fitting = Object.values(scenarios).filter((s) => s.hasCeiling === true).map((s) => s.name);
    throw new UsageError(
      `--strategy ${INDEPENDENT} is a ceiling only for CPU-bound scenarios (${fitting.join(', ')}), not for ${scenarioNames.join(', ')}: leave ${INDEPENDENT} out or choose one of those scenarios`,
    );
  }
  return chosen;
}

/** "0,100" into distinct whole numbers of zero or more. */
function nonNegativeList(flag: string, value: string): number[] {
  return [...new Set(value.split(',').map((part) => nonNegative(flag, part.trim())))];
}

/** Flags `bench` and `trial` share: each scenario's own, the image inputs, item counts, limits. */
function sharedOptions(command: Command, flags: readonly ScenarioFlag[], declaring: readonly Scenario<unknown>[]): Command {
  for (const option of scenarioOptions(flags, declaring)) command.addOption(option);
  return command
    .addOption(flag(GROUPS.run, '--items <n>', "items per trial; bench takes a list, e.g. 25,50,100, to fit a projection (default: the scenario's, smaller with --quick)"))
    .addOption(flag(GROUPS.run, '--chunk-size <n>', `items per message to a pool worker (document 003's chunksize); bench takes a list ${byDefault('1')}`))
    .addOption(flag(GROUPS.inputs, '--input <dir>', 'benchmark your own images in this folder instead of generated photos'))
    .addOption(flag(GROUPS.inputs, '--incremental', "skip thumbnails newer than their source (document 000's mtime check)"))
    .addOption(flag(GROUPS.inputs, '--cache-dir <dir>', `where generated photos and incremental outputs are kept ${byDefault('results/.cache')}`))
    .addOption(flag(GROUPS.measurement, '--worker-heap-mb <n>', "limit each worker's heap (and the trial's own) to this many MiB, as --max-old-space-size"))
    .addOption(flag(GROUPS.measurement, '--task-timeout <s>', 'fail a task running longer than this many seconds (a pool ends and replaces its worker)'))
    .addOption(flag(GROUPS.output, '--verbose', 'show stack traces of errors'));
}

async function bench(raw: RawOptions): Promise<number> {
  if (raw['quick'] === true && raw['full'] === true) throw new UsageError('--quick and --full contradict each other: choose one');
  const mode = raw['quick'] === true ? 'quick' : raw['full'] === true ? 'full' : 'normal';
  const items = text(raw, 'items');
  const given = await absoluteTaskParams(givenParams(raw));
  const names = chosenScenarios(raw, given);
  const options = {
    scenarios: names,
    strategies: await benchStrategies(text(raw, 'strategy'), names),
    workers: positiveIntegerList('--workers', text(raw, 'workers') ?? String(cores)),
    concurrency: positiveIntegerList('--concurrency', text(raw, 'concurrency') ?? String(cores)),
    perWorker: positiveInteger('--per-worker', text(raw, 'perWorker') ?? '1'),
    items: items === undefined ? undefined : itemCounts(items),
    mode,
    input: text(raw, 'input'),
    incremental: raw['incremental'] === true,
    chunkSizes: positiveIntegerList('--chunk-size', text(raw, 'chunkSize') ?? '1'),
    iterations: positiveInteger('--iterations', text(raw, 'iterations') ?? (mode === 'quick' ? '3' : '5')),
    warmup: nonNegative('--warmup', text(raw, 'warmup') ?? '1'),
    outDir: text(raw, 'out') ?? 'results',
    cacheDir: text(raw, 'cacheDir') ?? 'results/.cache',
    sampleIntervalsMs: nonNegativeList('--sample-interval', text(raw, 'sampleInterval') ?? '250'),
    uvThreadpoolSizes: uvThreadpoolSizes(text(raw, 'uvThreadpool')),
    mallocSettings: mallocSettings(text(raw, 'malloc')),
    nodeFlagSets: nodeFlagSets(text(raw, 'nodeFlags')),
    trialTimeoutSeconds: positiveInteger('--trial-timeout', text(raw, 'trialTimeout') ?? '600'),
    machineName: text(raw, 'machineName'),
    runName: text(raw, 'name'),
    ...splitSweeps(given),
    taskTimeoutMs: taskTimeoutMs(raw),
    workerHeapMb: workerHeapMb(raw),
    foreignLoadWarnCores: foreignLoadWarn(raw),
  } as const;
  const plantedSlowdown = plantSlowdown(text(raw, 'plantSlowdown'), options.strategies);
  const tooMany = options.workers.filter((n) => n > cores * 8);
  if (tooMany.length > 0) throw new UsageError(`--workers ${tooMany.join(',')} is absurd on ${cores} cores (at most ${cores * 8})`);
  const [{ runBench }, { exporters, DEFAULT_FORMATS }, { terminalWidth }] = await Promise.all([
    import('./run/bench.js'),
    import('./exporters/registry.js'),
    import('./report/terminal.js'),
  ]);
  const format = text(raw, 'format');
  const formats = format === undefined ? DEFAULT_FORMATS : choiceList('--format', format, Object.keys(exporters));
  const notes = choiceList('--notes', text(raw, 'notes') ?? 'key', ['key', 'all'])[0];
  const view = { width: terminalWidth(process.stdout), wide: raw['wide'] === true, allNotes: notes === 'all' };
  const outcome = await runBench({ ...options, formats, ...(plantedSlowdown.length === 0 ? {} : { plantedSlowdown }) }, { print: (line) => console.log(line), view });
  return outcome.exitCode;
}

/** `--plant-slowdown STRATEGY=PERCENT,...`: strategies of the run, each once, with a slowdown above 0 and at most 100%. */
function plantSlowdown(value: string | undefined, strategies: readonly string[]): PlantedSlowdown[] {
  if (value === undefined) return [];
  const planted: PlantedSlowdown[] = [];
  for (const part of value.split(',')) {
    const match = /^\s*([^=\s]+)\s*=\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(part);
    const percent = match === null ? Number.NaN : Number(match[2]);
    if (match === null || !(percent > 0 && percent <= 100)) {
      throw new UsageError(`--plant-slowdown takes STRATEGY=PERCENT, comma-separated, each percentage above 0 and at most 100, e.g. worker-threads=10%; got "${part}"`);
    }
    const strategy = match[1] as string;
    if (!strategies.includes(strategy)) throw new UsageError(`--plant-slowdown names ${strategy}, which is not among this run's strategies (${strategies.join(', ')}): name one of them`);
    if (planted.some((p) => p.strategy === strategy)) throw new UsageError(`--plant-slowdown names ${strategy} twice: give each strategy one slowdown`);
    planted.push({ strategy, fraction: percent / 100 });
  }
  return planted;
}

/** `--items`: whole numbers from 1 to MAX_ITEMS. */
function itemCounts(text: string): number[] {
  const counts = positiveIntegerList('--items', text);
  const tooMany = counts.filter((n) => n > MAX_ITEMS);
  if (tooMany.length > 0) {
    throw new UsageError(`--items ${tooMany.join(',')} is more than a trial can hold: at most ${MAX_ITEMS} (every item's input, outcome and digest stay in memory)`);
  }
  return counts;
}

/** `--foreign-load-warn`: cores of other processes' CPU above which a row's verdict is marked unreliable. */
function foreignLoadWarn(raw: RawOptions): number {
  const value = text(raw, 'foreignLoadWarn') ?? '0.25';
  const coresValue = Number(value);
  if (value.trim() === '' || !Number.isFinite(coresValue) || coresValue < 0 || coresValue > cores) {
    throw new UsageError(`--foreign-load-warn takes a number of cores from 0 to ${cores}, e.g. 0.25; got "${value}"`);
  }
  return coresValue;
}

function workerHeapMb(raw: RawOptions): number | undefined {
  const value = text(raw, 'workerHeapMb');
  return value === undefined ? undefined : positiveInteger('--worker-heap-mb', value);
}

/** `--task-timeout` in seconds (decimals allowed), as milliseconds. */
function taskTimeoutMs(raw: RawOptions): number | undefined {
  const value = text(raw, 'taskTimeout');
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--task-timeout takes a positive number of seconds, got "${value}"`);
  return Math.round(seconds * 1000);
}

function nonNegative(flag: string, value: string): number {
  return value.trim() === '0' ? 0 : positiveInteger(flag, value);
}

/** `--first-item`: a whole number of zero or more, below MAX_ITEMS. */
function firstItem(raw: RawOptions): number {
  const value = text(raw, 'firstItem') ?? '0';
  const first = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(first) || first >= MAX_ITEMS) {
    throw new UsageError(`--first-item takes a whole number from 0 to ${MAX_ITEMS - 1} (the position of the trial's first item among the inputs), got "${value}"`);
  }
  return first;
}

async function trial(raw: RawOptions): Promise<number> {
  const given = await absoluteTaskParams(givenParams(raw));
  const scenario = chosenScenarios(raw, given)[0] as string;
  const definition = await loadScenario(scenario);
  const strategy = choiceList('--strategy', text(raw, 'strategy') ?? 'sequential', strategyNames, true)[0] as string;
  const items = text(raw, 'items');
  const first = firstItem(raw);
  if (first > 0 && definition.hasCeiling !== true) {
    const honouring = Object.values(scenarios).filter((s) => s.hasCeiling === true).map((s) => s.name);
    throw new UsageError(`--first-item is for the scenarios that split their items over the independent row's copies (${honouring.join(', ')}), not ${definition.name}: leave it out`);
  }
  const spec = {
    scenario,
    strategy,
    workers: positiveInteger('--workers', text(raw, 'workers') ?? String(cores)),
    concurrency: positiveInteger('--concurrency', text(raw, 'concurrency') ?? '1'),
    items: items === undefined ? definition.items.normal : (itemCounts(items)[0] as number),
    firstItem: first,
    input: text(raw, 'input'),
    incremental: raw['incremental'] === true,
    chunkSize: positiveInteger('--chunk-size', text(raw, 'chunkSize') ?? '1'),
    cacheDir: text(raw, 'cacheDir') ?? 'results/.cache',
    rowKey: rowKey(text(raw, 'rowKey'), strategy),
    params: scenarioParams(definition, given),
    taskTimeoutMs: taskTimeoutMs(raw),
    workerHeapMb: workerHeapMb(raw),
    startBarrier: raw['startBarrier'] === true,
    diagnoseFile: text(raw, 'diagnose'),
  };
  plantInTrial(text(raw, 'plantedSlowdown'));
  const [{ runTrialCommand }, { describeTrial }] = await Promise.all([import('./trial/command.js'), import('./report/trial-summary.js')]);
  return runTrialCommand(spec, raw['reportIpc'] === true, describeTrial);
}

/** `trial --planted-slowdown F`: every thread and process of this trial inherits it through the environment (see task-runner.ts). */
function plantInTrial(value: string | undefined): void {
  if (value === undefined) return;
  const fraction = Number(value);
  if (!(fraction > 0 && fraction <= 1)) throw new UsageError(`--planted-slowdown takes a fraction above 0 and at most 1, e.g. 0.1; got "${value}"`);
  process.env[PLANTED_SLOWDOWN_ENV] = String(fraction);
}

/** `--row-key` (default: the strategy): it names a folder of kept outputs under --cache-dir, so it must be one file name there. */
function rowKey(value: string | undefined, strategy: string): string {
  if (value === undefined) return fileNamePart(strategy);
  if (!isFileName(value)) throw new UsageError(`--row-key ${JSON.stringify(value)} is not a file name: it takes ${FILE_NAME_RULE}`);
  return value;
}

/** `terminal` or `markdown`, for compare and merge. */
function reportFormat(raw: RawOptions): 'terminal' | 'markdown' {
  return choiceList('--format', text(raw, 'format') ?? 'terminal', ['terminal', 'markdown'])[0] as 'terminal' | 'markdown';
}

async function compare(basePath: string, headPath: string, raw: RawOptions): Promise<number> {
  const { runCompare, parseThreshold, parseCorrection } = await import('./compare/command.js');
  const metric = choiceList('--metric', text(raw, 'metric') ?? 'real', ['real', 'work', 'cpu'])[0] as 'real' | 'work' | 'cpu';
  const correction = parseCorrection(text(raw, 'correction') ?? 'holm');
  const options = {
    basePath,
    headPath,
    threshold: parseThreshold(text(raw, 'threshold') ?? '5%'),
    failOnRegression: raw['failOnRegression'] === true,
    crossMachine: raw['crossMachine'] === true,
    metric,
    alpha: 0.05,
    correction,
    ...maxForeignLoad(text(raw, 'maxForeignLoad') ?? '0.25'),
    format: reportFormat(raw),
    width: await outputWidth(),
  };
  return runCompare(options, (line) => console.log(line));
}

/** compare's `--max-foreign-load`: cores (0 or more), or `none` to count every trial. */
function maxForeignLoad(value: string): { maxForeignLoad?: number } {
  if (value.trim() === 'none') return {};
  const coresValue = Number(value);
  if (value.trim() === '' || !Number.isFinite(coresValue) || coresValue < 0) {
    throw new UsageError(`--max-foreign-load takes a number of cores of 0 or more, e.g. 0.25, or none; got "${value}"`);
  }
  return { maxForeignLoad: coresValue };
}

async function merge(paths: string[], raw: RawOptions): Promise<number> {
  const { runMerge } = await import('./merge/command.js');
  return runMerge({ paths, format: reportFormat(raw), width: await outputWidth() }, (line) => console.log(line));
}

/** The width terminal tables must fit (see harness/report/terminal.ts), loaded only by commands that print tables. */
async function outputWidth(): Promise<number> {
  const { terminalWidth } = await import('./report/terminal.js');
  return terminalWidth(process.stdout);
}

async function list(): Promise<number> {
  console.log('Scenarios:');
  for (const s of Object.values(scenarios)) console.log(`  ${s.name.padEnd(16)} ${s.summary}`);
  console.log('Strategies:');
  for (const s of Object.values(strategies)) console.log(`  ${s.name.padEnd(16)} ${s.summary}`);
  console.log(`  ${INDEPENDENT.padEnd(16)} ${INDEPENDENT_SUMMARY}`);
  return 0;
}

/** What `--format` offers, from the exporter registry; empty where the exporters are not loaded (a trial process). */
interface FormatChoices {
  readonly names: readonly string[];
  readonly defaults: readonly string[];
}

/** Loads the exporter registry for every command but `trial`, whose process loads no more than it needs. */
async function formatChoices(argv: readonly string[]): Promise<FormatChoices> {
  if (argv[2] === 'trial') return { names: [], defaults: [] };
  const { exporters, DEFAULT_FORMATS } = await import('./exporters/registry.js');
  return { names: Object.keys(exporters), defaults: DEFAULT_FORMATS };
}

/** The command line: every command and its flags, with `flags` of the scenarios added to `bench` and `trial`. */
function program(setExit: (code: number) => void, formats: FormatChoices, flags: readonly ScenarioFlag[], declaring: readonly Scenario<unknown>[]): Command {
  const root = new Command('parabench')
    .description('Runs the same workloads under different parallelism strategies and reports real/user/sys time.')

    .exitOverride()
    .showHelpAfterError('(run with --help for the flags)');

  const benchCommand = root
    .command('bench')
    .description('run scenarios under every strategy, interleaved, and write results/')
    .addOption(flag(GROUPS.run, '--scenario <names>', `scenarios to run: ${[...scenarioNames, 'all'].join(', ')}, or a path to a scenario module ${byDefault('cpu; task when --task is given')}`))
    .addOption(
      flag(
        GROUPS.run,
        '--strategy <names>',
        `strategies, comma-separated, or a path to a strategy module: ${rowNames.join(', ')} (${INDEPENDENT} is the ceiling row: the items split over N sequential processes run at once, no pool, N from --workers) ${byDefault('all')}`,
      ),
    )
    .addOption(flag(GROUPS.run, '--workers <list>', `pool sizes, e.g. 1,2,4 (one row each) ${byDefault(`the machine's cores: ${cores} here`)}`))
    .addOption(flag(GROUPS.run, '--concurrency <list>', `items in flight for promise, e.g. 8,32 (one row each) ${byDefault(`the machine's cores: ${cores} here`)}`))
    .addOption(flag(GROUPS.run, '--per-worker <n>', `tasks in flight in each pool worker ${byDefault('1')}`))
    .addOption(flag(GROUPS.run, '--quick', 'fewer items and 3 trials a row: a fast look'))
    .addOption(flag(GROUPS.run, '--full', "the documents' sizes (1,000 images)"))
    .addOption(flag(GROUPS.run, '--iterations <n>', `measured trials per row ${byDefault('5; 3 with --quick')}`))
    .addOption(flag(GROUPS.run, '--warmup <n>', `unmeasured rounds first, verified all the same ${byDefault('1')}`))
    .addOption(flag(GROUPS.output, '--out <dir>', `where results JSON and markdown go ${byDefault('results')}`))
    .addOption(flag(GROUPS.output, '--name <name>', `file name of the results in --out, without extension: letters, digits, '.', '_' and '-'; one in use there is refused ${byDefault('<scenario>-<time>, with -2, -3, ... if taken')}`))
    .addOption(flag(GROUPS.output, '--format <list>', `outputs: ${formats.names.join(', ')} ${byDefault(formats.defaults.join(','))}`))
    .addOption(flag(GROUPS.output, '--wide', 'terminal tables show every column, as the markdown report does (COLUMNS sets the width when not a terminal)'))
    .addOption(flag(GROUPS.output, '--notes <which>', `key: each scenario's notes that matter most, within ten lines; all: every note and timeline ${byDefault('key')}`))
    .addOption(flag(GROUPS.output, '--machine-name <name>', `name of this machine in results ${byDefault('the host name')}`))
    .addOption(flag(GROUPS.measurement, '--sample-interval <list>', `sampling period of the process tree outside the work window, in ms (inside it: the shortest window so far / 28, 3 ms at least); 0 turns sampling off; a list makes rows ${byDefault('250')}`))
    .addOption(flag(GROUPS.measurement, '--foreign-load-warn <cores>', `warn, and mark the verdict unreliable, when other processes kept more than this many cores busy during a row's trials ${byDefault('0.25')}`))
    .addOption(flag(GROUPS.measurement, '--plant-slowdown <list>', "calibrating compare: every task call in a strategy's rows computes for this share of its own run time more, e.g. worker-threads=10%,cluster=20% (recorded in the results)"))
    .addOption(flag(GROUPS.measurement, '--trial-timeout <s>', `end a trial (and its process group) after this many seconds ${byDefault('600')}`))
    .addOption(flag(GROUPS.settings, '--uv-threadpool <list>', `UV_THREADPOOL_SIZE of every trial, 1 to 1024, e.g. 1,2,4,8 ${byDefault('left as it is')}`))
    .addOption(
      flag(
        GROUPS.settings,
        '--malloc <list>',
        `glibc's allocator in every trial: default, retain (glibc.malloc.top_pad of 64 MiB: heaps grow in larger steps and keep that much when trimmed), or GLIBC_TUNABLES such as glibc.malloc.arena_max=1 ${byDefault('left as it is')}`,
      ),
    )
    .addOption(flag(GROUPS.settings, '--node-flags <list>', `Node/V8 flags every trial starts with (worker processes inherit them): "none" or flags separated by spaces, e.g. "none,--single-threaded-gc" ${byDefault('none')}`))
    .addHelpText('after', BENCH_EXAMPLES)
    .action(async (raw: RawOptions) => setExit(await bench(raw)));
  orderGroups(sharedOptions(benchCommand, flags, declaring));

  const trialCommand = root
    .command('trial')
    .description('run exactly one trial in this process and print its own figures (what bench runs for each trial)')
    .addOption(flag(GROUPS.run, '--scenario <name>', `one of: ${scenarioNames.join(', ')}, or a path to a scenario module ${byDefault('cpu; task when --task is given')}`))
    .addOption(flag(GROUPS.run, '--strategy <name>', `one of: ${strategyNames.join(', ')}, or a path ${byDefault('sequential')}`))
    .addOption(flag(GROUPS.run, '--workers <n>', `pool size ${byDefault(`the machine's cores: ${cores} here`)}`))
    .addOption(flag(GROUPS.run, '--concurrency <n>', `promise: items in flight; pools: tasks in flight per worker ${byDefault('1')}`))
    .addOption(internal('--row-key <key>', 'names the incremental output folder'))
    .addOption(internal('--first-item <n>', 'run the inputs from this position on (0 = the first): --items of them, as one copy of the independent row does'))
    .addOption(internal('--report-ipc', 'send the report to the parent harness over IPC'))
    .addOption(internal('--start-barrier', 'with --report-ipc: wait for the harness before the work window'))
    .addOption(internal('--planted-slowdown <fraction>', "bench --plant-slowdown: each task call computes this fraction of its run time more"))
    .addOption(internal('--diagnose <file>', "write which items run on the main thread to FILE at every change (bench's diagnostic rerun of a trial that died)"))
    .action(async (raw: RawOptions) => setExit(await trial(raw)));
  orderGroups(sharedOptions(trialCommand, flags, declaring));

  root.command('list').description('list scenarios and strategies').action(async () => setExit(await list()));

  root.command('compare')
    .description("compare two results files row by row: Welch's t-test on log times, corrected for the number of rows, and the change each row could see")
    .argument('<base>', 'results JSON of the baseline (several runs of one machine: comma-separated, trials pooled)')
    .argument('<head>', 'results JSON to compare with it (comma-separated likewise)')
    .option('--threshold <percent>', 'a regression must be worse than this', '5%')
    .option('--fail-on-regression', 'exit 1 when a row is significantly worse beyond the threshold; rows that could have missed such a regression are reported undecided', false)
    .option('--cross-machine', "files from different machines: compare speedups over each file's own sequential run", false)
    .option('--metric <name>', 'real, work or cpu (user + sys) seconds per trial', 'real')
    .option('--correction <method>', 'how the rows share the 5% error rate: holm (chance of any false alarm), bh (share of false alarms among rows called changed) or none (each row alone)', 'holm')
    .option('--max-foreign-load <cores>', "set aside trials during which other processes kept more than this many cores busy (bench's --foreign-load-warn), or none to count every trial", '0.25')
    .option('--format <name>', 'terminal or markdown', 'terminal')
    .action(async (base: string, head: string, raw: RawOptions) => setExit(await compare(base, head, raw)));

  root.command('merge')
    .description('one cross-machine table from results files: speedup over sequential and efficiency per core, by machine')
    .argument('<files...>', 'results JSON files, e.g. results/*.json')
    .option('--format <name>', 'terminal or markdown', 'terminal')
    .action(async (files: string[], raw: RawOptions) => setExit(await merge(files, raw)));

  registerReproduce(root, setExit);
  return root;
}

async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  try {
    const modules = await scenarioModulesIn(argv);
    const formats = await formatChoices(argv);
    refuseFlagClashes(modules, formats);
    const declaring = [...Object.values(scenarios), ...modules.map((module) => module.scenario)];
    scenarioFlags = allScenarioFlags(declaring);
    const root = program((code) => (exitCode = code), formats, scenarioFlags, declaring);
    // A trial process reads no more than it needs: the version is asked of parabench itself, not of a trial.
    if (argv[2] !== 'trial') root.version(packageVersion(), '-V, --version', 'print the version of parabench');
    await root.parseAsync(argv as string[]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version' ? 0 : 2;
    }
    if (error instanceof UsageError || (error instanceof Error && (error as { code?: unknown }).code === 'BAD_INPUT')) {
      console.error(`parabench: ${terminalText(error.message)}`);
      return 2;
    }
    const verbose = argv.includes('--verbose');
    console.error(`parabench: ${terminalText(error instanceof Error ? ((verbose ? error.stack : undefined) ?? error.message) : String(error))}`);
    return 1;
  }
}

// Every command, a trial included, ends its process once its output is out: its pool was shut down
// before its report, and a timer or server a user's module left running must neither keep parabench
// alive nor add a wait to a trial's real time.
keepGoingWhenOutputCloses();
await endProcess(await main(process.argv));

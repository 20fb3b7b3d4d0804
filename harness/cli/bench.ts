/** `parabench bench`: its flags, their validation into one options object, and the run handed to run/bench.ts. */
import type { Command } from 'commander';
import type { Scenario, ScenarioFlag } from '../../scenarios/scenario.js';
import { loadScenario, scenarios } from '../../scenarios/registry.js';
import { absoluteTaskParams } from '../../scenarios/task.js';
import { HARNESS_ROW_KINDS } from '../results/row-kinds.js';
import type { PlantedSlowdown } from '../run/trial-command.js';
import { choiceList, positiveInteger, positiveIntegerList, UsageError } from '../usage-error.js';
import { BENCH_EXAMPLES, byDefault, flag, GROUPS, orderGroups } from './help.js';
import { text, type Print, type RawOptions } from './options.js';
import { chosenScenarios, cores, givenParams, itemCounts, nonNegative, scenarioNames, sharedOptions, splitSweeps, strategyNames, taskTimeoutMs, workerHeapMb } from './run-options.js';
import { RUNTIME_SETTINGS, type RuntimeSettingSweeps } from '../settings/registry.js';
import { instrumentChoice, instrumentNames } from '../instrument-registry.js';

/** What `bench --strategy` takes: the strategies and the harness's own row kinds (the `independent` ceiling). */
const rowNames = [...strategyNames, ...HARNESS_ROW_KINDS.map((kind) => kind.name)];

/** What `--format` offers, from the exporter registry; empty where the exporters are not loaded (a trial process). */
export interface FormatChoices {
  readonly names: readonly string[];
  readonly defaults: readonly string[];
}

/** Loads the exporter registry for every command but `trial`, whose process loads no more than it needs. */
export async function formatChoices(argv: readonly string[]): Promise<FormatChoices> {
  if (argv[2] === 'trial') return { names: [], defaults: [] };
  const { FORMAT_NAMES, DEFAULT_FORMATS } = await import('../exporters/registry.js');
  return { names: FORMAT_NAMES, defaults: DEFAULT_FORMATS };
}

/** The strategies of a bench run; the harness's row kinds join the default set, and one named must apply to a chosen scenario. */
async function benchStrategies(value: string | undefined, scenarioNames: readonly string[]): Promise<string[]> {
  const chosen = choiceList('--strategy', value ?? rowNames.join(','), rowNames, true);
  const named = HARNESS_ROW_KINDS.filter((kind) => chosen.includes(kind.name));
  if (value === undefined || named.length === 0) return chosen;
  const loaded = await Promise.all(scenarioNames.map((name) => loadScenario(name)));
  for (const kind of named) {
    if (loaded.some((scenario) => kind.appliesTo(scenario))) continue;
    const fitting = Object.values(scenarios).filter((s) => kind.appliesTo(s)).map((s) => s.name);
    throw new UsageError(
      `--strategy ${kind.name} is ${kind.appliesOnly} (${fitting.join(', ')}), not for ${scenarioNames.join(', ')}: leave ${kind.name} out or choose one of those scenarios`,
    );
  }
  return chosen;
}

/** Each runtime setting's values from its flag's list (empty when left out), by the setting's parameter name; a bad value is a UsageError. */
function settingSweeps(raw: RawOptions): RuntimeSettingSweeps {
  // commander names a flag's value by its camel-cased name: --uv-threadpool is uvThreadpool.
  const given = (flagName: string): string | undefined => text(raw, flagName.slice(2).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
  return Object.fromEntries(RUNTIME_SETTINGS.map((setting) => {
    const list = given(setting.flag);
    return [setting.sweepField, list === undefined ? [] : setting.parse(list)];
  })) as RuntimeSettingSweeps;
}

/** "0,100" into distinct whole numbers of zero or more. */
function nonNegativeList(flag: string, value: string): number[] {
  return [...new Set(value.split(',').map((part) => nonNegative(flag, part.trim())))];
}

async function bench(raw: RawOptions, flags: readonly ScenarioFlag[], print: Print): Promise<number> {
  if (raw['quick'] === true && raw['full'] === true) throw new UsageError('--quick and --full contradict each other: choose one');
  const mode = raw['quick'] === true ? 'quick' : raw['full'] === true ? 'full' : 'normal';
  const items = text(raw, 'items');
  const given = await absoluteTaskParams(givenParams(raw, flags));
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
    sampleIntervalsMs: nonNegativeList('--sample-interval', text(raw, 'sampleInterval') ?? (raw['explain'] === true ? '250' : '0')),
    ...settingSweeps(raw),
    trialTimeoutSeconds: positiveInteger('--trial-timeout', text(raw, 'trialTimeout') ?? '600'),
    machineName: text(raw, 'machineName'),
    runName: text(raw, 'name'),
    ...splitSweeps(given, flags),
    taskTimeoutMs: taskTimeoutMs(raw),
    workerHeapMb: workerHeapMb(raw),
    foreignLoadWarnCores: foreignLoadWarn(raw),
    instruments: instrumentChoice(text(raw, 'instruments')),
    explain: raw['explain'] === true,
  } as const;
  const plantedSlowdown = plantSlowdown(text(raw, 'plantSlowdown'), options.strategies);
  const tooMany = options.workers.filter((n) => n > cores * 8);
  if (tooMany.length > 0) throw new UsageError(`--workers ${tooMany.join(',')} is absurd on ${cores} cores (at most ${cores * 8})`);
  const [{ runBench }, { FORMAT_NAMES, DEFAULT_FORMATS }, { terminalWidth }] = await Promise.all([
    import('../run/bench.js'),
    import('../exporters/registry.js'),
    import('../report/terminal.js'),
  ]);
  const format = text(raw, 'format');
  const formats = format === undefined ? DEFAULT_FORMATS : choiceList('--format', format, FORMAT_NAMES);
  const notes = choiceList('--notes', text(raw, 'notes') ?? 'key', ['key', 'all'])[0];
  const view = { width: terminalWidth(process.stdout), wide: raw['wide'] === true, allNotes: notes === 'all' };
  const outcome = await runBench({ ...options, formats, ...(plantedSlowdown.length === 0 ? {} : { plantedSlowdown }) }, { print, view });
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

/** `--foreign-load-warn`: cores of other processes' CPU above which a row's verdict is marked unreliable. */
function foreignLoadWarn(raw: RawOptions): number {
  const value = text(raw, 'foreignLoadWarn') ?? '0.25';
  const coresValue = Number(value);
  if (value.trim() === '' || !Number.isFinite(coresValue) || coresValue < 0 || coresValue > cores) {
    throw new UsageError(`--foreign-load-warn takes a number of cores from 0 to ${cores}, e.g. 0.25; got "${value}"`);
  }
  return coresValue;
}

/** Adds `bench` to the program, with `flags` of the scenarios; its exit code goes to `setExit`, its lines to `print`. */
export function registerBench(root: Command, setExit: (code: number) => void, formats: FormatChoices, flags: readonly ScenarioFlag[], declaring: readonly Scenario<unknown>[], print: Print): void {
  const benchCommand = root
    .command('bench')
    .description('run scenarios under every strategy, interleaved, and write results/')
    .addOption(flag(GROUPS.run, '--scenario <names>', `scenarios to run: ${[...scenarioNames, 'all'].join(', ')}, or a path to a scenario module ${byDefault('cpu; task when --task is given')}`))
    .addOption(
      flag(
        GROUPS.run,
        '--strategy <names>',
        `strategies, comma-separated, or a path to a strategy module: ${rowNames.join(', ')} (${HARNESS_ROW_KINDS.map((kind) => `${kind.name} is ${kind.help}`).join('; ')}) ${byDefault('all')}`,
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
    .addOption(flag(GROUPS.measurement, '--sample-interval <list>', `sampling period of the process tree outside the work window, in ms (inside it: the shortest window so far / 28, 3 ms at least); 0 turns sampling off; a list makes rows ${byDefault('0, or 250 with --explain')}`))
    .addOption(flag(GROUPS.measurement, '--foreign-load-warn <cores>', `warn, and mark the verdict unreliable, when other processes kept more than this many cores busy during a row's trials ${byDefault('0.25')}`))
    .addOption(flag(GROUPS.measurement, '--explain', "read where each trial's CPU went: threads by kind, GC, event loops and the process tree's timeline (sampled every --sample-interval, 250 ms); they cost a trial a few percent of its time, so they are off unless asked for"))
    .addOption(flag(GROUPS.measurement, '--instruments <list>', `instruments to add to the built-in readings, each with its own columns and notes: ${[...instrumentNames(), 'all'].join(', ')} (their cost on a trial is not yet measured, so none is on by default) ${byDefault('none')}`))
    .addOption(flag(GROUPS.measurement, '--plant-slowdown <list>', "calibrating compare: every task call in a strategy's rows computes for this share of its own run time more, e.g. worker-threads=10%,cluster=20% (recorded in the results)"))
    .addOption(flag(GROUPS.measurement, '--trial-timeout <s>', `end a trial (and its process group) after this many seconds ${byDefault('600')}`))
    .addHelpText('after', BENCH_EXAMPLES)
    .action(async (raw: RawOptions) => setExit(await bench(raw, flags, print)));
  for (const setting of RUNTIME_SETTINGS) benchCommand.addOption(flag(GROUPS.settings, `${setting.flag} <list>`, `${setting.help} ${byDefault(setting.unset)}`));
  orderGroups(sharedOptions(benchCommand, flags, declaring));
}

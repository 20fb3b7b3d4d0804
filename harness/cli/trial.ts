/** `parabench trial`: one trial in this process, as bench runs each; its flags, their validation, and the run handed to trial/command.ts. */
import type { Command } from 'commander';
import { scenarioParams } from '../../scenarios/support/flags.js';
import { MAX_ITEMS, type Scenario, type ScenarioFlag } from '../../scenarios/scenario.js';
import { loadScenario, scenarios } from '../../scenarios/registry.js';
import { absoluteTaskParams } from '../../scenarios/task.js';
import { PLANTED_SLOWDOWN_ENV } from '../../strategies/pool/worker/task-runner.js';
import { SEQUENTIAL } from '../../strategies/sequential.js';
import { fileNamePart, FILE_NAME_RULE, isFileName } from '../safe-text.js';
import { choiceList, positiveInteger, UsageError } from '../usage-error.js';
import { byDefault, flag, GROUPS, internal, orderGroups } from './help.js';
import { EXPLAINING, instrumentChoice, instrumentNames } from '../instrument-registry.js';
import { text, type RawOptions } from './options.js';
import { chosenScenarios, cores, givenParams, itemCounts, scenarioNames, sharedOptions, strategyNames, taskTimeoutMs, workerHeapMb } from './run-options.js';

/** `--first-item`: a whole number of zero or more, below MAX_ITEMS. */
function firstItem(raw: RawOptions): number {
  const value = text(raw, 'firstItem') ?? '0';
  const first = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(first) || first >= MAX_ITEMS) {
    throw new UsageError(`--first-item takes a whole number from 0 to ${MAX_ITEMS - 1} (the position of the trial's first item among the inputs), got "${value}"`);
  }
  return first;
}

async function trial(raw: RawOptions, flags: readonly ScenarioFlag[]): Promise<number> {
  const given = await absoluteTaskParams(givenParams(raw, flags));
  const scenario = chosenScenarios(raw, given)[0] as string;
  const definition = await loadScenario(scenario);
  const strategy = choiceList('--strategy', text(raw, 'strategy') ?? SEQUENTIAL, strategyNames, true)[0] as string;
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
    // --explain asks for the instruments that read where the CPU went.
    instruments: [...new Set([...instrumentChoice(text(raw, 'instruments')), ...(raw['explain'] === true ? EXPLAINING : [])])],
  };
  plantInTrial(text(raw, 'plantedSlowdown'));
  const [{ runTrialCommand }, { describeTrial }] = await Promise.all([import('../trial/command.js'), import('../report/trial-summary.js')]);
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

/** Adds `trial` to the program, with `flags` of the scenarios; its exit code goes to `setExit`. */
export function registerTrial(root: Command, setExit: (code: number) => void, flags: readonly ScenarioFlag[], declaring: readonly Scenario<unknown>[]): void {
  const trialCommand = root
    .command('trial')
    .description('run exactly one trial in this process and print its own figures (what bench runs for each trial)')
    .addOption(flag(GROUPS.run, '--scenario <name>', `one of: ${scenarioNames.join(', ')}, or a path to a scenario module ${byDefault('cpu; task when --task is given')}`))
    .addOption(flag(GROUPS.run, '--strategy <name>', `one of: ${strategyNames.join(', ')}, or a path ${byDefault(SEQUENTIAL)}`))
    .addOption(flag(GROUPS.run, '--workers <n>', `pool size ${byDefault(`the machine's cores: ${cores} here`)}`))
    .addOption(flag(GROUPS.run, '--concurrency <n>', `promise: items in flight; pools: tasks in flight per worker ${byDefault('1')}`))
    .addOption(flag(GROUPS.run, '--explain', 'read threads by kind, GC, event loops and the libuv pool around the work window, as bench --explain has every trial do'))
    .addOption(flag(GROUPS.run, '--instruments <list>', `instruments to read around the work window: ${[...instrumentNames(), 'all'].join(', ')} ${byDefault('none')}`))
    .addOption(internal('--row-key <key>', 'names the incremental output folder'))
    .addOption(internal('--first-item <n>', 'run the inputs from this position on (0 = the first): --items of them, as one copy of the independent row does'))
    .addOption(internal('--report-ipc', 'send the report to the parent harness over IPC'))
    .addOption(internal('--start-barrier', 'with --report-ipc: wait for the harness before the work window'))
    .addOption(internal('--planted-slowdown <fraction>', "bench --plant-slowdown: each task call computes this fraction of its run time more"))
    .addOption(internal('--diagnose <file>', "write which items run on the main thread to FILE at every change (bench's diagnostic rerun of a trial that died)"))
    .action(async (raw: RawOptions) => setExit(await trial(raw, flags)));
  orderGroups(sharedOptions(trialCommand, flags, declaring));
}

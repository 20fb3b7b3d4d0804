/** The flags `bench` and `trial` share, and the parsing of their values: scenarios, scenario flags, items, limits. */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { attributeOf } from '../../scenarios/support/flags.js';
import { MAX_ITEMS, type Scenario, type ScenarioFlag } from '../../scenarios/scenario.js';
import { isScenarioPath, scenarios } from '../../scenarios/registry.js';
import { strategies } from '../../strategies/registry.js';
import { choiceList, positiveInteger, positiveIntegerList, UsageError } from '../usage-error.js';
import { byDefault, flag, GROUPS, scenarioOptions } from './help.js';
import { text, type RawOptions } from './options.js';

export const scenarioNames = Object.keys(scenarios);
export const strategyNames = Object.keys(strategies);
export const cores = availableParallelism();

function scenarioList(value: string): string[] {
  const benchmarks = Object.values(scenarios).filter((s) => s.diagnostic !== true && s.standalone !== true).map((s) => s.name);
  if (value === 'all') return benchmarks;
  return choiceList('--scenario', value, [...scenarioNames, 'all'], true).map((name) => (isScenarioPath(name) ? resolve(name) : name));
}

/**
 * The scenarios to run: `--task` selects the `task` scenario, so `--scenario` is then left out
 * (or names `task`); `--inputs` means nothing without `--task`.
 */
export function chosenScenarios(raw: RawOptions, params: Readonly<Record<string, string>>): string[] {
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

/** The values given for scenario flags, by flag name (commander stores them camel-cased). */
export function givenParams(raw: RawOptions, flags: readonly ScenarioFlag[]): Record<string, string> {
  const given: Record<string, string> = {};
  for (const flag of flags) {
    const value = text(raw, attributeOf(flag.name));
    if (value !== undefined) given[flag.name] = value;
  }
  return given;
}

/** Splits given flags into single values and sweeps (a list given to a flag that may be swept). */
export function splitSweeps(given: Record<string, string>, flags: readonly ScenarioFlag[]): { params: Record<string, string>; paramSweeps: Record<string, string[]> } {
  const params: Record<string, string> = {};
  const paramSweeps: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(given)) {
    const sweepable = flags.some((flag) => flag.name === name && flag.sweep === true);
    const values = [...new Set(value.split(',').map((v) => v.trim()))];
    if (sweepable && values.length > 1) paramSweeps[name] = values;
    else params[name] = value;
  }
  return { params, paramSweeps };
}

/** Flags `bench` and `trial` share: each scenario's own, the image inputs, item counts, limits. */
export function sharedOptions(command: Command, flags: readonly ScenarioFlag[], declaring: readonly Scenario<unknown>[]): Command {
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

/** `--items`: whole numbers from 1 to MAX_ITEMS. */
export function itemCounts(text: string): number[] {
  const counts = positiveIntegerList('--items', text);
  const tooMany = counts.filter((n) => n > MAX_ITEMS);
  if (tooMany.length > 0) {
    throw new UsageError(`--items ${tooMany.join(',')} is more than a trial can hold: at most ${MAX_ITEMS} (every item's input, outcome and digest stay in memory)`);
  }
  return counts;
}

export function workerHeapMb(raw: RawOptions): number | undefined {
  const value = text(raw, 'workerHeapMb');
  return value === undefined ? undefined : positiveInteger('--worker-heap-mb', value);
}

/** `--task-timeout` in seconds (decimals allowed), as milliseconds. */
export function taskTimeoutMs(raw: RawOptions): number | undefined {
  const value = text(raw, 'taskTimeout');
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--task-timeout takes a positive number of seconds, got "${value}"`);
  return Math.round(seconds * 1000);
}

export function nonNegative(flag: string, value: string): number {
  return value.trim() === '0' ? 0 : positiveInteger(flag, value);
}

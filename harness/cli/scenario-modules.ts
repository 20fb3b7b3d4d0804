/** Scenario modules named by path on the command line, loaded before parsing so their flags can be declared, and refused where their flags clash. */
import { Command } from 'commander';
import { flagClash } from '../../scenarios/support/flags.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { isScenarioPath, loadScenario, scenarios } from '../../scenarios/registry.js';
import { UsageError } from '../usage-error.js';
import { registerBench, type FormatChoices } from './bench.js';
import { registerTrial } from './trial.js';

/** A scenario module named by path, as given, with the scenario it exports. */
export interface ScenarioModule {
  readonly path: string;
  readonly scenario: Scenario<unknown>;
}

/** Scenario modules named by path in argv (`--scenario ./x.js` or `--scenario=./x.js`), loaded so their flags can be declared. */
export async function scenarioModulesIn(argv: readonly string[]): Promise<ScenarioModule[]> {
  const values = argv.flatMap((arg, i) => (arg === '--scenario' ? [argv[i + 1] ?? ''] : arg.startsWith('--scenario=') ? [arg.slice(11)] : []));
  const paths = values.flatMap((value) => value.split(',')).map((name) => name.trim()).filter((name) => name !== '' && isScenarioPath(name));
  return Promise.all(paths.map(async (path) => ({ path, scenario: await loadScenario(path) })));
}

/**
 * Refuses a scenario module's flag that parabench's own flags of `bench` or `trial` already take
 * (commander would throw "Cannot add option", or read two flags as one value), or the task
 * scenario's (`--task` selects that scenario): a usage error naming the module and the flag.
 */
export function refuseFlagClashes(modules: readonly ScenarioModule[], formats: FormatChoices): void {
  const probe = new Command('parabench');
  registerBench(probe, () => undefined, formats, [], [], () => undefined);
  registerTrial(probe, () => undefined, [], []);
  const own = probe.commands.filter((command) => command.name() === 'bench' || command.name() === 'trial');
  const reserved = [...own.flatMap((command) => command.options.map((option) => option.long?.replace(/^--/, '') ?? '')), 'help', ...(scenarios['task']?.flags ?? []).map((flag) => flag.name)];
  for (const { path, scenario } of modules) {
    for (const flag of scenario.flags ?? []) {
      const problem = flagClash(flag, reserved);
      if (problem !== undefined) throw new UsageError(`--scenario ${path}: ${problem}`);
    }
  }
}

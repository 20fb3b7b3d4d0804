/** How `bench` and `trial` declare their flags: in groups a newcomer reads in order, defaults written one way, examples last. */
import { Option, type Command } from 'commander';
import type { Scenario, ScenarioFlag } from '../../scenarios/scenario.js';

/** The help's headings, in the order they are shown. */
export const GROUPS = {
  run: 'Run:',
  task: 'Your own function (the task scenario):',
  output: 'Output:',
  measurement: 'Measurement:',
  settings: 'Runtime settings (a list makes one row per value):',
  inputs: 'Inputs of the image scenarios (cpu, mixed):',
} as const;

/** "(default: 5)": the one way help writes a default. */
export const byDefault = (value: string): string => `(default: ${value})`;

/** A flag with its group; defaults are stated in the text, never passed to commander, so they read one way. */
export function flag(group: string, spec: string, description: string): Option {
  return new Option(spec, description).helpGroup(group);
}

/** A flag only the harness passes (a trial's place in a run): accepted, never shown. */
export function internal(spec: string, description: string): Option {
  return new Option(spec, description).hideHelp();
}

/** The scenarios that declare a flag, by flag name, in the scenarios' order. */
function declaredBy(scenarios: readonly Scenario<unknown>[]): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const scenario of scenarios) for (const f of scenario.flags ?? []) owners.set(f.name, [...(owners.get(f.name) ?? []), scenario.name]);
  return owners;
}

/**
 * Every scenario's own flags, one group per set of scenarios that declares them ("Scenarios io,
 * mixed:"); the task scenario's flags go under GROUPS.task, right after the run flags.
 */
export function scenarioOptions(flags: readonly ScenarioFlag[], scenarios: readonly Scenario<unknown>[]): Option[] {
  const owners = declaredBy(scenarios);
  return flags.map((f) => {
    const names = owners.get(f.name) ?? [];
    const group = names.length === 1 && names[0] === 'task' ? GROUPS.task : `${names.length > 1 ? 'Scenarios' : 'Scenario'} ${names.join(', ')}:`;
    return flag(group, `--${f.name} <value>`, f.defaultValue === '' ? f.description : `${f.description} ${byDefault(f.defaultValue)}`);
  });
}

/** The order of the groups in help: run, your own function, output, measurement, settings, inputs, then each scenario's. */
export function orderGroups(command: Command): Command {
  const order: string[] = Object.values(GROUPS);
  const rank = (group: string | undefined): number => {
    const at = order.indexOf(group ?? '');
    return at === -1 ? order.length : at;
  };
  // Stable: scenario groups keep the registry's order among themselves.
  const sorted = [...command.options].map((option, index) => ({ option, index })).sort((a, b) => rank(a.option.helpGroupHeading) - rank(b.option.helpGroupHeading) || a.index - b.index);
  (command.options as Option[]).splice(0, command.options.length, ...sorted.map(({ option }) => option));
  return command;
}

/** What `bench --help` ends with: the commands people run first. */
export const BENCH_EXAMPLES = `
Examples:
  parabench bench --scenario cpu --quick        thumbnails, a fast look
  parabench bench --scenario cpu                100 photos, 5 trials a row
  parabench bench --task ./work.js#run --inputs 200
                                                your function on inputs 0..199
  parabench bench --scenario cpu-js --workers 1,2,4 --items 20,40
                                                a sweep: speedups, projection
  parabench bench --scenario io --strategy sequential,promise --concurrency 8,32
  parabench compare base.json head.json --fail-on-regression
  parabench reproduce pipeline --quick          one document, short

Every flag, grouped and explained: docs/cli.md`;

/** Scenario flags across scenarios: declared once, checked, turned back into command-line flags. */
import type { Scenario, ScenarioFlag } from '../scenario.js';

/** Every scenario flag once, by name, for the CLI to declare. */
export function allScenarioFlags(scenarios: readonly Scenario<unknown>[]): ScenarioFlag[] {
  const byName = new Map<string, ScenarioFlag>();
  for (const scenario of scenarios) for (const flag of scenario.flags ?? []) if (!byName.has(flag.name)) byName.set(flag.name, flag);
  return [...byName.values()];
}

/** How commander names a flag's value among the parsed options: `chunk-size` as `chunkSize`. */
export function attributeOf(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * What keeps a scenario's flag from being declared beside the harness's own (`reserved`, names
 * without dashes), or undefined: a name that is no flag name, or one of theirs, or one commander
 * would store under the same name as one of theirs (`chunkSize` and `chunk-size`).
 */
export function flagClash(flag: ScenarioFlag, reserved: readonly string[]): string | undefined {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/i.test(flag.name)) return `its flag "${flag.name}" is not a flag name: use letters, digits and single dashes, e.g. latency-ms`;
  const clash = reserved.find((name) => attributeOf(name) === attributeOf(flag.name));
  if (clash === undefined) return undefined;
  const how = clash === flag.name ? '' : ' (commander reads both as one option)';
  return `its flag --${flag.name} clashes with parabench's own --${clash}${how}: give the scenario's flag a name parabench does not use`;
}

/**
 * The values of one scenario's flags: what the user gave, else the default. Throws an
 * error with code BAD_INPUT (a usage error) naming the flag when a value is not acceptable.
 */
export function scenarioParams(scenario: Scenario<unknown>, given: Readonly<Record<string, string>>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const flag of scenario.flags ?? []) {
    const value = given[flag.name] ?? flag.defaultValue;
    const problem = flag.check?.(value);
    if (problem !== undefined) {
      throw Object.assign(new Error(`--${flag.name} ${value}: ${problem}`), { code: 'BAD_INPUT' });
    }
    params[flag.name] = value;
  }
  return params;
}

/** Checks every value of a swept flag, for every scenario that declares it. */
export function checkSweeps(scenario: Scenario<unknown>, sweeps: Readonly<Record<string, readonly string[]>>): void {
  for (const [name, values] of Object.entries(sweeps)) {
    const flag = scenario.flags?.find((candidate) => candidate.name === name);
    if (flag === undefined) continue;
    for (const value of values) {
      const problem = flag.check?.(value);
      if (problem !== undefined) throw Object.assign(new Error(`--${name} ${value}: ${problem}`), { code: 'BAD_INPUT' });
    }
  }
}

/** The params as command-line flags, for a trial command. */
export function paramsAsFlags(params: Readonly<Record<string, string>>): string[] {
  return Object.entries(params).flatMap(([name, value]) => [`--${name}`, value]);
}

/** Every scenario by name (one line per scenario), and loading a scenario module from a path. */
import { access } from 'node:fs/promises';
import { extname, isAbsolute, resolve } from 'node:path';
import { ImportFailure, importUserModule } from '../strategies/user-module.js';
import { api } from './api.js';
import { cpuJs } from './cpu-js.js';
import { cpu } from './cpu.js';
import { disk } from './disk.js';
import { faults } from './faults.js';
import { io } from './io.js';
import { mixed } from './mixed.js';
import { overhead } from './overhead.js';
import type { Scenario } from './scenario.js';
import { task } from './task.js';

/**
 * Every scenario, by name. To add one, write `scenarios/<name>.ts` exporting a `Scenario`
 * and add one line here; or load one by path with `--scenario ./my-scenario.js`.
 */
export const scenarios: Readonly<Record<string, Scenario<unknown>>> = {
  cpu,
  'cpu-js': cpuJs,
  io,
  disk,
  mixed,
  overhead,
  faults,
  api,
  task: task as Scenario<unknown>,
};

/** True when the name is a path to a scenario module rather than a registry name. */
export function isScenarioPath(name: string): boolean {
  return name.startsWith('.') || isAbsolute(name) || /\.(m?js|[mc]?ts|tsx)$/.test(name);
}

const REQUIRED_METHODS = ['setup', 'prepare', 'run', 'digest', 'counters', 'facts', 'cleanup'] as const;

/** What is missing from a module's export for it to be a Scenario, or undefined when nothing is. */
function scenarioProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'it exports no scenario object (export default { name, summary, items, setup, prepare, run, digest, counters, facts, cleanup })';
  const candidate = value as Record<string, unknown>;
  const missing = [
    ...(['name', 'summary'] as const).filter((key) => typeof candidate[key] !== 'string'),
    ...(typeof candidate['items'] === 'object' && candidate['items'] !== null ? [] : ['items { normal, quick, full }']),
    ...REQUIRED_METHODS.filter((key) => typeof candidate[key] !== 'function').map((key) => `${key}()`),
  ];
  return missing.length === 0 ? undefined : `its scenario lacks ${missing.join(', ')} (see the Scenario interface in scenarios/scenario.ts)`;
}

/**
 * Finds a scenario by registry name, or imports it from a path (`default` or `scenario` export).
 * A problem with the file is an error with code BAD_INPUT naming it, so the CLI exits 2.
 */
export async function loadScenario(name: string): Promise<Scenario<unknown>> {
  const builtIn = scenarios[name];
  if (builtIn !== undefined) return builtIn;
  const bad = (message: string): Error => Object.assign(new Error(`--scenario ${name}: ${message}`), { code: 'BAD_INPUT' });
  if (!isScenarioPath(name)) throw bad(`unknown scenario; choose one of: ${Object.keys(scenarios).join(', ')}, or a path to a module`);
  if (['.ts', '.mts', '.cts', '.tsx'].includes(extname(name))) {
    throw bad('TypeScript: compile it to JavaScript first (tsc, esbuild) and pass the .js file; parabench runs no TypeScript loader inside trials');
  }
  const path = resolve(name);
  try {
    await access(path);
  } catch {
    throw bad('no such file');
  }
  let module: Record<string, unknown>;
  try {
    module = await importUserModule(path);
  } catch (error) {
    if (error instanceof ImportFailure) throw bad(`the module ${error.message}`);
    throw bad(`the module threw while being imported (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`);
  }
  const scenario = module['default'] ?? module['scenario'];
  const problem = scenarioProblem(scenario);
  if (problem !== undefined) throw bad(problem);
  const named = (scenario as Scenario<unknown>).name;
  // Results, compare and merge tell scenarios apart by name: a second "cpu" would be taken for the real one.
  if (scenarios[named] !== undefined) throw bad(`its scenario is named "${named}", as a built-in scenario is: results and compare tell scenarios apart by name, so give it a name of its own`);
  return namingFailures(scenario as Scenario<unknown>, name);
}

/** The members of a scenario module whose failures are named after the member and the module (run and digest keep their errors as they are: the harness reads them). */
const NAMED_MEMBERS: ReadonlySet<PropertyKey> = new Set(['check', 'describe', 'setup', 'service', 'prepare', 'tasks', 'counters', 'facts', 'cleanup', 'contextFacts']);

/**
 * The scenario of a module, whose lifecycle members, when they throw, throw an error that names
 * the member and the module (`--scenario ./x.js: its setup() threw ...`) instead of the bare
 * value; a usage error (code BAD_INPUT) stays one. Members still run with the module's own object as `this`.
 */
function namingFailures(scenario: Scenario<unknown>, ref: string): Scenario<unknown> {
  const named = (member: string, error: unknown): Error => {
    const usage = error instanceof Error && (error as { code?: unknown }).code === 'BAD_INPUT';
    const what = error instanceof Error ? `${error.name}: ${error.message}` : typeof error === 'string' ? JSON.stringify(error) : String(error);
    const message = usage ? `--scenario ${ref}: ${(error as Error).message}` : `--scenario ${ref}: its ${member}() threw ${what}`;
    return Object.assign(new Error(message, { cause: error }), usage ? { code: 'BAD_INPUT' } : {});
  };
  return new Proxy(scenario, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function' || !NAMED_MEMBERS.has(key)) return value;
      return (...args: unknown[]): unknown => {
        let result: unknown;
        try {
          result = (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          throw named(String(key), error);
        }
        return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(named(String(key), error))) : result;
      };
    },
  });
}

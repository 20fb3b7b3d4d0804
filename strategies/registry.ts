/** Every built-in strategy by name, and loading a strategy module from a path. */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ImportFailure, importUserModule } from './user-module.js';
import { childProcess } from './child-process.js';
import { clusterStrategy } from './cluster.js';
import type { StrategyDefinition } from './executor.js';
import { piscina } from './piscina.js';
import { promise } from './promise.js';
import { sequential } from './sequential.js';
import { tinypool } from './tinypool.js';
import { workerThreads } from './worker-threads.js';

/**
 * Every built-in strategy, by name. To add one, write `strategies/<name>.ts` exporting a
 * `StrategyDefinition` and add one line here.
 */
export const strategies: Readonly<Record<string, StrategyDefinition>> = {
  sequential,
  promise,
  'worker-threads': workerThreads,
  'child-process': childProcess,
  cluster: clusterStrategy,
  piscina,
  tinypool,
};

/** True when the name is a path to a strategy module rather than a registry name. */
export function isStrategyPath(name: string): boolean {
  return name.startsWith('.') || isAbsolute(name) || name.endsWith('.js') || name.endsWith('.mjs');
}

/** What a strategy module must export, said in every message about a module that does not load. */
const MODULE_SHAPE = 'a strategy module must `export default` (or export `strategy`) an object { name, summary, usesWorkers, usesConcurrency, create(options) } (see test/fixtures/custom-strategy.ts)';

/** A strategy module that cannot be used: a usage error (code BAD_INPUT, exit 2) naming the file; `shape` adds what a module must export. */
function badModule(name: string, path: string, reason: string, shape = true): Error {
  const where = path === name ? name : `${name} (${path})`;
  return Object.assign(new Error(`--strategy ${where}: ${reason}${shape ? `; ${MODULE_SHAPE}` : ''}`), { code: 'BAD_INPUT' });
}

/** Finds a strategy by registry name, or imports it from a path the user named. */
export async function loadStrategy(name: string): Promise<StrategyDefinition> {
  const builtIn = strategies[name];
  if (builtIn !== undefined) return builtIn;
  if (!isStrategyPath(name)) {
    throw new Error(`unknown strategy "${name}"; choose one of: ${Object.keys(strategies).join(', ')}, or a path to a module`);
  }
  const path = resolve(name);
  if (!existsSync(path)) throw badModule(name, path, 'no such file');
  let module: Record<string, unknown>;
  try {
    module = await importUserModule(path);
  } catch (error) {
    if (error instanceof ImportFailure) throw badModule(name, path, `it ${error.message}`);
    throw badModule(name, path, `importing it failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const definition = module['default'] ?? module['strategy'];
  if (!isStrategyDefinition(definition)) throw badModule(name, path, 'it does not export a strategy');
  // Rows, results and compare tell strategies apart by name: a second "sequential" would pool its trials with the real one's.
  if (strategies[definition.name] !== undefined) {
    throw badModule(name, path, `its strategy is named "${definition.name}", as a built-in strategy is: rows and results tell strategies apart by name, so give it a name of its own`, false);
  }
  return definition;
}

function isStrategyDefinition(value: unknown): value is StrategyDefinition {
  const candidate = value as Partial<StrategyDefinition> | undefined;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.name === 'string' && typeof candidate.create === 'function';
}

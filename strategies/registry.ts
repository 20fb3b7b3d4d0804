/** Every built-in strategy by name, and loading a strategy module from a path. */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** Finds a strategy by registry name, or imports it from a path the user named. */
export async function loadStrategy(name: string): Promise<StrategyDefinition> {
  const builtIn = strategies[name];
  if (builtIn !== undefined) return builtIn;
  if (!isStrategyPath(name)) {
    throw new Error(`unknown strategy "${name}"; choose one of: ${Object.keys(strategies).join(', ')}, or a path to a module`);
  }
  const module = (await import(pathToFileURL(resolve(name)).href)) as Record<string, unknown>;
  const definition = module['default'] ?? module['strategy'];
  if (!isStrategyDefinition(definition)) {
    throw new Error(`${name} does not export a strategy: export default { name, summary, usesWorkers, usesConcurrency, create(options) }`);
  }
  return definition;
}

function isStrategyDefinition(value: unknown): value is StrategyDefinition {
  const candidate = value as Partial<StrategyDefinition> | undefined;
  return typeof candidate === 'object' && typeof candidate.name === 'string' && typeof candidate.create === 'function';
}

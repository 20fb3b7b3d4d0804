/** The task scenario's --task flag: a module path and an export, parsed, checked and shown. */
// `--task ./module.js#export`: parsing it, refusing what cannot run in a worker, and checking it imports.
import { access } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { homedir } from 'node:os';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TaskRef } from '../../strategies/executor.js';
import { ImportFailure, importUserModule } from '../../strategies/user-module.js';

/** A task the user named: the module's absolute path (or a `node:` built-in) and the export to call. */
export interface TaskSpec {
  readonly path: string;
  readonly export: string;
}

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);

/** An error the CLI reports as a usage error (exit 2), without a stack. */
export function badInput(message: string): Error {
  return Object.assign(new Error(message), { code: 'BAD_INPUT' });
}

/** What is wrong with a `--task` value's form, or undefined; the module itself is checked by `checkTask`. */
export function taskSpecProblem(value: string): string | undefined {
  const hash = value.lastIndexOf('#');
  if (value === '') return 'name your function as ./module.js#exportName';
  if (hash <= 0 || hash === value.length - 1) return `name the export after a #, e.g. ${value.replace(/#$/, '')}#myFunction`;
  const path = value.slice(0, hash);
  if (path.startsWith('node:') && !isBuiltin(path)) return `${path} is not a module built into Node (e.g. node:path, node:zlib)`;
  if (path.startsWith('file:')) {
    try {
      fileURLToPath(path);
    } catch (error) {
      return `${path} is not a file URL of this machine (${error instanceof Error ? error.message : String(error)}): give the path, e.g. ./module.js#exportName`;
    }
  }
  if (TYPESCRIPT.has(extname(path))) {
    return `${path} is TypeScript: compile it to JavaScript first (tsc, esbuild) and pass the .js file; parabench runs no TypeScript loader inside measured workers, since its cost would count against every strategy`;
  }
  return undefined;
}

/**
 * Splits `./module.js#export` into an absolute path and the export name; a `file:` URL is read as
 * the path it names, and a `node:` built-in stays as it is. The value must have passed `taskSpecProblem`.
 */
export function parseTaskSpec(value: string, cwd = process.cwd()): TaskSpec {
  const hash = value.lastIndexOf('#');
  const where = value.slice(0, hash);
  const path = isNodeBuiltin(where) ? where : where.startsWith('file:') ? fileURLToPath(where) : resolve(cwd, where);
  return { path, export: value.slice(hash + 1) };
}

/** True for a module built into Node named with its `node:` scheme (`node:path`): imported as it is, not from a file. */
function isNodeBuiltin(path: string): boolean {
  return path.startsWith('node:') && isBuiltin(path);
}

/** The same task as `--task` takes it, with an absolute path (what trial processes receive). */
export function formatTaskSpec(spec: TaskSpec): string {
  return `${spec.path}#${spec.export}`;
}

/** The task as executors name it: a module URL and an export. */
export function taskRef(spec: TaskSpec): TaskRef {
  return { module: isNodeBuiltin(spec.path) ? spec.path : pathToFileURL(spec.path).href, export: spec.export };
}

/** A path as a person reads it: relative to the working folder when inside it, else with `~` for the home folder. */
export function shownPath(path: string, cwd = process.cwd(), home = homedir()): string {
  if (isNodeBuiltin(path)) return path;
  const inside = relative(cwd, path);
  if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) return inside;
  return home.length > 1 && path.startsWith(home) ? `~${path.slice(home.length)}` : path;
}

/**
 * Imports the task's module once, here in the harness, so a missing file, a module that throws
 * on import or an export that is not a function is a usage error before any trial runs.
 */
export async function checkTask(spec: TaskSpec): Promise<void> {
  const shown = shownPath(spec.path);
  try {
    if (!isNodeBuiltin(spec.path)) await access(spec.path);
  } catch {
    throw badInput(`--task: module ${shown} does not exist (the path is relative to the folder you run parabench in)`);
  }
  let module: Record<string, unknown>;
  try {
    module = await importUserModule(spec.path);
  } catch (error) {
    if (error instanceof ImportFailure) {
      throw badInput(`--task: module ${shown} ${error.message}; it must import cleanly in a worker thread or process, where that would end or stall the worker`);
    }
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw badInput(`--task: module ${shown} threw while being imported (${reason}); it must import cleanly in a worker thread or process`);
  }
  const fn = module[spec.export];
  if (fn === undefined) {
    const functions = Object.keys(module).filter((name) => typeof module[name] === 'function');
    const choice = functions.length === 0 ? 'it exports no function' : `its exported functions: ${functions.join(', ')}`;
    throw badInput(`--task: module ${shown} has no export "${spec.export}" (${choice})`);
  }
  if (typeof fn !== 'function') {
    throw badInput(`--task: export "${spec.export}" of ${shown} is a ${fn === null ? 'null' : typeof fn}, not a function (input) => output`);
  }
}

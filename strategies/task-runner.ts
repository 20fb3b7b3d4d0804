import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import { toErrorInfo, type Outcome, type TaskRef } from './executor.js';

type TaskFunction = (input: unknown) => unknown;

const loaded = new Map<string, Promise<TaskFunction>>();

/** Imports a task's module once per thread or process and returns its exported function. */
export function loadTask(task: TaskRef): Promise<TaskFunction> {
  const key = `${task.module}#${task.export}`;
  let fn = loaded.get(key);
  if (fn === undefined) {
    fn = importTask(task);
    loaded.set(key, fn);
    // A failed import is not cached, so a fixed file can be retried.
    fn.catch(() => loaded.delete(key));
  }
  return fn;
}

async function importTask(task: TaskRef): Promise<TaskFunction> {
  const url = isAbsolute(task.module) ? pathToFileURL(task.module).href : task.module;
  const module = (await import(url)) as Record<string, unknown>;
  const fn = module[task.export];
  if (typeof fn !== 'function') {
    throw new Error(`module ${task.module} has no exported function "${task.export}"`);
  }
  return fn as TaskFunction;
}

/** Runs the task on each input in turn; one failed item never stops the others. */
export async function runBatch(task: TaskRef, inputs: readonly unknown[]): Promise<Outcome[]> {
  let fn: TaskFunction;
  try {
    fn = await loadTask(task);
  } catch (error) {
    const info = toErrorInfo(error, 'TASK_LOAD_FAILED');
    return inputs.map(() => ({ ok: false, error: info }));
  }
  const outcomes: Outcome[] = [];
  for (const input of inputs) {
    try {
      outcomes.push({ ok: true, value: await fn(input) });
    } catch (error) {
      outcomes.push({ ok: false, error: toErrorInfo(error) });
    }
  }
  return outcomes;
}

/** Imports task modules once and runs a batch's items. */
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import { toErrorInfo, type Outcome, type TaskRef } from '../../executor.js';

type TaskFunction = (input: unknown) => unknown;

/**
 * The environment variable through which a trial plants a slowdown (`bench --plant-slowdown`) in
 * every thread and process that runs its tasks: they all inherit the trial's environment.
 */
export const PLANTED_SLOWDOWN_ENV = 'PARABENCH_PLANTED_SLOWDOWN';

/** The planted slowdown as a fraction of each call's run time; 0 when none (every measured trial but compare's calibration). */
function plantedSlowdown(): number {
  const fraction = Number(process.env[PLANTED_SLOWDOWN_ENV] ?? '0');
  return Number.isFinite(fraction) && fraction > 0 ? fraction : 0;
}

/** Computes, on this thread, until `ms` milliseconds have passed: the planted extra work. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy on purpose: the slowdown is work, as a slower task's is
  }
}

/**
 * The task made slower by a known fraction: each call, once done, computes for `fraction` of the
 * time it took, on the thread that ran it, so a row's work window grows by that fraction of its
 * tasks' time (a regression of known size for compare's calibration, inside the window).
 */
function slowedDown(fn: TaskFunction, fraction: number): TaskFunction {
  return (input) => {
    const start = performance.now();
    const value = fn(input);
    if (!isPromiseLike(value)) {
      spin((performance.now() - start) * fraction);
      return value;
    }
    return Promise.resolve(value).then((resolved) => {
      spin((performance.now() - start) * fraction);
      return resolved;
    });
  };
}

/**
 * The task call on this thread's stack, while a diagnostic trace is on: its batch's inputs and
 * the item's place in them. Untraced batches never set it, so measured trials pay nothing per call.
 */
let callInputs: readonly unknown[] | undefined;
let callIndex = 0;
/** Hears every task call start and end on this thread: a diagnostic trace only. */
let callListener: (() => void) | undefined;

/** The task call on this thread's stack now, where a trace is on; read at exit or by the trace, never on a hot path. */
export function taskOnStack(): { readonly inputs: readonly unknown[]; readonly index: number } | undefined {
  return callInputs === undefined ? undefined : { inputs: callInputs, index: callIndex };
}

/**
 * Marks every task call on this thread and calls `listener` as each starts and ends (a diagnostic
 * trace); undefined stops it. Takes effect from the next batch: it is looked at once per batch.
 */
export function onTaskCall(listener: (() => void) | undefined): void {
  callListener = listener;
}

const loaded = new Map<string, Promise<TaskFunction>>();
/** Functions already imported, so the common case runs without waiting on a promise. */
const ready = new Map<string, TaskFunction>();
/** The same, by the TaskRef a worker keeps for a task id: found without building the key per batch. */
const readyByRef = new WeakMap<TaskRef, TaskFunction>();

/** Imports a task's module once per thread or process and returns its exported function. */
export function loadTask(task: TaskRef): Promise<TaskFunction> {
  const key = `${task.module}#${task.export}`;
  let fn = loaded.get(key);
  if (fn === undefined) {
    fn = importTask(task);
    loaded.set(key, fn);
    fn.then((f) => ready.set(key, f), () => undefined);
    // A failed import is not cached, so a fixed file can be retried.
    fn.catch(() => loaded.delete(key));
  }
  return fn;
}

/**
 * Imports the tasks' modules ahead of their items (an executor's start). A module that fails to
 * import is not cached, so its items meet the error again and fail with its reason.
 */
export async function preloadTasks(tasks: readonly TaskRef[]): Promise<void> {
  await Promise.allSettled(tasks.map((task) => loadTask(task)));
}

async function importTask(task: TaskRef): Promise<TaskFunction> {
  const url = isAbsolute(task.module) ? pathToFileURL(task.module).href : task.module;
  const module = (await import(url)) as Record<string, unknown>;
  const fn = module[task.export];
  if (typeof fn !== 'function') {
    throw new Error(`module ${task.module} has no exported function "${task.export}"`);
  }
  const planted = plantedSlowdown();
  return planted === 0 ? (fn as TaskFunction) : slowedDown(fn as TaskFunction, planted);
}

/** Runs the task on each input in turn; one failed item never stops the others. */
export async function runBatch(task: TaskRef, inputs: readonly unknown[]): Promise<Outcome[]> {
  return runBatchFast(task, inputs);
}

/**
 * `runBatch` without needless waiting: when the task is already imported and returns plain
 * values, the outcomes come back synchronously. Dispatch cost is what the overhead scenario
 * measures, so every promise saved here is a pool overhead removed.
 */
export function runBatchFast(task: TaskRef, inputs: readonly unknown[], first = 0, end = inputs.length): Outcome[] | Promise<Outcome[]> {
  let fn = readyByRef.get(task);
  if (fn === undefined) {
    fn = ready.get(`${task.module}#${task.export}`);
    if (fn === undefined) return loadThenRun(task, inputs, first, end);
    readyByRef.set(task, fn);
  }
  return runFrom(callListener === undefined ? fn : marked(fn, inputs, first), inputs, first, end, []);
}

async function loadThenRun(task: TaskRef, inputs: readonly unknown[], first: number, end: number): Promise<Outcome[]> {
  let fn: TaskFunction;
  try {
    fn = await loadTask(task);
  } catch (error) {
    const info = toErrorInfo(error, 'TASK_LOAD_FAILED');
    return inputs.slice(first, end).map(() => ({ ok: false, error: info }));
  }
  return runFrom(callListener === undefined ? fn : marked(fn, inputs, first), inputs, first, end, []);
}

/**
 * The task of one traced batch, marking each call while its synchronous part runs. `runFrom`
 * calls it once per input, in order, so the calls count the items.
 */
function marked(fn: TaskFunction, inputs: readonly unknown[], first: number): TaskFunction {
  let next = first;
  return (input) => {
    callInputs = inputs;
    callIndex = next++;
    callListener?.();
    try {
      return fn(input);
    } finally {
      callInputs = undefined;
      callListener?.();
    }
  };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Runs inputs from `start` up to `end`; switches to awaiting only when a task returns a promise. */
function runFrom(fn: TaskFunction, inputs: readonly unknown[], start: number, end: number, outcomes: Outcome[]): Outcome[] | Promise<Outcome[]> {
  for (let i = start; i < end; i += 1) {
    let value: unknown;
    try {
      value = fn(inputs[i]);
    } catch (error) {
      outcomes.push({ ok: false, error: toErrorInfo(error) });
      continue;
    }
    if (isPromiseLike(value)) {
      return Promise.resolve(value).then(
        (resolved) => {
          outcomes.push({ ok: true, value: resolved });
          return runFrom(fn, inputs, i + 1, end, outcomes);
        },
        (error: unknown) => {
          outcomes.push({ ok: false, error: toErrorInfo(error) });
          return runFrom(fn, inputs, i + 1, end, outcomes);
        },
      );
    }
    outcomes.push({ ok: true, value });
  }
  return outcomes;
}

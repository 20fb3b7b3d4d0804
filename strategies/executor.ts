/** The Executor interface every strategy implements, and the types of tasks and outcomes. */
import type { TransferListItem } from 'node:worker_threads';
import { inspect } from 'node:util';

/**
 * Modelled on Python's concurrent.futures: start a pool, submit or map tasks, shut it down.
 *
 * To add a strategy: write one file exporting a `StrategyDefinition` and add one
 * line to `strategies/registry.ts`.
 */

/** A task named by module URL and export name, so that threads and processes can import it. */
export interface TaskRef {
  /** Absolute `file:` URL (or path) of a compiled JavaScript module. */
  readonly module: string;
  /** Name of the exported function `(input) => output | Promise<output>`. */
  readonly export: string;
}

/** CPU time in microseconds, as `process.cpuUsage()` reports it. */
export interface CpuUsage {
  readonly user: number;
  readonly system: number;
}

/** Serialisable description of an error thrown by a task or a worker. */
export interface ErrorInfo {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** Machine-readable reason, e.g. `WORKER_EXIT`, `TASK_THREW`, `NOT_CLONABLE`. */
  readonly code: string;
}

/** The outcome of one item: its output, or why it failed. */
export type Outcome<O = unknown> =
  | { readonly ok: true; readonly value: O }
  | { readonly ok: false; readonly error: ErrorInfo };

/** Options of `map` and `mapSettled`. */
export interface MapOptions {
  /** Items sent to a worker per message (document 003's chunksize). Default 1. */
  readonly chunkSize?: number;
  /**
   * Buffers of an input to move to a worker thread instead of copying (its transfer list).
   * Threads move them; processes and in-process strategies copy or share as usual.
   */
  readonly transfer?: (input: unknown) => readonly TransferListItem[];
}

/** Options of `submit`. */
export interface SubmitOptions {
  /** Buffers of the input to move to a worker thread instead of copying. */
  readonly transfer?: readonly TransferListItem[];
}

/** How a strategy is configured for one trial. */
export interface ExecutorOptions {
  /** Pool size for pools; ignored by in-process strategies. */
  readonly workers: number;
  /** In-flight limit for `promise`; tasks in flight per pool worker for pools. */
  readonly concurrency: number;
  /**
   * Longest a batch may run, in milliseconds. A pool ends the worker running it (and replaces
   * it); in-process strategies can only stop waiting for it. Undefined: no limit.
   */
  readonly taskTimeoutMs?: number;
  /** Old-generation heap limit of each worker in MiB (`--max-old-space-size`); undefined = Node's default. */
  readonly workerHeapMb?: number;
}

/** The error of an item whose batch ran past the task timeout. */
export function timeoutError(strategy: string, task: TaskRef, timeoutMs: number, ended: string): ErrorInfo {
  return {
    name: 'TaskTimeoutError',
    code: 'TASK_TIMEOUT',
    message: `${strategy}: task ${describeTask(task)} ran past the task timeout of ${timeoutMs / 1000} s; ${ended}`,
  };
}

/** A parallelism strategy: the one interface scenarios are written against. */
export interface Executor {
  /** Registry name of the strategy, e.g. `worker-threads`. */
  readonly name: string;
  /**
   * Spawns and warms the pool; resolves when every worker has answered. With `preload`, each
   * worker (the calling thread, for an in-process strategy) imports those tasks' modules first,
   * as piscina loads its worker file and Python's ProcessPoolExecutor runs its initializer, so
   * the first items do not pay for the import. A module that throws while being imported is no
   * error here: its items fail with the reason when they run. One that ends its worker as it is
   * imported (`process.exit` at its top level) fails `start()`, naming it.
   */
  start(preload?: readonly TaskRef[]): Promise<void>;
  /** Runs one task on one input. */
  submit<I, O>(task: TaskRef, input: I, options?: SubmitOptions): Promise<O>;
  /** Runs a task over inputs; resolves to outputs in input order, rejects on the first failed item. */
  map<I, O>(task: TaskRef, inputs: readonly I[], options?: MapOptions): Promise<O[]>;
  /** Like `map`, but never rejects for an item: one outcome per input, in order. */
  mapSettled<I, O>(task: TaskRef, inputs: readonly I[], options?: MapOptions): Promise<Outcome<O>[]>;
  /** CPU time used so far by the child processes this executor owns (zero for threads). */
  childCpuUsage(): Promise<CpuUsage>;
  /**
   * GC and event-loop figures of the worker processes, as each sent them with its answer to the
   * last `childCpuUsage()`. Optional: thread workers report over a channel of their own.
   */
  workerVitals?(): readonly ThreadVitals[];
  /** Finishes: stops workers and waits for them to exit; always ends with nothing running. */
  shutdown(): Promise<void>;
  /**
   * For executors that run tasks on the calling thread: fails the items in flight with an
   * exception nobody caught (a throw from a task's timer, say) so the map can go on, as a pool
   * fails the item of a worker that threw. Returns false when no task was in flight to blame.
   */
  containUncaught?(error: unknown): boolean;
  /**
   * For executors that run tasks on the calling thread: the batches running there now, so a
   * trial that a task ends (`process.exit`) can still say, from its exit handler, which item it was.
   */
  inFlight?(): readonly BatchInFlight[];
  /**
   * For the same executors: calls `listener` with `inFlight()` synchronously whenever it changes,
   * just before a task starts and as it settles. Only a diagnostic rerun turns it on (it costs a
   * call per change): where a trial dies with no JavaScript run (out of heap, SIGKILL), it names
   * the item. Undefined stops it.
   */
  traceInFlight?(listener: ((inFlight: readonly BatchInFlight[]) => void) | undefined): void;
}

/** One batch running on the calling thread: its task and which items of the map it holds. */
export interface BatchInFlight {
  readonly task: TaskRef;
  /** Index in the map of the batch's first item; undefined for a `submit`, which belongs to no map. */
  readonly firstItem: number | undefined;
  /** Items in the batch (consecutive from `firstItem`). */
  readonly size: number;
  /**
   * Place in the batch of the item whose task call is on the stack now, null when none is: what
   * ends the thread then (process.exit, the heap running out) is that item's doing, though other
   * batches wait on the same event loop.
   */
  readonly onStack: number | null;
}

/** What a strategy module exports: a name, a one-line summary and a factory. */
export interface StrategyDefinition {
  readonly name: string;
  readonly summary: string;
  /** True when the strategy uses a pool whose size `--workers` sets. */
  readonly usesWorkers: boolean;
  /** True when `--concurrency` sets how many items run at once in the one event loop. */
  readonly usesConcurrency: boolean;
  create(options: ExecutorOptions): Executor;
}

/** An item's failure surfaced as an exception, naming strategy, task and item. */
export class TaskError extends Error {
  override readonly name = 'TaskError';
  constructor(
    readonly strategy: string,
    readonly task: TaskRef,
    readonly item: number,
    readonly info: ErrorInfo,
  ) {
    super(`${strategy}: task ${describeTask(task)} failed on item ${item}: ${info.message}`);
  }
}

/** `thumbnail-sharp.js#makeThumbnail`: a task as a person reads it. */
export function describeTask(task: TaskRef): string {
  const file = task.module.slice(task.module.lastIndexOf('/') + 1);
  return `${file}#${task.export}`;
}

/** Turns anything thrown into serialisable error information. */
export function toErrorInfo(error: unknown, code = 'TASK_THREW'): ErrorInfo {
  if (error instanceof Error) {
    const withCode = error as Error & { code?: unknown };
    return {
      name: error.name,
      message: error.message,
      code: typeof withCode.code === 'string' ? withCode.code : code,
      ...(error.stack === undefined ? {} : { stack: error.stack }),
    };
  }
  const message = (error as { message?: unknown } | null)?.message;
  return { name: 'Error', message: typeof message === 'string' ? message : safeString(error), code };
}

/** A thrown non-Error as text: JSON where it can be, else Node's own rendering (cycles included), never "[object Object]". */
function safeString(value: unknown): string {
  try {
    if (typeof value === 'object' && value !== null) return JSON.stringify(value);
    return String(value);
  } catch {
    return inspect(value, { depth: 2, breakLength: Number.POSITIVE_INFINITY, maxStringLength: 500 });
  }
}

export const ZERO_USAGE: CpuUsage = { user: 0, system: 0 };

/** Sum of two CPU usages. */
export function addUsage(a: CpuUsage, b: CpuUsage): CpuUsage {
  return { user: a.user + b.user, system: a.system + b.system };
}

/** One JavaScript thread's figures, cumulative since it started watching; times in milliseconds. */
export interface ThreadVitals {
  readonly pid: number;
  /** The operating system's thread id (from /proc/thread-self); null off Linux. */
  readonly tid: number | null;
  readonly gcCount: number;
  /** Sum of the `gc` performance entries' durations: time this thread was paused for GC. */
  readonly gcPauseMs: number;
  /** performance.eventLoopUtilization(): time the loop ran callbacks, and time it waited. */
  readonly eluActiveMs: number;
  readonly eluIdleMs: number;
}

/** Runs batches on the calling thread's event loop, at most `limit` at once. */
import { BatchExecutor } from './batch-executor.js';
import {
  describeTask,
  timeoutError,
  toErrorInfo,
  ZERO_USAGE,
  type BatchInFlight,
  type CpuUsage,
  type Outcome,
  type TaskRef,
} from '../executor.js';
import { Fifo } from './fifo.js';
import { onTaskCall, preloadTasks, runBatch, taskOnStack } from './worker/task-runner.js';

/** A batch in flight on this thread, and how to settle it without its task. */
interface RunningBatch extends Omit<BatchInFlight, 'onStack'> {
  readonly inputs: readonly unknown[];
  readonly settle: (outcomes: Outcome[]) => void;
}

/**
 * Runs tasks on the calling thread's event loop with at most `limit` batches in flight.
 * With limit 1 this is a plain await loop; above 1 it is async concurrency, which helps
 * only where a task waits (I/O, or native work on libuv's thread pool such as sharp's).
 */
export class InProcessExecutor extends BatchExecutor {
  #inFlight = 0;
  readonly #waiting = new Fifo<() => void>();
  /** Batches running now, each with the way to settle it early (see `containUncaught`). */
  readonly #running = new Set<RunningBatch>();
  /** Hears every change of what runs (a diagnostic rerun only; see `traceInFlight`). */
  #trace: ((inFlight: readonly BatchInFlight[]) => void) | undefined;

  constructor(
    readonly name: string,
    private readonly limit: number,
    private readonly taskTimeoutMs?: number,
  ) {
    super();
  }

  /**
   * One promise per batch, settled by the batch or by `containUncaught`, whichever comes first;
   * it also holds the in-flight limit, so dispatch costs no more than a plain async wrapper.
   */
  protected runBatch(task: TaskRef, inputs: readonly unknown[], firstItem: number | undefined): Promise<Outcome[]> {
    return new Promise((resolve) => {
      const batch: RunningBatch = { task, firstItem, size: inputs.length, inputs, settle: resolve };
      const begin = (): void => {
        this.#inFlight += 1;
        this.#running.add(batch);
        this.#trace?.(this.inFlight());
        this.#withTimeout(task, inputs).then(
          (outcomes) => {
            if (this.#release(batch)) resolve(outcomes);
          },
          (error: unknown) => {
            const info = toErrorInfo(error);
            if (this.#release(batch)) resolve(inputs.map(() => ({ ok: false, error: info })));
          },
        );
      };
      if (this.#inFlight < this.limit) begin();
      else this.#waiting.push(begin);
    });
  }

  /** Frees a batch's place for the next one; false when it was settled already (by `containUncaught`). */
  #release(batch: RunningBatch): boolean {
    if (!this.#running.delete(batch)) return false;
    this.#inFlight -= 1;
    this.#trace?.(this.inFlight());
    this.#waiting.shift()?.();
    return true;
  }

  inFlight(): readonly BatchInFlight[] {
    const call = taskOnStack();
    return [...this.#running].map((batch) => ({
      task: batch.task,
      firstItem: batch.firstItem,
      size: batch.size,
      onStack: call?.inputs === batch.inputs ? call.index : null,
    }));
  }

  traceInFlight(listener: ((inFlight: readonly BatchInFlight[]) => void) | undefined): void {
    this.#trace = listener;
    // Every task call too, so the trace holds the item whose call never returned (out of heap).
    onTaskCall(listener === undefined ? undefined : () => listener(this.inFlight()));
  }

  /** Fails every batch in flight with the exception; its task runs on unheeded, as after a timeout. */
  containUncaught(error: unknown): boolean {
    if (this.#running.size === 0) return false;
    const running = [...this.#running];
    const items = running.reduce((sum, batch) => sum + batch.size, 0);
    const reason = toErrorInfo(error).message;
    const doubt = items > 1 ? ` (${items} items were in flight on the one event loop; it cannot be traced to one of them)` : '';
    for (const batch of running) {
      const info = { name: 'UncaughtException', code: 'UNCAUGHT', message: `${this.name}: uncaught exception while running task ${describeTask(batch.task)}${doubt}: ${reason}` };
      this.#release(batch);
      batch.settle(Array.from({ length: batch.size }, () => ({ ok: false, error: info })));
    }
    return true;
  }

  /** In one thread a running task cannot be stopped: past the timeout its items fail and it runs on unheeded. */
  #withTimeout(task: TaskRef, inputs: readonly unknown[]): Promise<Outcome[]> {
    const limit = this.taskTimeoutMs;
    if (limit === undefined) return runBatch(task, inputs);
    return this.#racingTimeout(task, inputs, limit);
  }

  async #racingTimeout(task: TaskRef, inputs: readonly unknown[], limit: number): Promise<Outcome[]> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Outcome[]>((resolve) => {
      timer = setTimeout(() => {
        const error = timeoutError(this.name, task, limit, 'it cannot be stopped on the main thread and was left running');
        resolve(inputs.map(() => ({ ok: false, error })));
      }, limit);
    });
    try {
      return await Promise.race([runBatch(task, inputs), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Imports the preloaded tasks' modules on this thread; a failed import is left for their items to report. */
  async start(preload: readonly TaskRef[] = []): Promise<void> {
    await preloadTasks(preload);
  }

  async childCpuUsage(): Promise<CpuUsage> {
    return ZERO_USAGE;
  }

  async shutdown(): Promise<void> {}
}

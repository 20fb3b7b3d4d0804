import { BatchExecutor } from './batch-executor.js';
import {
  describeTask,
  timeoutError,
  toErrorInfo,
  ZERO_USAGE,
  type CpuUsage,
  type Outcome,
  type TaskRef,
} from '../executor.js';
import { Fifo } from './fifo.js';
import { runBatch } from './worker/task-runner.js';

/** A batch in flight on this thread, and how to settle it without its task. */
interface RunningBatch {
  readonly task: TaskRef;
  readonly size: number;
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

  constructor(
    readonly name: string,
    private readonly limit: number,
    private readonly taskTimeoutMs?: number,
  ) {
    super();
  }

  protected runBatch(task: TaskRef, inputs: readonly unknown[]): Promise<Outcome[]> {
    return this.#limited(() => this.#settleable(task, inputs));
  }

  /** Runs a batch that `containUncaught` can settle when its task throws where nobody catches. */
  #settleable(task: TaskRef, inputs: readonly unknown[]): Promise<Outcome[]> {
    return new Promise((resolve) => {
      const batch: RunningBatch = { task, size: inputs.length, settle: resolve };
      this.#running.add(batch);
      this.#withTimeout(task, inputs).then(
        (outcomes) => {
          this.#running.delete(batch);
          resolve(outcomes);
        },
        (error: unknown) => {
          this.#running.delete(batch);
          const info = toErrorInfo(error);
          resolve(inputs.map(() => ({ ok: false, error: info })));
        },
      );
    });
  }

  /** Fails every batch in flight with the exception; its task runs on unheeded, as after a timeout. */
  containUncaught(error: unknown): boolean {
    if (this.#running.size === 0) return false;
    const items = [...this.#running].reduce((sum, batch) => sum + batch.size, 0);
    const reason = toErrorInfo(error).message;
    const doubt = items > 1 ? ` (${items} items were in flight on the one event loop; it cannot be traced to one of them)` : '';
    for (const batch of this.#running) {
      const info = { name: 'UncaughtException', code: 'UNCAUGHT', message: `${this.name}: uncaught exception while running task ${describeTask(batch.task)}${doubt}: ${reason}` };
      batch.settle(Array.from({ length: batch.size }, () => ({ ok: false, error: info })));
    }
    this.#running.clear();
    return true;
  }

  /** In one thread a running task cannot be stopped: past the timeout its items fail and it runs on unheeded. */
  async #withTimeout(task: TaskRef, inputs: readonly unknown[]): Promise<Outcome[]> {
    const limit = this.taskTimeoutMs;
    if (limit === undefined) return runBatch(task, inputs);
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

  async start(): Promise<void> {}

  async childCpuUsage(): Promise<CpuUsage> {
    return ZERO_USAGE;
  }

  async shutdown(): Promise<void> {}

  async #limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.#inFlight >= this.limit) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    this.#inFlight += 1;
    try {
      return await work();
    } finally {
      this.#inFlight -= 1;
      this.#waiting.shift()?.();
    }
  }
}

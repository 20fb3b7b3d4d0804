/** Runs batches on the calling thread's event loop, at most `limit` at once. */
import { BatchExecutor } from './batch-executor.js';
import {
  timeoutError,
  ZERO_USAGE,
  type CpuUsage,
  type Outcome,
  type TaskRef,
} from '../executor.js';
import { Fifo } from './fifo.js';
import { runBatch } from './worker/task-runner.js';

/**
 * Runs tasks on the calling thread's event loop with at most `limit` batches in flight.
 * With limit 1 this is a plain await loop; above 1 it is async concurrency, which helps
 * only where a task waits (I/O, or native work on libuv's thread pool such as sharp's).
 */
export class InProcessExecutor extends BatchExecutor {
  #inFlight = 0;
  readonly #waiting = new Fifo<() => void>();

  constructor(
    readonly name: string,
    private readonly limit: number,
    private readonly taskTimeoutMs?: number,
  ) {
    super();
  }

  protected runBatch(task: TaskRef, inputs: readonly unknown[]): Promise<Outcome[]> {
    return this.#limited(() => this.#withTimeout(task, inputs));
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

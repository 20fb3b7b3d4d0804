/** The Executor surface every built-in strategy shares, reduced to running batches. */
import { mapSettled, submitOne, valuesOrThrow } from './batching.js';
import type { TransferListItem } from 'node:worker_threads';
import type { CpuUsage, Executor, MapOptions, Outcome, SubmitOptions, TaskRef } from '../executor.js';

/**
 * `submit`, `map` and `mapSettled` all reduce to running batches of consecutive items, which is
 * the one thing a strategy implements.
 */
export abstract class BatchExecutor implements Executor {
  abstract readonly name: string;
  abstract start(preload?: readonly TaskRef[]): Promise<void>;
  abstract childCpuUsage(): Promise<CpuUsage>;
  abstract shutdown(): Promise<void>;

  /** Runs consecutive items; `firstItem` is the index of `inputs[0]` in the whole map (undefined for a `submit`). */
  protected abstract runBatch(
    task: TaskRef,
    inputs: readonly unknown[],
    firstItem: number | undefined,
    transfer: readonly TransferListItem[],
  ): Promise<Outcome[]>;

  readonly #run = (task: TaskRef, inputs: readonly unknown[], first: number | undefined, transfer: readonly TransferListItem[]): Promise<Outcome[]> =>
    this.runBatch(task, inputs, first, transfer);

  submit<I, O>(task: TaskRef, input: I, options?: SubmitOptions): Promise<O> {
    return submitOne<O>(this.name, this.#run, task, input, options);
  }

  async map<I, O>(task: TaskRef, inputs: readonly I[], options?: MapOptions): Promise<O[]> {
    return valuesOrThrow<O>(this.name, task, await this.runMap(task, inputs, options ?? {}));
  }

  mapSettled<I, O>(task: TaskRef, inputs: readonly I[], options?: MapOptions): Promise<Outcome<O>[]> {
    return this.runMap(task, inputs, options ?? {}) as Promise<Outcome<O>[]>;
  }

  /**
   * Runs a map's chunks, one outcome per input, in order. By default each chunk is a batch with a
   * promise of its own; a strategy that queues batches itself may settle them all into one array.
   */
  protected runMap(task: TaskRef, inputs: readonly unknown[], options: MapOptions): Promise<Outcome[]> {
    return mapSettled(this.#run, task, inputs, options);
  }
}

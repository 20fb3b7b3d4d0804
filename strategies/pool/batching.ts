/** map, mapSettled and submit in terms of one batch runner, and the checks of pool sizes. */
import type { TransferListItem } from 'node:worker_threads';
import {
  TaskError,
  type SubmitOptions,
  type ExecutorOptions,
  type MapOptions,
  type Outcome,
  type TaskRef,
} from '../executor.js';

/**
 * Runs a batch of consecutive items; `firstItem` is the index of `inputs[0]` in the whole map
 * (undefined for a `submit`, which belongs to no map), `transfer` the buffers to move rather than copy.
 */
export type BatchRunner = (
  task: TaskRef,
  inputs: readonly unknown[],
  firstItem: number | undefined,
  transfer: readonly TransferListItem[],
) => Promise<Outcome[]>;

/** The chunk size of a map, checked: a positive integer, 1 when not given. */
export function chunkSizeOf(options: MapOptions): number {
  const chunkSize = options.chunkSize ?? 1;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`chunkSize must be a positive integer, got ${String(chunkSize)}`);
  }
  return chunkSize;
}

/** Splits inputs into chunks, runs them all and returns one outcome per input, in order. */
export async function mapSettled<O>(
  run: BatchRunner,
  task: TaskRef,
  inputs: readonly unknown[],
  options: MapOptions = {},
): Promise<Outcome<O>[]> {
  const chunkSize = chunkSizeOf(options);
  const chunks: Promise<Outcome[]>[] = [];
  for (let first = 0; first < inputs.length; first += chunkSize) {
    const chunk = inputs.slice(first, first + chunkSize);
    chunks.push(run(task, chunk, first, options.transfer === undefined ? [] : chunk.flatMap(options.transfer)));
  }
  return (await Promise.all(chunks)).flat() as Outcome<O>[];
}

/** A map's values from its outcomes, or a `TaskError` for the first failed item. */
export function valuesOrThrow<O>(strategy: string, task: TaskRef, outcomes: readonly Outcome[]): O[] {
  return outcomes.map((outcome, item) => {
    if (!outcome.ok) throw new TaskError(strategy, task, item, outcome.error);
    return outcome.value as O;
  });
}

/** Runs one input as a batch of one and unwraps its outcome. */
export async function submitOne<O>(
  strategy: string,
  run: BatchRunner,
  task: TaskRef,
  input: unknown,
  options: SubmitOptions = {},
): Promise<O> {
  const [outcome] = await run(task, [input], undefined, options.transfer ?? []);
  if (outcome === undefined) throw new Error(`${strategy}: no outcome returned for the submitted item`);
  if (!outcome.ok) throw new TaskError(strategy, task, 0, outcome.error);
  return outcome.value as O;
}

/** Checks the sizes a strategy is given, so a zero-sized pool can never hang a trial. */
export function checkSizes(strategy: string, options: ExecutorOptions): void {
  for (const [name, value] of Object.entries({ workers: options.workers, concurrency: options.concurrency })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${strategy}: ${name} must be a positive integer, got ${String(value)}`);
    }
  }
}

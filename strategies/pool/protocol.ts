/** The messages between a pool and its workers. */
import type { CpuUsage, ErrorInfo, TaskRef } from '../executor.js';
import type { ThreadVitals } from './worker/vitals.js';

/**
 * One number per batch. Most messages carry the batches of one map: consecutive ids, one task,
 * one size. Such a column travels as one number (`from`: the first of consecutive numbers;
 * `same`: every batch's), so a message's cloning grows with its inputs and outputs, not with
 * three more numbers per batch.
 */
export type Column = readonly number[] | { readonly from: number } | { readonly same: number };

/** The column of `values`, packed where they are consecutive or all the same. */
export function packColumn(values: readonly number[]): Column {
  const first = values[0] ?? 0;
  if (values.every((value, i) => value === first + i)) return { from: first };
  if (values.every((value) => value === first)) return { same: first };
  return values;
}

/** Batch `i`'s number in a column. */
export function columnAt(column: Column, i: number): number {
  if ('from' in column) return column.from + i;
  if ('same' in column) return column.same;
  return (column as readonly number[])[i] ?? 0;
}

/**
 * `count` batches for a worker, by column: batch i has id `ids[i]`, runs task `taskIds[i]` and
 * takes the next `sizes[i]` items of `inputs`. A worker is sent a TaskRef (in `tasks`) only the
 * first time it meets its id. Columns of numbers clone far faster than an object per batch, and
 * with tiny tasks the cloning is most of what dispatch costs.
 */
export interface RunBatches {
  readonly type: 'run';
  readonly count: number;
  readonly ids: Column;
  readonly taskIds: Column;
  readonly tasks: readonly (readonly [number, TaskRef])[];
  readonly sizes: Column;
  readonly inputs: readonly unknown[];
}

/**
 * `count` finished batches, by column: batch `ids[i]`'s `sizes[i]` outputs follow in `values`;
 * together they ran `runMs` milliseconds in the worker (without their waits in its queue). Items
 * that failed are listed in `errors` by their place in `values` (where they hold undefined).
 */
export interface DoneBatches {
  readonly type: 'done';
  readonly count: number;
  readonly ids: Column;
  readonly runMs: number;
  readonly sizes: Column;
  readonly values: readonly unknown[];
  readonly errors: readonly (readonly [number, ErrorInfo])[];
}

/**
 * Messages a pool sends to one of its workers. A 'run' carries every batch the pool hands that
 * worker at once, and a 'done' every batch finished since the last one: a message costs a
 * wake-up of the other side and a serialisation, so tiny tasks share them.
 */
export type ToWorker =
  | RunBatches
  | { readonly type: 'usage'; readonly id: number }
  /**
   * Sent once, when the worker is ready: how many batches it may run at the same time, and the
   * tasks whose modules to import before it answers 'configured'.
   */
  | { readonly type: 'configure'; readonly concurrency: number; readonly preload: readonly TaskRef[] }
  | { readonly type: 'stop' };

/** Messages a worker sends back to its pool. */
export type FromWorker =
  | { readonly type: 'ready'; readonly pid: number }
  /** The answer to 'configure', once the preloaded modules are imported: the worker may be sent batches. */
  | { readonly type: 'configured' }
  | DoneBatches
  /** `vitals`: the worker's GC and event loop so far, asked with its CPU (processes only). */
  | { readonly type: 'usage'; readonly id: number; readonly usage: CpuUsage; readonly vitals?: ThreadVitals }
  | { readonly type: 'stopped'; readonly usage: CpuUsage }
  /** A process worker's last words: why it is about to exit (its uncaught exception), for the item it held. */
  | { readonly type: 'fatal'; readonly reason: string };

export function isFromWorker(message: unknown): message is FromWorker {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string';
}

/** The messages between a pool and its workers. */
import type { CpuUsage, ErrorInfo, TaskRef } from '../executor.js';
import type { ThreadVitals } from './worker/vitals.js';

/**
 * Batches for a worker, by column: batch i has id `ids[i]`, runs task `taskIds[i]` and takes the
 * next `sizes[i]` items of `inputs`. A worker is sent a TaskRef (in `tasks`) only the first time
 * it meets its id. Columns of numbers clone far faster than an object per batch, and with tiny
 * tasks the cloning is most of what dispatch costs.
 */
export interface RunBatches {
  readonly type: 'run';
  readonly ids: readonly number[];
  readonly taskIds: readonly number[];
  readonly tasks: readonly (readonly [number, TaskRef])[];
  readonly sizes: readonly number[];
  readonly inputs: readonly unknown[];
}

/**
 * Finished batches, by column: batch `ids[i]` ran `runMs[i]` milliseconds in the worker (without
 * its wait in the queue) and its `sizes[i]` outputs follow in `values`. Items that failed are
 * listed in `errors` by their place in `values` (where they hold undefined).
 */
export interface DoneBatches {
  readonly type: 'done';
  readonly ids: readonly number[];
  readonly runMs: readonly number[];
  readonly sizes: readonly number[];
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

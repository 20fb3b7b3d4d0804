/** The messages between a pool and its workers. */
import type { CpuUsage, Outcome, TaskRef } from '../executor.js';
import type { ThreadVitals } from './worker/vitals.js';

/** Messages a pool sends to one of its workers. */
export type ToWorker =
  /** `task` travels only the first time a worker sees `taskId`; later messages name the id alone. */
  | { readonly type: 'run'; readonly id: number; readonly taskId: number; readonly task?: TaskRef; readonly inputs: readonly unknown[] }
  | { readonly type: 'usage'; readonly id: number }
  /** Sent once, when the worker is ready: how many batches it may run at the same time. */
  | { readonly type: 'configure'; readonly concurrency: number }
  | { readonly type: 'stop' };

/** Messages a worker sends back to its pool. */
export type FromWorker =
  | { readonly type: 'ready'; readonly pid: number }
  /** `runMs`: how long the batch ran in the worker, without its wait in the queue (milliseconds). */
  | { readonly type: 'done'; readonly id: number; readonly outcomes: readonly Outcome[]; readonly runMs: number }
  /** `vitals`: the worker's GC and event loop so far, asked with its CPU (processes only). */
  | { readonly type: 'usage'; readonly id: number; readonly usage: CpuUsage; readonly vitals?: ThreadVitals }
  | { readonly type: 'stopped'; readonly usage: CpuUsage };

export function isFromWorker(message: unknown): message is FromWorker {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string';
}

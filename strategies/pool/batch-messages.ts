/** Batches out to a worker in one 'run' message, and back from its 'done' messages into their maps. */
import type { TransferListItem } from 'node:worker_threads';
import { toErrorInfo, type ErrorInfo, type Outcome, type TaskRef } from '../executor.js';
import { columnAt, packColumn, type DoneBatches, type RunBatches } from './protocol.js';
import type { Job } from './types.js';

/** The transfer list of a batch that moves nothing. */
export const NO_TRANSFER: readonly TransferListItem[] = Object.freeze([]);

/** A small number per distinct task, so its module URL is sent to each worker only once. */
export class TaskIds {
  readonly #ids = new Map<string, number>();
  /** The last task looked up and its id: a map's batches all name the same TaskRef object. */
  #last: { task: TaskRef; id: number } | undefined;

  of(task: TaskRef): number {
    if (this.#last?.task === task) return this.#last.id;
    const key = `${task.module}#${task.export}`;
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.#ids.size + 1;
      this.#ids.set(key, id);
    }
    this.#last = { task, id };
    return id;
  }
}

/** The message carrying `jobs` to a worker that already knows `knownTasks`, and the buffers it moves. */
export function runMessage(jobs: readonly Job[], taskIds: TaskIds, knownTasks: ReadonlySet<number>): { message: RunBatches; transfer: readonly TransferListItem[] } {
  const ids: number[] = [];
  const taskColumn: number[] = [];
  const tasks: [number, TaskRef][] = [];
  const sizes: number[] = [];
  const inputs: unknown[] = [];
  let transfer = NO_TRANSFER;
  for (const job of jobs) {
    const taskId = taskIds.of(job.task);
    if (!knownTasks.has(taskId) && !tasks.some(([id]) => id === taskId)) tasks.push([taskId, job.task]);
    ids.push(job.id);
    taskColumn.push(taskId);
    sizes.push(job.size);
    for (let at = job.first; at < job.first + job.size; at += 1) inputs.push(job.source[at]);
    if (job.transfer.length > 0) transfer = transfer === NO_TRANSFER ? [...job.transfer] : [...transfer, ...job.transfer];
  }
  const message: RunBatches = { type: 'run', count: jobs.length, ids: packColumn(ids), taskIds: packColumn(taskColumn), tasks, sizes: packColumn(sizes), inputs };
  return { message, transfer };
}

/**
 * Settles the batches a worker reports finished into their maps' arrays, among those it still
 * holds in `held` (a timed-out one is gone), and lets go of them.
 */
export function settleDone(held: Map<number, Job>, done: DoneBatches): void {
  const errors = done.errors.length === 0 ? undefined : new Map(done.errors);
  let place = 0;
  for (let i = 0; i < done.count; i += 1) {
    const size = columnAt(done.sizes, i);
    const first = place;
    place += size;
    const job = held.get(columnAt(done.ids, i));
    if (job === undefined) continue;
    held.delete(job.id);
    if (job.timer !== undefined) clearTimeout(job.timer);
    for (let k = 0; k < size; k += 1) {
      const error = errors?.get(first + k);
      job.settlement.put(job.first + k, error === undefined ? { ok: true, value: done.values[first + k] } : { ok: false, error });
    }
    job.settlement.batchSettled();
  }
}

/** Fails every input of a batch with one error. */
export function failJob(job: Job, error: ErrorInfo): void {
  job.settlement.fail(job.first, job.size, error);
}

/** Fails each input of a batch that could not be sent, naming its own value's problem. */
export function failEachInput(job: Job, sendError: unknown): void {
  for (let k = 0; k < job.size; k += 1) job.settlement.put(job.first + k, notClonable(job.source[job.first + k], sendError));
  job.settlement.batchSettled();
}

/** The error of an item whose input could not be sent: names the value's problem. */
function notClonable(input: unknown, sendError: unknown): Outcome {
  let reason = toErrorInfo(sendError, 'NOT_CLONABLE').message;
  try {
    structuredClone(input);
  } catch (error) {
    reason = toErrorInfo(error).message;
  }
  return {
    ok: false,
    error: { name: 'DataCloneError', code: 'NOT_CLONABLE', message: `its input is not structured-clonable (${reason})` },
  };
}

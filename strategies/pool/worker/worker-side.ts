/** The loop every pool worker runs, thread or process. */
import { toErrorInfo, type ErrorInfo, type Outcome, type TaskRef } from '../../executor.js';
import { Fifo } from '../fifo.js';
import { columnAt, packColumn, type DoneBatches, type FromWorker, type ToWorker } from '../protocol.js';
import { preloadTasks, runBatchFast } from './task-runner.js';
import { readVitals } from './vitals.js';

/** The two operations a worker needs from its channel to the pool. */
export interface WorkerChannel {
  post(message: FromWorker): void;
  onMessage(handler: (message: ToWorker) => void): void;
  /** Sends a last message and leaves: the worker then exits on its own. */
  leave(last: FromWorker): void;
}

/**
 * Finished batches wait to be posted together until the message that brought them has been
 * handled, but never once they hold this much running time (milliseconds): the pool must hear
 * of a long batch at once, to send the next one while the worker is still busy.
 */
const HOLD_RESULTS_MS = 0.2;

/** A batch waiting in the worker for a free runner. */
interface Waiting {
  readonly id: number;
  readonly taskId: number;
  /** The message's inputs; the batch's are `size` of them from `first`. */
  readonly inputs: readonly unknown[];
  readonly first: number;
  readonly size: number;
}

/** Finished batches not posted yet, in the columns of a 'done' message. */
class Finished {
  ids: number[] = [];
  runMs = 0;
  sizes: number[] = [];
  values: unknown[] = [];
  errors: [number, ErrorInfo][] = [];

  add(id: number, outcomes: readonly Outcome[], runMs: number): void {
    this.ids.push(id);
    this.runMs += runMs;
    this.sizes.push(outcomes.length);
    for (const outcome of outcomes) {
      if (outcome.ok) {
        this.values.push(outcome.value);
      } else {
        this.errors.push([this.values.length, outcome.error]);
        this.values.push(undefined);
      }
    }
  }

  message(): DoneBatches {
    return {
      type: 'done',
      count: this.ids.length,
      ids: packColumn(this.ids),
      runMs: this.runMs,
      sizes: packColumn(this.sizes),
      values: this.values,
      errors: this.errors,
    };
  }
}

/** The loop every pool worker runs, whether it is a thread or a process. */
export function serveWorker(channel: WorkerChannel): void {
  const tasks = new Map<number, TaskRef>();
  // The pool may send batches ahead (prefetch, for batches known to be short), so a worker need not wait for a round trip;
  // only `concurrency` of them run at once, the rest wait here in order.
  let concurrency = 1;
  let running = 0;
  const waiting = new Fifo<Waiting>();
  let finished = new Finished();
  let heldSinceMs = 0;
  let flushQueued = false;

  const flush = (): void => {
    flushQueued = false;
    if (finished.ids.length === 0) return;
    const done = finished;
    finished = new Finished();
    postDone(channel, done);
  };
  const finish = (id: number, outcomes: readonly Outcome[], startedMs: number): void => {
    const nowMs = performance.now();
    if (finished.ids.length === 0) heldSinceMs = startedMs;
    finished.add(id, outcomes, nowMs - startedMs);
    running -= 1;
    if (nowMs - heldSinceMs >= HOLD_RESULTS_MS) flush();
  };
  const startWaiting = (): void => {
    while (running < concurrency) {
      const batch = waiting.shift();
      if (batch === undefined) return;
      running += 1;
      const startedMs = performance.now();
      const task = tasks.get(batch.taskId);
      if (task === undefined) {
        const error = { name: 'ProtocolError', code: 'UNKNOWN_TASK', message: `task id ${batch.taskId} was never sent to this worker` };
        finish(batch.id, Array.from({ length: batch.size }, () => ({ ok: false, error })), startedMs);
        continue;
      }
      const outcomes = runBatchFast(task, batch.inputs, batch.first, batch.first + batch.size);
      if (Array.isArray(outcomes)) {
        finish(batch.id, outcomes, startedMs);
      } else {
        void outcomes.then((done) => {
          finish(batch.id, done, startedMs);
          startWaiting();
          // Batches finishing in the same turn of the event loop share one message.
          if (!flushQueued) {
            flushQueued = true;
            queueMicrotask(flush);
          }
        });
      }
    }
  };
  // A task that calls process.exit ends this worker between two batches: the batches it finished
  // before are still told, so the pool fails only the one that was running (an exit handler runs
  // synchronously, and its message reaches the pool before the worker's exit does).
  process.on('exit', flush);
  channel.onMessage((message) => {
    switch (message.type) {
      case 'configure':
        concurrency = message.concurrency;
        void preloadTasks(message.preload).then(() => channel.post({ type: 'configured' }));
        return;
      case 'run': {
        for (const [taskId, task] of message.tasks) tasks.set(taskId, task);
        let offset = 0;
        for (let i = 0; i < message.count; i += 1) {
          const size = columnAt(message.sizes, i);
          waiting.push({ id: columnAt(message.ids, i), taskId: columnAt(message.taskIds, i), inputs: message.inputs, first: offset, size });
          offset += size;
        }
        startWaiting();
        flush();
        return;
      }
      case 'usage':
        channel.post({ type: 'usage', id: message.id, usage: process.cpuUsage(), vitals: readVitals() });
        return;
      case 'stop':
        channel.leave({ type: 'stopped', usage: process.cpuUsage() });
        return;
    }
  });
  channel.post({ type: 'ready', pid: process.pid });
}

/** Posts finished batches; an output that cannot be cloned becomes that item's error, not a lost batch. */
function postDone(channel: WorkerChannel, done: Finished): void {
  try {
    channel.post(done.message());
  } catch {
    const errors = new Map(done.errors);
    done.values.forEach((value, place) => {
      if (errors.has(place)) return;
      const problem = cloneProblem(value);
      if (problem !== undefined) errors.set(place, problem);
    });
    const values = done.values.map((value, place) => (errors.has(place) ? undefined : value));
    channel.post({ ...done.message(), values, errors: [...errors] });
  }
}

/** Why a value cannot be structured-cloned, or undefined when it can. */
function cloneProblem(value: unknown): ErrorInfo | undefined {
  try {
    structuredClone(value);
    return undefined;
  } catch (error) {
    const info = toErrorInfo(error, 'NOT_CLONABLE');
    return { ...info, message: `its output is not structured-clonable (${info.message})` };
  }
}

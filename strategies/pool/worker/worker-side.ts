/** The loop every pool worker runs, thread or process. */
import { toErrorInfo, type Outcome, type TaskRef } from '../../executor.js';
import type { FromWorker, ToWorker } from '../protocol.js';
import { runBatchFast } from './task-runner.js';
import { readVitals } from './vitals.js';

/** The two operations a worker needs from its channel to the pool. */
export interface WorkerChannel {
  post(message: FromWorker): void;
  onMessage(handler: (message: ToWorker) => void): void;
  /** Sends a last message and leaves: the worker then exits on its own. */
  leave(last: FromWorker): void;
}

/** The loop every pool worker runs, whether it is a thread or a process. */
export function serveWorker(channel: WorkerChannel): void {
  const tasks = new Map<number, TaskRef>();
  // The pool sends a batch or two ahead (prefetch), so a worker never waits for a round trip;
  // only `concurrency` of them run at once, the rest wait here in order.
  let concurrency = 1;
  let running = 0;
  const waiting: RunMessage[] = [];
  const finish = (id: number, outcomes: Outcome[], startedMs: number): void => {
    postDone(channel, id, outcomes, performance.now() - startedMs);
    running -= 1;
    const next = waiting.shift();
    if (next !== undefined) start(next);
  };
  const start = (message: RunMessage): void => {
    running += 1;
    const startedMs = performance.now();
    if (message.task !== undefined) tasks.set(message.taskId, message.task);
    const task = tasks.get(message.taskId);
    if (task === undefined) {
      const error = { name: 'ProtocolError', code: 'UNKNOWN_TASK', message: `task id ${message.taskId} was never sent to this worker` };
      finish(message.id, message.inputs.map(() => ({ ok: false, error })), startedMs);
      return;
    }
    const outcomes = runBatchFast(task, message.inputs);
    if (Array.isArray(outcomes)) finish(message.id, outcomes, startedMs);
    else void outcomes.then((done) => finish(message.id, done, startedMs));
  };
  channel.onMessage((message) => {
    switch (message.type) {
      case 'configure':
        concurrency = message.concurrency;
        return;
      case 'run':
        if (message.task !== undefined) tasks.set(message.taskId, message.task);
        if (running < concurrency) start(message);
        else waiting.push(message);
        return;
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

type RunMessage = Extract<ToWorker, { type: 'run' }>;

/** Posts outcomes; an output that cannot be cloned becomes that item's error, not a lost batch. */
function postDone(channel: WorkerChannel, id: number, outcomes: Outcome[], runMs: number): void {
  try {
    channel.post({ type: 'done', id, outcomes, runMs });
  } catch {
    channel.post({ type: 'done', id, outcomes: outcomes.map(clonableOutcome), runMs });
  }
}

function clonableOutcome(outcome: Outcome): Outcome {
  if (!outcome.ok) return outcome;
  try {
    structuredClone(outcome.value);
    return outcome;
  } catch (error) {
    const info = toErrorInfo(error, 'NOT_CLONABLE');
    return {
      ok: false,
      error: { ...info, message: `its output is not structured-clonable (${info.message})` },
    };
  }
}

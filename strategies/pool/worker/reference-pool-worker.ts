/** The worker function piscina and tinypool call. */
import type { Outcome, TaskRef } from '../../executor.js';
import { runBatchFast } from './task-runner.js';
import { answerVitalsQuestions } from './vitals.js';

// Loaded once per piscina or tinypool thread: it reports its thread id, GC and event loop to the trial.
answerVitalsQuestions({ answers: false });

/** What a reference pool (piscina, tinypool) sends its worker: a batch, or nothing to warm up. */
export interface ReferenceBatch {
  readonly task: TaskRef | null;
  readonly inputs: readonly unknown[];
}

/** The worker function piscina and tinypool call: runs the batch with the same runner as our pools. */
export default function runReferenceBatch(batch: ReferenceBatch): Outcome[] | Promise<Outcome[]> {
  return batch.task === null ? [] : runBatchFast(batch.task, batch.inputs);
}

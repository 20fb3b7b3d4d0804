/** The worker function piscina and tinypool call. */
import type { Outcome, TaskRef } from '../../executor.js';
import { preloadTasks, runBatchFast } from './task-runner.js';
import { answerVitalsQuestions } from './vitals.js';

// Loaded once per piscina or tinypool thread: it reports its thread id, GC and event loop to the trial.
answerVitalsQuestions({ answers: false });

/**
 * The warm-up batches' meeting point: each counts itself in once its imports are done and waits
 * until all `size` have, so a thread that finishes first cannot take a second warm-up while
 * another thread is still starting (it would then import on its first item, inside the window).
 * `size` is every slot of the pool (threads x tasks per thread), so each thread holds its share.
 */
export interface WarmUpGate {
  readonly arrived: Int32Array;
  readonly size: number;
}

/** A pool whose thread never comes is no reason to hang its start: past this the warm-up gives up waiting (milliseconds). */
const GATE_TIMEOUT_MS = 30_000;

/** What a reference pool (piscina, tinypool) sends its worker: a batch, or a warm-up (no task) with the tasks to import. */
export interface ReferenceBatch {
  readonly task: TaskRef | null;
  readonly inputs: readonly unknown[];
  readonly preload?: readonly TaskRef[];
  readonly gate?: WarmUpGate;
}

/** The worker function piscina and tinypool call: runs the batch with the same runner as our pools. */
export default function runReferenceBatch(batch: ReferenceBatch): Outcome[] | Promise<Outcome[]> {
  if (batch.task !== null) return runBatchFast(batch.task, batch.inputs);
  return warmUp(batch.preload ?? [], batch.gate);
}

async function warmUp(preload: readonly TaskRef[], gate: WarmUpGate | undefined): Promise<Outcome[]> {
  await preloadTasks(preload);
  if (gate === undefined) return [];
  Atomics.add(gate.arrived, 0, 1);
  Atomics.notify(gate.arrived, 0);
  const deadline = performance.now() + GATE_TIMEOUT_MS;
  for (let seen = Atomics.load(gate.arrived, 0); seen < gate.size; seen = Atomics.load(gate.arrived, 0)) {
    const left = deadline - performance.now();
    if (left <= 0) break;
    const wait = Atomics.waitAsync(gate.arrived, 0, seen, left);
    if (wait.async) await wait.value;
  }
  return [];
}

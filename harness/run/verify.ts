/** Whether a trial counts: it ran, reported, exited cleanly, and produced the reference's outputs. */
import type { ProcessMeasurement } from '../measure/process.js';
import type { ItemFailure, TrialReport } from '../trial/report.js';

/** The sequential run's outputs: one content hash per item, null where the item failed there too. */
export type Reference = readonly (string | null)[];

/**
 * Compares a trial's outputs with the reference. An item may fail only where it failed in the
 * sequential run too (a bad input); anything else missing or different is a problem, so a run
 * that silently drops or corrupts work can never be reported as fast.
 */
export function checkOutputs(
  reference: Reference,
  digests: readonly (string | null)[],
  failures: readonly ItemFailure[],
): string | null {
  if (digests.length !== reference.length) {
    return `produced ${digests.length} outputs for ${reference.length} items`;
  }
  for (let item = 0; item < reference.length; item += 1) {
    const expected = reference[item];
    const actual = digests[item];
    if (expected === actual) continue;
    if (actual === null || actual === undefined) {
      const failure = failures.find((f) => f.item === item);
      return failure === undefined ? `item ${item} produced no output` : failure.message;
    }
    if (expected === null) return `item ${item} succeeded but failed in the sequential reference`;
    return `output of item ${item} differs from the sequential run's (sha256 ${actual.slice(0, 12)} vs ${String(expected).slice(0, 12)})`;
  }
  return null;
}

/** V8's last words when a heap runs out; a main thread cannot catch it, so the trial dies with them. */
const OUT_OF_HEAP = /JavaScript heap out of memory|Reached heap limit/;

/**
 * Why a trial gave no usable report (timed out, died, failed to start), or null when it did.
 * `workerHeapMb` is the `--worker-heap-mb` it ran under, to say which limit a heap ran into.
 */
export function trialFailure(m: ProcessMeasurement<TrialReport>, workerHeapMb?: number): string | null {
  const r = m.report;
  if (m.timedOut) return 'trial timed out (see --trial-timeout)';
  if (r === undefined && OUT_OF_HEAP.test(m.stderrTail)) {
    const limit = workerHeapMb === undefined ? "Node's default limit" : `limit ${workerHeapMb} MiB, --worker-heap-mb`;
    return `ran out of heap (${limit}) on the trial's main thread, which ends the whole trial: the item in flight cannot be contained there (a pool fails only that item)`;
  }
  if (r === undefined) {
    const tail = m.stderrTail.split('\n').filter((line) => line.trim().length > 0).slice(-3).join(' ');
    return `trial exited with ${m.signal ?? `code ${String(m.exitCode)}`} without a report${tail ? `: ${tail}` : ''}`;
  }
  if (r.status === 'error') return r.error ?? 'trial failed';
  if (m.exitCode !== 0) return `trial exited with code ${String(m.exitCode)}`;
  return null;
}

/** Why a measured trial does not count (it failed, or its outputs differ from the reference's), or null when it does. */
export function trialProblem(m: ProcessMeasurement<TrialReport>, reference: Reference | undefined, workerHeapMb?: number): string | null {
  const failure = trialFailure(m, workerHeapMb);
  if (failure !== null || reference === undefined || m.report === undefined) return failure;
  return checkOutputs(reference, m.report.digests, m.report.failures);
}

/** Whether a trial counts: it ran, reported, exited cleanly, and produced the reference's outputs. */
import type { ProcessMeasurement } from '../measure/process.js';
import type { ItemFailure, TrialReport } from '../trial/report.js';
import { deathWithoutReport, type Diagnosis } from './trial-death.js';

/** The sequential run's outputs: one content hash per item, null where the item failed there too. */
export type Reference = readonly (string | null)[];

/**
 * Compares a trial's outputs with the reference. An item may fail only where it failed in the
 * sequential run too (a bad input); anything else missing or different is a problem, so a run
 * that silently drops or corrupts work can never be reported as fast. `reference` is the part of
 * the sequential run's outputs this trial ran, from item `firstItem` of the run on (a copy of the
 * `independent` row); messages name items by their place in the run.
 */
export function checkOutputs(
  reference: Reference,
  digests: readonly (string | null)[],
  failures: readonly ItemFailure[],
  firstItem = 0,
): string | null {
  if (digests.length !== reference.length) {
    const which = firstItem === 0 ? '' : ` (items ${firstItem} to ${firstItem + reference.length - 1})`;
    return `produced ${digests.length} outputs for ${reference.length} items${which}`;
  }
  for (let item = 0; item < reference.length; item += 1) {
    const expected = reference[item];
    const actual = digests[item];
    const named = firstItem + item;
    if (expected === actual) continue;
    if (actual === null || actual === undefined) {
      const failure = failures.find((f) => f.item === item);
      return failure === undefined ? `item ${named} produced no output` : failure.message;
    }
    if (expected === null) return `item ${named} succeeded but failed in the sequential reference`;
    return `output of item ${named} differs from the sequential run's (sha256 ${actual.slice(0, 12)} vs ${String(expected).slice(0, 12)})`;
  }
  return null;
}

/**
 * Why a trial gave no usable report (timed out, died, failed to start), or null when it did.
 * `workerHeapMb` is the `--worker-heap-mb` it ran under, to say which limit a heap ran into;
 * `diagnosis`, what an unmeasured diagnostic rerun of a trial that died found.
 */
export function trialFailure(m: ProcessMeasurement<TrialReport>, workerHeapMb?: number, diagnosis?: Diagnosis): string | null {
  const r = m.report;
  if (m.timedOut) return 'trial timed out (see --trial-timeout)';
  if (r === undefined) return deathWithoutReport(m, workerHeapMb, diagnosis);
  if (r.status === 'error') return r.error ?? 'trial failed';
  if (m.exitCode !== 0) return `trial exited with code ${String(m.exitCode)}`;
  return null;
}

/** Why a measured trial does not count (it failed, or its outputs differ from the reference's), or null when it does. */
export function trialProblem(m: ProcessMeasurement<TrialReport>, reference: Reference | undefined, workerHeapMb?: number, diagnosis?: Diagnosis): string | null {
  const failure = trialFailure(m, workerHeapMb, diagnosis);
  if (failure !== null || reference === undefined || m.report === undefined) return failure;
  return checkOutputs(reference, m.report.digests, m.report.failures);
}

/** Items `firstItem` .. `firstItem + items - 1` of a run: the part of it one copy of the `independent` row runs. */
export interface ItemShare {
  readonly firstItem: number;
  readonly items: number;
}

/** Why one copy of an `independent` trial does not count: as `trialProblem`, against its own share of the reference. */
export function shareProblem(m: ProcessMeasurement<TrialReport>, share: ItemShare, reference: Reference | undefined): string | null {
  const failure = trialFailure(m);
  if (failure !== null || reference === undefined || m.report === undefined) return failure;
  const part = reference.slice(share.firstItem, share.firstItem + share.items);
  return checkOutputs(part, m.report.digests, m.report.failures, share.firstItem);
}

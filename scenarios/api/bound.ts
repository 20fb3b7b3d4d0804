/** The lower bound on the api workflow's wall time for a row's shape. */
import type { RunShape } from '../scenario.js';
import type { CpuModel } from '../tasks/report.js';
import type { StageSeconds } from './workflow.js';

/** The two lower bounds on the `api` workflow's wall time and the larger of them, all in seconds. */
export interface IdealTime {
  /** All collects in a row (one at a time), then the last import, then that batch's longest report. */
  readonly criticalPathSeconds: number;
  /** The first batch's collect and import, then all report work spread evenly over the usable workers. */
  readonly reportWorkSeconds: number;
  /** Reports that can progress at once. */
  readonly usableWorkers: number;
  /** The lower bound: no arrangement of this shape can finish sooner. */
  readonly seconds: number;
}

/**
 * Reports that can truly run at once: with `spin` each needs a core and a thread of its own,
 * so min(workers, cores); with `sleep` waiting needs neither, so every slot the executor has
 * (pool size x tasks per worker; a `promise` row's in-flight limit).
 */
export function usableWorkers(cpuModel: CpuModel, shape: Pick<RunShape, 'workers' | 'concurrency' | 'cores'>): number {
  return cpuModel === 'spin' ? Math.min(shape.workers, shape.cores) : shape.workers * shape.concurrency;
}

/** The ideal time of `batches` batches with these stage durations on `usable` workers. */
export function idealTime(stages: StageSeconds, batches: number, usable: number): IdealTime {
  const longestReport = Math.max(...stages.report);
  const reportWork = batches * stages.report.reduce((sum, seconds) => sum + seconds, 0);
  const criticalPathSeconds = batches * stages.collect + stages.import + longestReport;
  const reportWorkSeconds = stages.collect + stages.import + reportWork / usable;
  return { criticalPathSeconds, reportWorkSeconds, usableWorkers: usable, seconds: Math.max(criticalPathSeconds, reportWorkSeconds) };
}

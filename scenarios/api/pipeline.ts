/** Document 002's workflow as stages: collect and import as external limits, reports on an executor. */
import { setTimeout as sleep } from 'node:timers/promises';
import { toErrorInfo, type Executor, type Outcome, type TaskRef } from '../../strategies/executor.js';
import { ENDPOINTS, INTERVALS, REPORTS, type ApiParams, type StageSeconds } from './workflow.js';
import type { StageEvent } from '../scenario.js';
import type { ReportJob, ReportResult } from '../tasks/report.js';

/** The report task, as threads and processes import it. */
export const REPORT_TASK: TaskRef = { module: new URL('../tasks/report.js', import.meta.url).href, export: 'generateReport' };

/** The lane of stages run on the trial's main thread. */
export const MAIN_LANE = 'main';

/** What one endpoint's collect returned: the reports it asks for. */
export interface CollectedBatch {
  readonly batch: number;
  readonly endpoint: string;
}

/** What a run of the workflow leaves behind besides its outcomes. */
export interface PipelineRecord {
  readonly events: StageEvent[];
  /** Executors the arrangement created itself (per-batch-pool), besides the trial's own. */
  poolsCreated: number;
  /** Seconds those executors spent in `start()` and in `shutdown()`, summed over the pools. */
  poolStartupSeconds: number;
  poolShutdownSeconds: number;
  /** Stop signals (poison pills) consumed by report consumers. */
  stopSignals: number;
}

const epochMs = (): number => performance.timeOrigin + performance.now();

/** Names the lane of a report from who ran it: the main thread, a worker thread or a worker process. */
export function laneOf(result: Pick<ReportResult, 'pid' | 'threadId'>): string {
  if (result.pid !== process.pid) return `pid ${result.pid}`;
  return result.threadId === 0 ? MAIN_LANE : `thread ${result.threadId}`;
}

/** A stage called while another call of it is still running: the limit the workflow must respect. */
function overlapError(stage: string, what: string): Error {
  return Object.assign(new Error(`${stage} called while another ${stage} was running: ${what}`), { code: 'STAGE_OVERLAP' });
}

/**
 * The three stages of document 002's workflow, each recording when it ran. Collect and import
 * are external (an API with a one-call limit, a serialised disk import): they wait and need no
 * local CPU, and a second call while one runs fails, as the API would answer 403. Reports run
 * on whatever executor the arrangement hands them to.
 */
export class Pipeline {
  readonly batches = ENDPOINTS.length;
  readonly record: PipelineRecord = { events: [], poolsCreated: 0, poolStartupSeconds: 0, poolShutdownSeconds: 0, stopSignals: 0 };
  readonly #startEpochMs = epochMs();
  readonly #outcomes: (Outcome<ReportResult> | undefined)[] = Array.from({ length: REPORTS }, () => undefined);
  /** The external stages running now: each allows one call at a time. */
  readonly #running = new Set<'collect' | 'import'>();

  constructor(
    private readonly params: ApiParams,
    private readonly seconds: StageSeconds,
  ) {}

  /** Calls the endpoint's API: one call at a time, on the main thread. */
  async collect(batch: number): Promise<CollectedBatch> {
    const endpoint = ENDPOINTS[batch];
    if (endpoint === undefined) throw new RangeError(`no endpoint ${batch}`);
    if (this.#running.has('collect')) throw Object.assign(overlapError('collect', 'the API allows one call at a time'), { code: 'RATE_LIMITED' });
    await this.#external('collect', batch, MAIN_LANE, this.seconds.collect);
    return { batch, endpoint };
  }

  /** Imports a collected batch (one at a time) and returns its reports, in interval order. */
  async importBatch(collected: CollectedBatch, lane: string = MAIN_LANE): Promise<ReportJob[]> {
    if (this.#running.has('import')) throw overlapError('import', 'imports are serialised');
    await this.#external('import', collected.batch, lane, this.seconds.import);
    return INTERVALS.map((interval, k) => ({
      item: collected.batch * INTERVALS.length + k,
      endpoint: collected.endpoint,
      interval,
      table: `table of ${collected.endpoint}`,
      seconds: this.seconds.report[k] as number,
      cpuModel: this.params.cpuModel,
    }));
  }

  /** Generates one report on `executor`; never rejects: a failure becomes the item's outcome. */
  async report(executor: Executor, job: ReportJob): Promise<void> {
    let outcome: Outcome<ReportResult>;
    try {
      const result = await executor.submit<ReportJob, ReportResult>(REPORT_TASK, job);
      const start = (result.startEpochMs - this.#startEpochMs) / 1000;
      const end = (result.endEpochMs - this.#startEpochMs) / 1000;
      this.record.events.push({ stage: 'report', item: job.item, lane: laneOf(result), start, end });
      outcome = { ok: true, value: result };
    } catch (error) {
      outcome = { ok: false, error: toErrorInfo(error) };
    }
    const duplicate = this.#outcomes[job.item] !== undefined;
    this.#outcomes[job.item] = duplicate
      ? { ok: false, error: { name: 'DuplicateReport', code: 'DUPLICATE_REPORT', message: `report ${job.item} was generated more than once` } }
      : outcome;
  }

  /** One outcome per report, in item order; a report never generated is a failure. */
  outcomes(): Outcome<ReportResult>[] {
    return this.#outcomes.map(
      (outcome, item) =>
        outcome ?? { ok: false, error: { name: 'MissingReport', code: 'MISSING_REPORT', message: `report ${item} was never generated` } },
    );
  }

  /** Runs an external stage: marked running while it waits its seconds, then recorded as an event. */
  async #external(stage: 'collect' | 'import', batch: number, lane: string, seconds: number): Promise<void> {
    this.#running.add(stage);
    const start = this.#now();
    try {
      await sleep(seconds * 1000);
    } finally {
      this.#running.delete(stage);
    }
    this.#event(stage, batch, lane, start);
  }

  #now(): number {
    return (epochMs() - this.#startEpochMs) / 1000;
  }

  #event(stage: string, item: number, lane: string, start: number): void {
    this.record.events.push({ stage, item, lane, start, end: this.#now() });
  }
}

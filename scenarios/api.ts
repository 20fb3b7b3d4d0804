/** The `api` scenario: document 002's collect, import and report workflow under one arrangement. */
import { createHash } from 'node:crypto';
import type { Outcome } from '../strategies/executor.js';
import { idealTime, usableWorkers } from './api/bound.js';
import { Pipeline, REPORT_TASK, type PipelineRecord } from './api/pipeline.js';
import { arrangements } from './api/variants.js';
import {
  apiParams,
  checkCpuModel,
  checkTimeScale,
  checkVariant,
  DEFAULT_TIME_SCALE,
  ENDPOINTS,
  INTERVALS,
  REPORTS,
  stageSeconds,
  VARIANTS,
  type ApiParams,
} from './api/workflow.js';
import type { Scenario, ScenarioFacts } from './scenario.js';
import type { ReportResult } from './tasks/report.js';

interface Prepared {
  readonly params: ApiParams;
  /** What the last run recorded: its stage events and the pools and stop signals it used. */
  record: PipelineRecord | undefined;
}

function workflowFacts(params: ApiParams): ScenarioFacts {
  const seconds = stageSeconds(params.timeScale);
  return {
    items: REPORTS,
    variant: params.variant,
    cpuModel: params.cpuModel,
    timeScale: params.timeScale,
    endpoints: ENDPOINTS.join(', '),
    intervals: INTERVALS.join(', '),
    collectSeconds: seconds.collect,
    importSeconds: seconds.import,
    reportSeconds: seconds.report.join(', '),
  };
}

/**
 * Document 002: collect from a rate-limited API (one call at a time), a serialised import, then
 * CPU-bound reports on the executor. Its nine reports are its items; `--variant` picks the
 * arrangement (a list makes one row per arrangement: document 002's whole table in one run).
 */
export const api: Scenario<Prepared> = {
  name: 'api',
  summary: "document 002's workflow: rate-limited collect, serialised import, CPU-bound reports on the executor",
  items: { normal: REPORTS, quick: REPORTS, full: REPORTS },
  focus: ['efficiency'],
  scalesWithItems: false,
  flags: [
    {
      name: 'variant',
      description: `api: the arrangement (a list makes one row per value): ${VARIANTS.join(', ')} (best = each strategy's own)`,
      defaultValue: 'best',
      check: checkVariant,
      sweep: true,
      keepsOutputs: true,
    },
    { name: 'cpu-model', description: 'api: reports burn CPU (spin) or wait as the article did (sleep)', defaultValue: 'spin', check: checkCpuModel },
    {
      name: 'time-scale',
      description: 'api: multiplies every duration; 1 is the article\'s 70.2 s sequential run',
      defaultValue: String(DEFAULT_TIME_SCALE),
      check: checkTimeScale,
    },
  ],

  async setup(options) {
    return workflowFacts(apiParams(options.params));
  },

  async prepare(options) {
    return { params: apiParams(options.params), record: undefined };
  },

  tasks: () => [REPORT_TASK],

  async run(executor, prepared, _options, context) {
    const pipeline = new Pipeline(prepared.params, stageSeconds(prepared.params.timeScale));
    prepared.record = pipeline.record;
    const slots = context.shape.workers * context.shape.concurrency;
    await arrangements[prepared.params.variant](pipeline, { executor, slots, createExecutor: context.createExecutor });
    return pipeline.outcomes();
  },

  async digest(_prepared, outcomes) {
    return outcomes.map((outcome) =>
      outcome.ok ? createHash('sha256').update((outcome.value as ReportResult).content).digest('hex') : null,
    );
  },

  counters(outcomes: readonly Outcome[], prepared) {
    const record = prepared.record;
    return {
      reports: outcomes.filter((outcome) => outcome.ok).length,
      poolsCreated: record?.poolsCreated ?? 0,
      poolStartupSeconds: record?.poolStartupSeconds ?? 0,
      poolShutdownSeconds: record?.poolShutdownSeconds ?? 0,
      stopSignals: record?.stopSignals ?? 0,
    };
  },

  bound(prepared, _outcomes, shape) {
    const { cpuModel, timeScale } = prepared.params;
    return idealTime(stageSeconds(timeScale), ENDPOINTS.length, usableWorkers(cpuModel, shape)).seconds;
  },

  events(prepared) {
    return prepared.record?.events ?? [];
  },

  async facts(prepared) {
    return workflowFacts(prepared.params);
  },

  async cleanup() {},
};

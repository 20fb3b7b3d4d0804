/** The report stage of the `api` scenario: CPU-bound work, one report per endpoint and interval. */
import { setTimeout as sleep } from 'node:timers/promises';
import { threadId } from 'node:worker_threads';
import { spinFor } from './thread-cpu.js';

/** How a report spends its duration: burning the thread's CPU, or waiting as the article's simulation did. */
export type CpuModel = 'spin' | 'sleep';

/** One report to generate: an endpoint's imported table at one interval. */
export interface ReportJob {
  /** Index of the report among all of the run's reports (batch x intervals + interval index). */
  readonly item: number;
  readonly endpoint: string;
  readonly interval: number;
  /** What the import stage attached: the table the report is computed from. */
  readonly table: string;
  /** Single-core seconds the report takes. */
  readonly seconds: number;
  readonly cpuModel: CpuModel;
}

/** A generated report and where and when it was generated. */
export interface ReportResult {
  readonly item: number;
  readonly content: string;
  /** Start and end as epoch milliseconds (`performance.timeOrigin + performance.now()`), comparable across processes. */
  readonly startEpochMs: number;
  readonly endEpochMs: number;
  readonly pid: number;
  /** 0 on a process's main thread. */
  readonly threadId: number;
}

const epochMs = (): number => performance.timeOrigin + performance.now();

/** What a report says: the same for every strategy and arrangement, so outputs can be compared. */
export function reportContent(endpoint: string, interval: number, table: string): string {
  return `report [${endpoint}, ${interval}] from ${table}: done`;
}

/** Generates one report: spends its seconds as its CPU model says, then says who ran it and when. */
export async function generateReport(job: ReportJob): Promise<ReportResult> {
  const startEpochMs = epochMs();
  if (job.cpuModel === 'spin') spinFor(job.seconds);
  else await sleep(job.seconds * 1000);
  return {
    item: job.item,
    content: reportContent(job.endpoint, job.interval, job.table),
    startEpochMs,
    endEpochMs: epochMs(),
    pid: process.pid,
    threadId,
  };
}

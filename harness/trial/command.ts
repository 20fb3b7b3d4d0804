import { failedReport, runTrial, type TrialSpec } from './run-trial.js';
import { bytes, duration } from '../report/format.js';
import type { TrialMessage, TrialReport } from './report.js';

/** Sends the report to the harness and waits until it is written, so it cannot be lost on exit. */
function sendToHarness(report: TrialReport): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined) return resolve();
    process.send({ type: 'report', report } satisfies TrialMessage, undefined, {}, () => {
      process.disconnect();
      resolve();
    });
  });
}

function describe(spec: TrialSpec, report: TrialReport): string {
  const cpu = (user: number, sys: number): string => `user ${duration(user)}, sys ${duration(sys)}`;
  return [
    `trial: ${spec.scenario} under ${spec.strategy} (workers ${spec.workers}, concurrency ${spec.concurrency}), ${report.items} items`,
    `  boot ${duration(report.bootSeconds)}, prepare ${duration(report.prepareSeconds)}, start-up ${duration(report.startupSeconds)}`,
    `  work ${duration(report.workSeconds)} (${cpu(report.workUserSeconds, report.workSysSeconds)}), shutdown ${duration(report.shutdownSeconds)}`,
    `  this process ${cpu(report.processUserSeconds, report.processSysSeconds)}; worker processes ${cpu(report.childUserSeconds, report.childSysSeconds)}`,
    `  peak RSS of this process ${bytes(report.maxRssKiB * 1024)}; counters ${JSON.stringify(report.counters)}`,
    ...threadLines(report),
    ...report.failures.map((f) => `  FAILED ${f.message}`),
  ].join('\n');
}

/** `parabench trial`: one trial in this process, reported to a person or to the harness. */
export async function runTrialCommand(spec: TrialSpec, toHarness: boolean): Promise<number> {
  let report: TrialReport;
  try {
    // The window marks let the harness sample the tree faster while the work runs.
    const mark = (phase: 'start' | 'end'): void => void process.send?.({ type: 'window', phase } satisfies TrialMessage);
    report = await runTrial(spec, toHarness ? mark : undefined);
  } catch (error) {
    report = failedReport(error);
  }
  if (toHarness) {
    await sendToHarness(report);
    // The report is out: a task left running or a pool that never let go must not keep the trial alive.
    setTimeout(() => process.exit(report.status === 'ok' ? 0 : 1), 1000).unref();
  }
  else if (report.status === 'error') console.error(`parabench trial: ${report.error ?? 'failed'}`);
  else console.log(describe(spec, report));
  // For the harness, failed items are data in the report, not a failed trial; a person gets exit 1.
  if (toHarness) return report.status === 'ok' ? 0 : 1;
  return report.status === 'ok' && report.failures.length === 0 ? 0 : 1;
}

/** Cores by thread kind over the work window, and each JavaScript thread's GC and event loop. */
function threadLines(report: TrialReport): string[] {
  const threads = report.threads;
  if (threads === undefined) return [];
  if (!threads.available) return [`  CPU by thread kind: not available (${threads.reason})`];
  const window = Math.max(threads.windowSeconds, 1e-9);
  const kinds = Object.entries(threads.kinds)
    .map(([kind, k]) => `${kind} ${(k.cpuSeconds / window).toFixed(2)} (${k.threads} threads, waited ${duration(k.waitSeconds)}, ${k.voluntarySwitches} voluntary / ${k.involuntarySwitches} involuntary switches)`)
    .join('; ');
  const js = (report.jsThreads ?? [])
    .map((j) => `${j.role} ${j.tid ?? j.pid}: GC ${j.gcCount} x, ${duration(j.gcPauseSeconds)}, event loop ${(j.eventLoopUtilisation * 100).toFixed(0)}%`)
    .join('; ');
  return [`  cores in the work window by thread kind: ${kinds}`, `  JavaScript threads: ${js}`];
}

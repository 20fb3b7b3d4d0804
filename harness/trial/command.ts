import { failedReport, runTrial, type TrialSpec } from './run-trial.js';
import { bytes, duration } from '../report/format.js';
import type { TrialReport } from './report.js';

/** Sends the report to the harness and waits until it is written, so it cannot be lost on exit. */
function sendToHarness(report: TrialReport): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined) return resolve();
    process.send(report, undefined, {}, () => {
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
    ...report.failures.map((f) => `  FAILED ${f.message}`),
  ].join('\n');
}

/** `parabench trial`: one trial in this process, reported to a person or to the harness. */
export async function runTrialCommand(spec: TrialSpec, toHarness: boolean): Promise<number> {
  let report: TrialReport;
  try {
    report = await runTrial(spec);
  } catch (error) {
    report = failedReport(error);
  }
  if (toHarness) await sendToHarness(report);
  else if (report.status === 'error') console.error(`parabench trial: ${report.error ?? 'failed'}`);
  else console.log(describe(spec, report));
  // For the harness, failed items are data in the report, not a failed trial; a person gets exit 1.
  if (toHarness) return report.status === 'ok' ? 0 : 1;
  return report.status === 'ok' && report.failures.length === 0 ? 0 : 1;
}

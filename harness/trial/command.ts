/** `parabench trial`: one trial in this process, its report sent to the harness or shown to a person. */
import { failedReport, runTrial, type TrialSpec } from './run-trial.js';
import type { TrialMessage, TrialReport } from './report.js';
import { terminalText } from '../safe-text.js';

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

/** Turns a report into text for a person; injected by the CLI, so this stage imports no renderer. */
export type DescribeTrial = (spec: TrialSpec, report: TrialReport) => string;

/** `parabench trial`: one trial in this process, reported to a person or to the harness. */
export async function runTrialCommand(spec: TrialSpec, toHarness: boolean, describe: DescribeTrial): Promise<number> {
  let report: TrialReport;
  try {
    // The window marks let the harness sample the tree faster while the work runs.
    const mark = (phase: 'start' | 'end'): void => void process.send?.({ type: 'window', phase } satisfies TrialMessage);
    report = await runTrial(spec, toHarness ? mark : undefined);
  } catch (error) {
    report = failedReport(error);
  }
  // Once the report is out, the CLI ends the process: a task left running or a pool that never let go must not keep the trial alive.
  if (toHarness) await sendToHarness(report);
  else if (report.status === 'error') console.error(`parabench trial: ${terminalText(report.error ?? 'failed')}`);
  else console.log(describe(spec, report));
  // For the harness, failed items are data in the report, not a failed trial; a person gets exit 1.
  if (toHarness) return report.status === 'ok' ? 0 : 1;
  return report.status === 'ok' && report.failures.length === 0 ? 0 : 1;
}

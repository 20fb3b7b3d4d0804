/** Document 001's reading of its results: each kind of work's task timelines, and the cores each approach kept busy. */
import { renderTimeline, typicalTrial } from '../../report/timeline.js';
import { APPROACHES, KINDS, type Kind } from '../../../scenarios/documents/doc-001-threads-vs-processes.js';
import { coresBusy, findRow, isCompleted } from '../measured.js';
import type { DocumentReading, ExperimentResults, ReportSection } from '../reading.js';

function timelines(results: ExperimentResults, kind: Kind): ReportSection {
  const lines = [`One lane per thread or process (\`pid N\`, \`pid N thread M\`); several rows for a lane where its tasks overlap (tasks in flight at once). Each row's typical trial.`, ''];
  for (const approach of APPROACHES) {
    const row = findRow(results, { experiment: kind.id, rowKey: approach.rowKey })?.row;
    const trial = row === undefined ? undefined : typicalTrial(row);
    if (row === undefined || trial === undefined) {
      lines.push(`${approach.label}: no task events recorded.`, '');
      continue;
    }
    lines.push(`${approach.label} (${row.label}, work window ${(trial.workSeconds ?? 0).toFixed(3)} s):`, '', '```', ...renderTimeline(trial.events, trial.workSeconds === null ? { width: 60 } : { width: 60, totalSeconds: trial.workSeconds }), '```', '');
  }
  return { title: `${kind.title}: each task's start and stop`, lines };
}

function explainKind(results: ExperimentResults, kind: Kind): string | undefined {
  const busy = (rowKey: string) => {
    const row = findRow(results, { experiment: kind.id, rowKey })?.row;
    return isCompleted(row) ? { label: row.label, busy: coresBusy(row.summary), real: row.summary.realSeconds.median } : undefined;
  };
  const serial = busy('sequential');
  const loop = busy('promise/c4');
  const threads = busy('worker-threads/w4');
  const processes = busy('child-process/w4');
  if (serial === undefined || loop === undefined || threads === undefined || processes === undefined) return undefined;
  const speed = (x: { real: number }) => (serial.real / x.real).toFixed(2);
  return `${kind.title}: serial kept ${serial.busy.toFixed(2)} cores busy; 4 in flight on the one event loop ${loop.busy.toFixed(2)} (${speed(loop)}x serial's speed); 4 worker threads ${threads.busy.toFixed(2)} (${speed(threads)}x); 4 processes ${processes.busy.toFixed(2)} (${speed(processes)}x).`;
}

/** Document 001's reading: one timeline section per kind of work, one explained line per kind. */
export function threadsVsProcessesReading(): DocumentReading {
  return {
    sections: (results) => KINDS.map((kind) => timelines(results, kind)),
    explain: (results) => KINDS.map((kind) => explainKind(results, kind)).filter((line): line is string => line !== undefined),
  };
}

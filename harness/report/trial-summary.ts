/** What `parabench trial` prints for a person: one trial's own figures. */
import { instrument as threadsInstrument, jsThreadsOf, threadAccountOf } from '../instruments/threads.js';
import type { TrialReport } from '../trial/report.js';
import type { TrialSpec } from '../trial/run-trial.js';
import { bytes, duration } from './format.js';
import { oneLine, terminalText } from '../safe-text.js';
import { readingSpanSeconds } from '../measure/thread-account.js';

/** The trial's stages, CPU and memory, and any failed items, in a few lines. */
export function describeTrial(spec: TrialSpec, report: TrialReport): string {
  const cpu = (user: number, sys: number): string => `user ${duration(user)}, sys ${duration(sys)}`;
  return [
    `trial: ${terminalText(spec.scenario)} under ${terminalText(spec.strategy)} (workers ${spec.workers}, concurrency ${spec.concurrency}), ${report.items} items${spec.firstItem === undefined || spec.firstItem === 0 ? '' : ` from item ${spec.firstItem}`}`,
    `  boot ${duration(report.bootSeconds)}, prepare ${duration(report.prepareSeconds)}, start-up ${duration(report.startupSeconds)}`,
    `  work ${duration(report.workSeconds)} (${cpu(report.workUserSeconds, report.workSysSeconds)}), shutdown ${duration(report.shutdownSeconds)}`,
    `  this process ${cpu(report.processUserSeconds, report.processSysSeconds)}; worker processes ${cpu(report.childUserSeconds, report.childSysSeconds)}`,
    `  peak RSS of this process ${bytes(report.maxRssKiB * 1024)}; counters ${JSON.stringify(report.counters)}`,
    ...threadLines(report),
    ...Object.entries(report.instruments ?? {}).filter(([name]) => name !== threadsInstrument.name).map(([name, slot]) => `  instrument ${terminalText(name)}: ${'error' in slot ? `no reading (${oneLine(slot.error)})` : terminalText(JSON.stringify(slot.reading))}`),
    ...report.failures.map((f) => `  FAILED ${oneLine(f.message)}`),
  ].join('\n');
}

/** Cores by thread kind over the work window, and each JavaScript thread's GC and event loop. */
function threadLines(report: TrialReport): string[] {
  const threads = threadAccountOf(report);
  if (threads === null) return [];
  if (!threads.available) return [`  CPU by thread kind: not available (${threads.reason})`];
  // Over the span the readings cover (the window and the readings around it), so a share never exceeds the cores.
  const window = Math.max(readingSpanSeconds(threads), 1e-9);
  const kinds = Object.entries(threads.kinds)
    .map(([kind, k]) => `${kind} ${(k.cpuSeconds / window).toFixed(2)} (${k.threads} threads, waited ${duration(k.waitSeconds)}, ${k.voluntarySwitches} voluntary / ${k.involuntarySwitches} involuntary switches)`)
    .join('; ');
  const js = jsThreadsOf(report)
    .map((j) => `${j.role} ${j.tid ?? j.pid}: GC ${j.gcCount} x, ${duration(j.gcPauseSeconds)}, event loop ${(j.eventLoopUtilisation * 100).toFixed(0)}%`)
    .join('; ');
  return [`  cores in the work window by thread kind: ${kinds}`, `  JavaScript threads: ${js}`];
}

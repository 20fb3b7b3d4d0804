/** What `parabench trial` prints for a person: one trial's own figures. */
import type { TrialReport } from '../trial/report.js';
import type { TrialSpec } from '../trial/run-trial.js';
import { seconds } from './format.js';

/** The trial's stages, CPU and memory, and any failed items, in a few lines. */
export function describeTrial(spec: TrialSpec, report: TrialReport): string {
  const cpu = (user: number, sys: number): string => `user ${seconds(user)}, sys ${seconds(sys)}`;
  return [
    `trial: ${spec.scenario} under ${spec.strategy} (workers ${spec.workers}, concurrency ${spec.concurrency}), ${report.items} items`,
    `  boot ${seconds(report.bootSeconds)}, prepare ${seconds(report.prepareSeconds)}, start-up ${seconds(report.startupSeconds)}`,
    `  work ${seconds(report.workSeconds)} (${cpu(report.workUserSeconds, report.workSysSeconds)}), shutdown ${seconds(report.shutdownSeconds)}`,
    `  this process ${cpu(report.processUserSeconds, report.processSysSeconds)}; worker processes ${cpu(report.childUserSeconds, report.childSysSeconds)}`,
    `  peak RSS of this process ${(report.maxRssKiB / 1024).toFixed(0)} MiB; counters ${JSON.stringify(report.counters)}`,
    ...threadLines(report),
    ...report.failures.map((f) => `  FAILED ${f.message}`),
  ].join('\n');
}

/** Cores by thread kind over the work window, and each JavaScript thread's GC and event loop. */
function threadLines(report: TrialReport): string[] {
  const threads = report.threads;
  if (threads === undefined) return [];
  if (!threads.available) return [`  CPU by thread kind: not available (${threads.reason})`];
  const window = Math.max(threads.windowSeconds, 1e-9);
  const kinds = Object.entries(threads.kinds)
    .map(([kind, k]) => `${kind} ${(k.cpuSeconds / window).toFixed(2)} (${k.threads} threads, waited ${seconds(k.waitSeconds)}, ${k.voluntarySwitches} voluntary / ${k.involuntarySwitches} involuntary switches)`)
    .join('; ');
  const js = (report.jsThreads ?? [])
    .map((j) => `${j.role} ${j.tid ?? j.pid}: GC ${j.gcCount} x, ${seconds(j.gcPauseSeconds)}, event loop ${(j.eventLoopUtilisation * 100).toFixed(0)}%`)
    .join('; ');
  return [`  cores in the work window by thread kind: ${kinds}`, `  JavaScript threads: ${js}`];
}

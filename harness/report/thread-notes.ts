/** Notes read off the measured threads: where each row's CPU went, GC, event loops, off-CPU time, foreign load. */
import { threadAccountOf } from '../instruments/threads.js';
import { foreignLoadOf } from '../instruments/foreign-load.js';
import { countedTrials } from '../results/counted-trials.js';
import type { Row } from '../results/records.js';
import { DEFAULT_FOREIGN_LOAD_WARN_CORES, foreignLoad, isSingleJs, kindName, SHOWN_CORES, threadProfile, type KindProfile, type ThreadProfile } from '../analysis/thread-profile.js';
import type { ThreadKind } from '../measure/thread-kinds.js';

/** A GC share of the window worth naming. */
const GC_SHARE = 0.02;

const cores = (n: number): string => n.toFixed(2);
const pct = (n: number): string => `${(n * 100).toFixed(0)}%`;

/** "promise c2 kept 1.49 cores busy in its work window: JavaScript thread 0.31, libuv pool 1.12, V8 helpers 0.06" and what follows from it. */
export function whereTheCpuWent(row: Row, profile: ThreadProfile): string {
  const parts = (Object.entries(profile.kinds) as [ThreadKind, KindProfile][])
    .filter(([, k]) => k.cores >= SHOWN_CORES)
    .map(([kind, k]) => `${kindName(kind, profile)} ${cores(k.cores)}`);
  const single = isSingleJs(profile);
  let text = `${row.label} kept ${cores(profile.totalCores)} cores busy in its work window${single ? ' with one JavaScript thread' : ''}: ${parts.join(', ') || 'none measurable'}`;
  const v8 = profile.kinds['v8-helpers']?.cores ?? 0;
  if (single && v8 >= 0.05 && v8 >= profile.totalCores * 0.1) {
    text += `; ${cores(v8)} of it was V8's helper threads (garbage collection, compilation)${profile.totalCores > 1 ? ', which is why user > real even without parallelism' : ''}`;
  }
  const offJs = (['libuv-pool', 'native'] as const).reduce((sum, kind) => sum + (profile.kinds[kind]?.cores ?? 0), 0);
  if (single && offJs >= 0.2) text += `; ${cores(offJs)} ran in native code off the JavaScript thread`;
  if (profile.mainGc.share >= GC_SHARE) {
    text += `; the main thread paused ${(profile.mainGc.pauseSeconds * 1000).toFixed(0)} ms for GC in ${profile.mainGc.count.toFixed(0)} collections (${pct(profile.mainGc.share)} of the window)`;
  }
  if (profile.poolGcPauseSeconds > 0.001) text += `; its workers paused ${(profile.poolGcPauseSeconds * 1000).toFixed(0)} ms for GC in all`;
  const main = profile.eventLoop.main;
  if (single && main !== undefined && main < 0.5 && profile.totalCores < 0.5) {
    text += `; its event loop was idle ${pct(1 - main)} of the window, so the work mostly waited rather than computed`;
  }
  return `${text}.`;
}

/** Where the working threads spent the window: on a core, waiting for one, or blocked of their own accord. */
export function offCpuNote(row: Row, profile: ThreadProfile): string | undefined {
  const working = (['worker-js', 'child-js', 'libuv-pool', 'native'] as const).filter((kind) => (profile.kinds[kind]?.cores ?? 0) >= 0.05);
  if (working.length === 0 || isSingleJs(profile) && working.every((kind) => kind === 'libuv-pool')) return undefined;
  const parts = working.map((kind) => {
    const k = profile.kinds[kind] as KindProfile;
    return (
      `${kindName(kind, profile)} (${Math.round(k.threads)}) on a core ${pct(k.onCpuShare)}, waiting for a core ${pct(k.runQueueShare)}, ` +
      `blocked ${pct(k.blockedShare)} (${k.voluntaryPerSecond.toFixed(0)} voluntary, ${k.involuntaryPerSecond.toFixed(0)} involuntary switches/s)`
    );
  });
  return `${row.label}, time of its working threads in the window: ${parts.join('; ')}.`;
}

/**
 * Thread rows against process rows, when a run has both: how much of the window their JavaScript
 * threads spent blocked or waiting for a core. Says why threads lag processes, or that they do not.
 */
export function threadsAgainstProcesses(rows: readonly Row[]): string | undefined {
  const share = (kind: 'worker-js' | 'child-js') => {
    const profiles = rows.flatMap((row) => {
      const p = row.state === 'completed' ? threadProfile(row) : undefined;
      const k = p?.kinds[kind];
      return k === undefined || k.cores < SHOWN_CORES || row.state !== 'completed' ? [] : [{ k, speed: row.summary.speedup?.work.value }];
    });
    if (profiles.length === 0) return undefined;
    const mean = (pick: (k: KindProfile) => number): number => profiles.reduce((sum, p) => sum + pick(p.k), 0) / profiles.length;
    return { rows: profiles.length, onCpu: mean((k) => k.onCpuShare), runQueue: mean((k) => k.runQueueShare), blocked: mean((k) => k.blockedShare), voluntary: mean((k) => k.voluntaryPerSecond) };
  };
  const threads = share('worker-js');
  const processes = share('child-js');
  if (threads === undefined || processes === undefined) return undefined;
  const verdict =
    threads.blocked > processes.blocked + 0.05
      ? 'the worker threads were blocked more (waiting on locks or on work from other threads of their process), not computing'
      : threads.runQueue > processes.runQueue + 0.05
        ? 'the worker threads waited longer for a core: more threads of one process competed for the same cores'
        : 'their JavaScript threads spent the window alike, so the difference lies elsewhere (see the helper threads above)';
  return (
    `Worker threads against child processes (mean over ${threads.rows} thread and ${processes.rows} process row(s)): JavaScript threads on a core ` +
    `${pct(threads.onCpu)} vs ${pct(processes.onCpu)}, waiting for a core ${pct(threads.runQueue)} vs ${pct(processes.runQueue)}, blocked ` +
    `${pct(threads.blocked)} vs ${pct(processes.blocked)} (${threads.voluntary.toFixed(0)} vs ${processes.voluntary.toFixed(0)} voluntary switches/s): ${verdict}.`
  );
}

/** A row whose trials saw more than `thresholdCores` of other processes' CPU: its figures are unreliable. */
export function foreignLoadWarning(row: Row, thresholdCores = DEFAULT_FOREIGN_LOAD_WARN_CORES): string | undefined {
  const load = foreignLoad(row);
  if (load === null || load.max <= thresholdCores) return undefined;
  const hit = countedTrials(row).filter((t) => (foreignLoadOf(t) ?? 0) > thresholdCores).length;
  return (
    `WARNING: foreign load: other processes kept up to ${cores(load.max)} cores busy (median ${cores(load.median)}) while ${row.label} ran ` +
    `(${hit} of ${countedTrials(row).length} measured trials above ${cores(thresholdCores)}); its times and its verdict are unreliable.`
  );
}

/** The foreign-load warning of each row whose trials saw more than the threshold. */
export function foreignLoadNotes(rows: readonly Row[], foreignLoadWarnCores = DEFAULT_FOREIGN_LOAD_WARN_CORES): string[] {
  return rows.flatMap((row) => {
    const warning = row.state === 'completed' ? foreignLoadWarning(row, foreignLoadWarnCores) : undefined;
    return warning === undefined ? [] : [warning];
  });
}

/** Where each row's CPU went and how its threads spent the window; rows without per-thread figures say why once. */
export function rowThreadNotes(rows: readonly Row[]): string[] {
  const notes: string[] = [];
  let missing: string | undefined;
  for (const row of rows) {
    if (row.state !== 'completed') continue;
    const profile = threadProfile(row);
    if (profile === undefined) {
      const unavailable = countedTrials(row).map(threadAccountOf).find((threads) => threads?.available === false);
      missing ??= unavailable?.available === false ? unavailable.reason : undefined;
      continue;
    }
    notes.push(whereTheCpuWent(row, profile));
    const off = offCpuNote(row, profile);
    if (off !== undefined) notes.push(off);
  }
  if (missing !== undefined) notes.push(`CPU by thread kind: not available (${missing}).`);
  return notes;
}

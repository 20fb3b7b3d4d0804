/** A row's measured threads in one view: cores busy, waiting and switches per thread kind, GC, event loops, foreign load. */
import { foreignLoadOf } from '../instruments/foreign-load.js';
import { median as ssMedian } from 'simple-statistics';
import { THREAD_KINDS, type ThreadKind } from '../measure/thread-kinds.js';
import { readingSpanSeconds, type KindAccount, type ThreadAccount } from '../measure/thread-account.js';
import { jsThreadsOf, threadAccountOf, type JsThreadWindow } from '../instruments/threads.js';
import { countedTrials } from '../results/counted-trials.js';
import type { Row } from '../results/records.js';

/** One kind over the work window, medians over the measured trials. */
export interface KindProfile {
  readonly threads: number;
  /** Cores kept busy: CPU seconds over the window's seconds. */
  readonly cores: number;
  /** Share of the kind's thread-time on a CPU, waiting in the run queue for one, and blocked of its own accord. */
  readonly onCpuShare: number;
  readonly runQueueShare: number;
  readonly blockedShare: number;
  /** Context switches per second of window, summed over the kind's threads. */
  readonly voluntaryPerSecond: number;
  readonly involuntaryPerSecond: number;
  /** Share of the kind's CPU spent in the kernel: sys over user plus sys (clock ticks). */
  readonly kernelShare: number;
  /** Minor page faults per item of the trial, summed over the kind's threads; undefined where a trial did not record them. */
  readonly minorFaultsPerItem: number | undefined;
}

/** What a row's threads did, medians over its measured trials; null parts were not measured. */
export interface ThreadProfile {
  readonly trials: number;
  readonly method: string;
  readonly totalCores: number;
  readonly kinds: Readonly<Partial<Record<ThreadKind, KindProfile>>>;
  readonly nativeNames: readonly string[];
  /** JavaScript threads of the row: main, workers, children (by the largest count seen). */
  readonly jsThreads: number;
  /** Main-thread GC: pause seconds per trial and its share of the window. */
  readonly mainGc: { readonly pauseSeconds: number; readonly count: number; readonly share: number };
  /** GC pause seconds of worker and child JavaScript threads, summed per trial. */
  readonly poolGcPauseSeconds: number;
  /** Event-loop utilisation over the window, by role (mean over that role's threads), medians over trials. */
  readonly eventLoop: Readonly<Partial<Record<'main' | 'worker' | 'child', number>>>;
}

/** The median, 0 for no values (a kind no trial saw). */
const median = (values: readonly number[]): number => (values.length === 0 ? 0 : ssMedian([...values]));

function kindOfTrial(account: KindAccount, windowSeconds: number): Omit<KindProfile, 'minorFaultsPerItem'> {
  const threadSeconds = account.threads * windowSeconds;
  const blocked = Math.max(0, threadSeconds - account.cpuSeconds - account.waitSeconds);
  return {
    threads: account.threads,
    cores: account.cpuSeconds / windowSeconds,
    onCpuShare: threadSeconds > 0 ? account.cpuSeconds / threadSeconds : 0,
    runQueueShare: threadSeconds > 0 ? account.waitSeconds / threadSeconds : 0,
    blockedShare: threadSeconds > 0 ? blocked / threadSeconds : 0,
    voluntaryPerSecond: account.voluntarySwitches / windowSeconds,
    involuntaryPerSecond: account.involuntarySwitches / windowSeconds,
    kernelShare: account.userSeconds + account.sysSeconds > 0 ? account.sysSeconds / (account.userSeconds + account.sysSeconds) : 0,
  };
}

const FIELDS = ['threads', 'cores', 'onCpuShare', 'runQueueShare', 'blockedShare', 'voluntaryPerSecond', 'involuntaryPerSecond', 'kernelShare'] as const;

/**
 * The share of the threads' reading span the work window must fill for their figures to describe
 * the work: below it they mostly describe the readings themselves (a 0.54 ms window read as 9.92
 * cores busy on 2 cores, dividing the CPU of the span by the window).
 */
export const MIN_WINDOW_SHARE_OF_SPAN = 0.5;

/** A counted trial as the profile reads it: its items and its threads instrument's reading. */
interface ThreadedTrial {
  readonly items: number | null;
  readonly threads: ThreadAccount | null;
  readonly jsThreads: readonly JsThreadWindow[];
}
type ProfiledTrial = ThreadedTrial & { readonly threads: Extract<ThreadAccount, { available: true }> };

const spanOf = (t: ProfiledTrial): number => readingSpanSeconds(t.threads);

/** The row's counted trials with their threads' readings (the threads instrument's slot, or an older file's fields). */
const threadedTrials = (row: Row): ThreadedTrial[] => countedTrials(row).map((t) => ({ items: t.items, threads: threadAccountOf(t), jsThreads: jsThreadsOf(t) }));

/** True when a trial's thread figures describe its work: per-thread accounting ran and the window filled most of its span. */
function profiled(t: ThreadedTrial): t is ProfiledTrial {
  if (t.threads?.available !== true || !(t.threads.windowSeconds > 0)) return false;
  return t.threads.windowSeconds >= MIN_WINDOW_SHARE_OF_SPAN * readingSpanSeconds(t.threads);
}

/**
 * The row's profile, or undefined when none of its measured trials has per-thread figures that
 * describe its work (not recorded, or a window too short beside the readings around it).
 */
export function threadProfile(row: Row): ThreadProfile | undefined {
  const trials = threadedTrials(row).filter(profiled);
  if (trials.length === 0) return undefined;
  const kinds: Partial<Record<ThreadKind, KindProfile>> = {};
  for (const kind of THREAD_KINDS) {
    const per = trials.flatMap((t) => {
      const account = t.threads.kinds[kind];
      return account === undefined ? [] : [kindOfTrial(account, spanOf(t))];
    });
    if (per.length === 0) continue;
    const faults = trials.flatMap((t) => {
      const account = t.threads.kinds[kind];
      return account?.minorFaults === undefined || t.items === null || t.items <= 0 ? [] : [account.minorFaults / t.items];
    });
    kinds[kind] = {
      ...(Object.fromEntries(FIELDS.map((field) => [field, median(per.map((p) => p[field]))])) as unknown as Omit<KindProfile, 'minorFaultsPerItem'>),
      // Only when every trial recorded them: a median over some trials would not be the row's.
      minorFaultsPerItem: faults.length === per.length ? median(faults) : undefined,
    };
  }
  const gcOf = (t: ThreadedTrial, role: 'main' | 'worker' | 'child'): number => t.jsThreads.filter((j) => j.role === role).reduce((sum, j) => sum + j.gcPauseSeconds, 0);
  const eluOf = (role: 'main' | 'worker' | 'child'): number | undefined => {
    const per = trials.flatMap((t) => {
      const mine = t.jsThreads.filter((j) => j.role === role);
      return mine.length === 0 ? [] : [mine.reduce((sum, j) => sum + j.eventLoopUtilisation, 0) / mine.length];
    });
    return per.length === 0 ? undefined : median(per);
  };
  const eventLoop: Partial<Record<'main' | 'worker' | 'child', number>> = {};
  for (const role of ['main', 'worker', 'child'] as const) {
    const value = eluOf(role);
    if (value !== undefined) eventLoop[role] = value;
  }
  return {
    trials: trials.length,
    method: trials[0]?.threads.method ?? '',
    totalCores: median(trials.map((t) => Object.values(t.threads.kinds).reduce((sum, k) => sum + (k?.cpuSeconds ?? 0), 0) / spanOf(t))),
    kinds,
    nativeNames: [...new Set(trials.flatMap((t) => t.threads.nativeNames))].sort(),
    jsThreads: Math.max(...trials.map((t) => t.jsThreads.length)),
    mainGc: {
      pauseSeconds: median(trials.map((t) => gcOf(t, 'main'))),
      count: median(trials.map((t) => t.jsThreads.filter((j) => j.role === 'main').reduce((sum, j) => sum + j.gcCount, 0))),
      share: median(trials.map((t) => gcOf(t, 'main') / t.threads.windowSeconds)),
    },
    poolGcPauseSeconds: median(trials.map((t) => gcOf(t, 'worker') + gcOf(t, 'child'))),
    eventLoop,
  };
}

/** Foreign load of a row's measured trials: the median and the largest, in cores; null when not measured. */
export function foreignLoad(row: Row): { readonly median: number; readonly max: number } | null {
  const values = countedTrials(row).flatMap((t) => {
    const cores = foreignLoadOf(t);
    return cores === null ? [] : [cores];
  });
  if (values.length === 0) return null;
  return { median: median(values), max: Math.max(...values) };
}

/** Default threshold of the foreign-load warning, in cores (`--foreign-load-warn`). */
export const DEFAULT_FOREIGN_LOAD_WARN_CORES = 0.25;

/** Kinds below this many cores are left out of a breakdown: too little to change a reading (module loading, timers). */
export const SHOWN_CORES = 0.03;

/** How a note names a kind in a given row. */
export function kindName(kind: ThreadKind, profile: ThreadProfile): string {
  const oneJs = isSingleJs(profile);
  switch (kind) {
    case 'main-js':
      return oneJs ? 'JavaScript thread' : (profile.kinds['main-js']?.threads ?? 1) > 1 ? 'main threads' : 'main thread';
    case 'worker-js':
      return 'worker threads';
    case 'child-js':
      return "child processes' JavaScript";
    case 'libuv-pool':
      return 'libuv pool';
    case 'v8-helpers':
      return 'V8 helpers';
    case 'native':
      return profile.nativeNames.length > 0 ? `${profile.nativeNames.join(', ')} threads` : 'native library threads';
    case 'other':
      return 'other threads';
  }
}

/** What a row's working JavaScript threads paid beyond computing: kernel share of their CPU, blocked share, minor faults. */
export interface JsIndicators {
  /** sys over user plus sys, weighted by each kind's CPU. */
  readonly kernelShare: number;
  /** Share of their thread-time blocked of their own accord, weighted by thread count. */
  readonly blockedShare: number;
  /** Minor page faults per item, summed over the kinds; undefined when not recorded. */
  readonly minorFaultsPerItem: number | undefined;
}

/**
 * The working JavaScript threads' indicators: worker and child JavaScript threads where they did
 * work, else the main threads (a sequential run, or a ceiling row's copies). Undefined when none.
 */
export function jsIndicators(profile: ThreadProfile): JsIndicators | undefined {
  const pool = (['worker-js', 'child-js'] as const).flatMap((kind) => {
    const k = profile.kinds[kind];
    return k === undefined || k.cores < SHOWN_CORES ? [] : [k];
  });
  const main = profile.kinds['main-js'];
  const use = pool.length > 0 ? pool : main === undefined ? [] : [main];
  const cores = use.reduce((sum, k) => sum + k.cores, 0);
  const threads = use.reduce((sum, k) => sum + k.threads, 0);
  if (use.length === 0 || cores <= 0 || threads <= 0) return undefined;
  return {
    kernelShare: use.reduce((sum, k) => sum + k.kernelShare * k.cores, 0) / cores,
    blockedShare: use.reduce((sum, k) => sum + k.blockedShare * k.threads, 0) / threads,
    minorFaultsPerItem: use.some((k) => k.minorFaultsPerItem === undefined) ? undefined : use.reduce((sum, k) => sum + (k.minorFaultsPerItem ?? 0), 0),
  };
}

/** True when the row's JavaScript ran on the main thread alone (no worker or child JavaScript did any work). */
export function isSingleJs(profile: ThreadProfile): boolean {
  const busy = (kind: ThreadKind): boolean => (profile.kinds[kind]?.cores ?? 0) >= SHOWN_CORES;
  // Several main threads are several trial processes side by side: the ceiling row's copies.
  return (profile.kinds['main-js']?.threads ?? 1) <= 1 && !busy('worker-js') && !busy('child-js');
}

/** A row's working JavaScript threads' indicators, or undefined where its threads were not measured. */
export function rowJsIndicators(row: Row): JsIndicators | undefined {
  const profile = threadProfile(row);
  return profile === undefined ? undefined : jsIndicators(profile);
}

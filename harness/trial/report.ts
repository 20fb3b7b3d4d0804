/** What a trial process sends the harness about itself: the report type and its pieces. */
import type { StageEvent } from '../../scenarios/scenario.js';
import type { MessageMeaning } from '../measure/process.js';
import type { InstrumentSlot } from './instrument-probes.js';
import type { SeenSettingFields } from '../settings/registry.js';

export type { JsThreadWindow } from '../instruments/threads.js';

/** The tree's peak resident memory and how it was obtained. */
export interface PeakMemory {
  readonly bytes: number;
  readonly method: string;
}

/** What a trial sends the harness: marks around the work window (for its sampler), then the report. */
export type TrialMessage =
  | { readonly type: 'window'; readonly phase: 'start' | 'end' }
  | { readonly type: 'report'; readonly report: TrialReport };

/** What a trial's message means to the harness's measurement: its report, or a window mark. */
export function readTrialMessage(message: unknown): MessageMeaning<TrialReport> {
  const m = message as Partial<TrialMessage> | null;
  if (m?.type === 'report' && m.report !== undefined) return { report: m.report };
  if (m?.type === 'window' && (m.phase === 'start' || m.phase === 'end')) return { window: m.phase };
  return undefined;
}

/** The trial's own CPU account, for systems where the kernel's cannot be read. */
export const selfReportedCpu = (r: TrialReport): { user: number; sys: number } => ({
  user: r.processUserSeconds + r.childUserSeconds,
  sys: r.processSysSeconds + r.childSysSeconds,
});

/** One item that failed inside a trial, with the reason the task or pool gave. */
export interface ItemFailure {
  readonly item: number;
  readonly code: string;
  readonly message: string;
}

/**
 * What a trial process reports about itself. Times are seconds; the work window's CPU is
 * this process (all threads) plus its child processes' own accounts sent over IPC.
 */
export interface TrialReport extends SeenSettingFields {
  readonly status: 'ok' | 'error';
  /** Why the trial could not run at all (the scenario or pool failed to start, say). */
  readonly error?: string;
  /** From process start to the first line of the trial: Node boot plus module loading. */
  readonly bootSeconds: number;
  readonly prepareSeconds: number;
  /** `executor.start()`: spawning and warming the pool. */
  readonly startupSeconds: number;
  /** The work window's wall time. */
  readonly workSeconds: number;
  readonly workUserSeconds: number;
  readonly workSysSeconds: number;
  readonly shutdownSeconds: number;
  /** Reading back and hashing the outputs, after the work window. */
  readonly digestSeconds: number;
  /** This process's own CPU from `process.resourceUsage()`, all threads, whole life so far. */
  readonly processUserSeconds: number;
  readonly processSysSeconds: number;
  /** CPU of worker processes, as each reported it when it stopped (zero for threads). */
  readonly childUserSeconds: number;
  readonly childSysSeconds: number;
  /** Peak resident set of this process alone, in KiB. */
  readonly maxRssKiB: number;
  readonly items: number;
  readonly failures: readonly ItemFailure[];
  readonly counters: Readonly<Record<string, number>>;
  /** The scenario's lower bound on the work window in seconds, where it computes one. */
  readonly boundSeconds: number | null;
  /** Stage executions, where the scenario records them. */
  readonly events: readonly StageEvent[];
  readonly facts: Readonly<Record<string, string | number | boolean>>;
  /** Sum of each process's own high-water mark; null off Linux. */
  readonly peakMemory?: PeakMemory | null;
  /** One sha256 per item of what it produced; null for a failed item. */
  readonly digests: readonly (string | null)[];
  /** Start and end of the work window in milliseconds since the Unix epoch, to line up trials run side by side. */
  readonly workWindowEpochMs?: readonly [number, number];
  /** The readings of the instruments asked for (`--instruments`), by name; absent when none was. */
  readonly instruments?: Readonly<Record<string, InstrumentSlot>>;
}

/** The CPU a trial says it and its worker processes used, whole life, in seconds: for `trial-self-report`. */
export function reportedCpu(report: TrialReport): { readonly userSeconds: number; readonly sysSeconds: number } {
  return {
    userSeconds: report.processUserSeconds + report.childUserSeconds,
    sysSeconds: report.processSysSeconds + report.childSysSeconds,
  };
}

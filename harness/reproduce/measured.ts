/** Reads parabench's measured figures out of bench results for a reproduction's tables and explanations. */
import { threadAccountOf } from '../instruments/threads.js';
import { median as ssMedian } from 'simple-statistics';
import type { Row, RowSummary, ScenarioResult } from '../results/records.js';
import type { Counterpart, Metric } from '../../scenarios/documents/document.js';
import type { ExperimentResults } from './reading.js';
import { countedTrials } from '../results/counted-trials.js';
import { readingSpanSeconds } from '../measure/thread-account.js';

/** A completed row with its statistics. */
export type CompletedRow = Extract<Row, { state: 'completed' }>;

/** The row an article row maps to, and the scenario size it was measured at. */
export interface Found {
  readonly row: Row;
  readonly scenario: ScenarioResult;
}

/** The counterpart's row: at its size, or at the largest size its experiment measured. */
export function findRow(results: ExperimentResults, counterpart: Pick<Counterpart, 'experiment' | 'rowKey' | 'items'>): Found | undefined {
  const run = results.get(counterpart.experiment);
  if (run === undefined) return undefined;
  const sizes = [...run.scenarios].sort((a, b) => b.items - a.items);
  const scenario = counterpart.items === undefined ? sizes[0] : sizes.find((s) => s.items === counterpart.items);
  const row = scenario?.rows.find((r) => r.key === counterpart.rowKey);
  return scenario === undefined || row === undefined ? undefined : { row, scenario };
}

export function isCompleted(row: Row | undefined): row is CompletedRow {
  return row?.state === 'completed';
}

/** Median of a list of numbers; null when empty. */
export function median(values: readonly number[]): number | null {
  return values.length === 0 ? null : ssMedian([...values]);
}

/** A counter's median over a row's measured trials; null when no trial recorded it. */
export function counterMedian(row: Row, name: string): number | null {
  return median(countedTrials(row).flatMap((t) => (t.counters[name] === undefined ? [] : [t.counters[name] as number])));
}

/** Cores kept busy on average over a whole trial: (user + sys) / real, from the medians. */
export function coresBusy(summary: RowSummary): number {
  return (summary.userSeconds.median + summary.sysSeconds.median) / summary.realSeconds.median;
}

/**
 * A metric of a completed row in its table unit: seconds, times (x) or percent. Speedup is the
 * baseline's median real time over this row's; null without a completed baseline.
 */
export function metricValue(row: Row | undefined, metric: Metric, baseline?: Row): number | null {
  if (!isCompleted(row)) return null;
  const s = row.summary;
  switch (metric) {
    case 'real':
      return s.realSeconds.median;
    case 'user':
      return s.userSeconds.median;
    case 'sys':
      return s.sysSeconds.median;
    case 'work':
      return s.workSeconds.median;
    case 'cpuUtil':
      return s.cpuUtilisation.median * 100;
    case 'coresBusy':
      return coresBusy(s);
    case 'speedup':
      return isCompleted(baseline) ? baseline.summary.realSeconds.median / s.realSeconds.median : null;
  }
}


/** Cores one kind of thread kept busy over the work window, and the seconds its threads waited for a core. */
export interface KindShare {
  readonly cores: number;
  readonly waitSeconds: number;
}

/**
 * Cores busy per thread kind over the work window (medians over the measured trials), read from
 * the per-thread account results carry on each trial (the threads instrument: available, windowSeconds,
 * kinds with cpuSeconds and waitSeconds). Undefined when the results do not carry it: a
 * reproduction never guesses where the CPU went.
 */
export function cpuByThreadKind(row: Row): Readonly<Record<string, KindShare>> | undefined {
  const accounts = countedTrials(row).map((t) => kindAccount(threadAccountOf(t)));
  if (accounts.length === 0 || accounts.some((a) => a === undefined)) return undefined;
  const present = accounts as Record<string, KindShare>[];
  const kinds = [...new Set(present.flatMap((a) => Object.keys(a)))];
  return Object.fromEntries(
    kinds.map((kind) => [
      kind,
      { cores: median(present.map((a) => a[kind]?.cores ?? 0)) ?? 0, waitSeconds: median(present.map((a) => a[kind]?.waitSeconds ?? 0)) ?? 0 },
    ]),
  );
}

/** One trial's account as cores per kind; undefined when absent, unavailable or malformed. */
function kindAccount(value: unknown): Record<string, KindShare> | undefined {
  const account = value as { available?: unknown; windowSeconds?: unknown; spanSeconds?: unknown; kinds?: unknown } | null | undefined;
  if (account?.available !== true || typeof account.windowSeconds !== 'number' || account.windowSeconds <= 0) return undefined;
  if (account.kinds === null || typeof account.kinds !== 'object') return undefined;
  // The CPU figures cover the readings' span (newer files record it), not only the work window.
  const window = readingSpanSeconds({ windowSeconds: account.windowSeconds, spanSeconds: typeof account.spanSeconds === 'number' ? account.spanSeconds : undefined });
  const shares: Record<string, KindShare> = {};
  for (const [kind, figures] of Object.entries(account.kinds as Record<string, unknown>)) {
    const f = figures as { cpuSeconds?: unknown; waitSeconds?: unknown } | null;
    if (typeof f?.cpuSeconds !== 'number') return undefined;
    shares[kind] = { cores: f.cpuSeconds / window, waitSeconds: typeof f.waitSeconds === 'number' ? f.waitSeconds : 0 };
  }
  return shares;
}

const s2 = (value: number): string => value.toFixed(value < 10 ? 2 : 1);

/**
 * Why a row came out as it did, from its own medians: real, user and sys, the cores kept busy,
 * CPU utilisation of this machine, the pool's start-up, and the CPU by thread kind where measured.
 */
export function explainRow(label: string, row: Row | undefined, cores: number): string {
  if (row === undefined) return `${label}: not measured.`;
  if (!isCompleted(row)) return `${label}: failed (${row.failure}).`;
  const s = row.summary;
  const busy = coresBusy(s);
  const parts = [
    `${label}: real ${s2(s.realSeconds.median)} s, user ${s2(s.userSeconds.median)} s, sys ${s2(s.sysSeconds.median)} s`,
    s.userSeconds.median > s.realSeconds.median
      ? `user > real: more than one core worked at once, ${busy.toFixed(2)} cores busy on average (CPU util ${(s.cpuUtilisation.median * 100).toFixed(0)}% of ${cores})`
      : `${busy.toFixed(2)} cores busy on average (CPU util ${(s.cpuUtilisation.median * 100).toFixed(0)}% of ${cores})`,
  ];
  if (s.startupSeconds.median > 0.005) parts.push(`start-up ${s2(s.startupSeconds.median)} s of it, work window ${s2(s.workSeconds.median)} s`);
  const kinds = cpuByThreadKind(row);
  if (kinds !== undefined) {
    const busy = Object.entries(kinds).filter(([, share]) => share.cores >= 0.005 || share.waitSeconds >= 0.005);
    parts.push(`in the work window, cores busy by thread kind: ${busy.map(([kind, share]) => `${kind} ${share.cores.toFixed(2)}${share.waitSeconds >= 0.005 ? ` (waited ${s2(share.waitSeconds)} s for a core)` : ''}`).join(', ')}`);
  }
  return `${parts.join('; ')}.`;
}
